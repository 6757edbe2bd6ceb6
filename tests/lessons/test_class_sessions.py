"""Class sessions: school-scoped recording, per-class progress and per-district totals."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lessons.classroom.sessions import (
    class_progress,
    district_totals,
    schools_recordable_by,
    schools_visible_to,
)
from lessons.models import ClassSession, Grade, Organisation
from lessons.school_year import school_year_of
from tests.factories import (
    ClassSessionFactory,
    RequiredLessonFactory,
    UserFactory,
    city,
    school,
)

pytestmark = pytest.mark.django_db

YEAR = 2026  # the school year 2026–2027
IN_YEAR = date(2026, 10, 15)


@pytest.fixture
def lesson():
    city()
    return RequiredLessonFactory(title="入学第一周，家长做什么")


@pytest.fixture
def hongxing():
    return school("红星小学", "hongxing")


@pytest.fixture
def qingshan():
    return school("青山小学", "qingshan")


def teacher_of(school_org):
    return UserFactory(groups=[school_org.teachers_group])


def _form(school_org, lesson, **overrides):
    return {
        "school": school_org.pk,
        "held_on": "2026-10-15",
        "grade": "p1",
        "class_name": "2班",
        "lesson": lesson.pk,
        "attendance": "38",
        **overrides,
    }


def test_a_teacher_records_a_session_for_their_school(client, lesson, hongxing):
    teacher = teacher_of(hongxing)
    client.force_login(teacher)
    response = client.post(reverse("class_sessions:add"), _form(hongxing, lesson))
    assert response.status_code == 302
    session = ClassSession.objects.get()
    assert (session.school, session.class_name, session.attendance) == (hongxing, "2班", 38)
    assert (session.recorded_by, session.school_year) == (teacher, YEAR)


def test_a_teacher_cannot_record_a_session_for_another_school(client, lesson, hongxing, qingshan):
    client.force_login(teacher_of(hongxing))
    response = client.post(reverse("class_sessions:add"), _form(qingshan, lesson))
    assert response.status_code == 200  # the form again, with an error on the school
    assert response.context["form"].errors["school"] == ["只能为本校记录家长课。"]
    assert not ClassSession.objects.exists()


def test_a_teacher_cannot_edit_another_schools_session(client, lesson, hongxing, qingshan):
    other = ClassSessionFactory(school=qingshan, lesson=lesson, held_on=IN_YEAR)
    client.force_login(teacher_of(hongxing))
    url = reverse("class_sessions:edit", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(hongxing, lesson)).status_code == 404
    other.refresh_from_db()
    assert other.school == qingshan


def test_a_teacher_cannot_delete_another_schools_session(client, lesson, hongxing, qingshan):
    other = ClassSessionFactory(school=qingshan, lesson=lesson, held_on=IN_YEAR)
    client.force_login(teacher_of(hongxing))
    assert client.post(reverse("class_sessions:delete", args=[other.pk])).status_code == 404
    assert ClassSession.objects.filter(pk=other.pk).exists()


def test_a_school_editor_can_see_but_not_record(lesson, hongxing):
    editor = UserFactory(groups=[hongxing.editors_group])
    assert list(schools_recordable_by(editor)) == []
    assert list(schools_visible_to(editor)) == [hongxing]


def test_the_city_sees_every_school(lesson, hongxing, qingshan):
    city_editor = UserFactory(groups=[city().editors_group])
    assert set(schools_visible_to(city_editor)) == {hongxing, qingshan}


def test_a_district_sees_only_its_schools(lesson, hongxing, qingshan):
    district = hongxing.parent.parent
    assert district.kind == Organisation.Kind.DISTRICT
    editor = UserFactory(groups=[district.editors_group])
    assert list(schools_visible_to(editor)) == [hongxing]


def test_a_session_in_the_future_is_refused(client, lesson, hongxing):
    client.force_login(teacher_of(hongxing))
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(reverse("class_sessions:add"), _form(hongxing, lesson, held_on=tomorrow))
    assert "held_on" in response.context["form"].errors
    assert not ClassSession.objects.exists()


def test_an_implausible_attendance_is_refused(client, lesson, hongxing):
    client.force_login(teacher_of(hongxing))
    response = client.post(
        reverse("class_sessions:add"), _form(hongxing, lesson, attendance="3000")
    )
    assert "attendance" in response.context["form"].errors


@pytest.mark.parametrize(
    "day, year",
    [(date(2026, 9, 1), 2026), (date(2027, 8, 31), 2026), (date(2027, 9, 1), 2027)],
)
def test_a_session_counts_toward_the_school_year_it_was_held_in(day, year):
    assert school_year_of(day) == year


def _hold(school_org, lesson, class_name, times, *, grade="p1", attendance=30, year=YEAR):
    for n in range(times):
        ClassSessionFactory(
            school=school_org,
            lesson=lesson,
            class_name=class_name,
            grade=Grade.objects.get(code=grade),
            held_on=date(year, 9, 20) + timedelta(days=30 * n),
            attendance=attendance,
        )


def test_per_class_progress_counts_sessions_of_the_year(lesson, hongxing):
    _hold(hongxing, lesson, "1班", 5)  # one more than required: still 4 of 4
    _hold(hongxing, lesson, "2班", 2)
    _hold(hongxing, lesson, "2班", 1, grade="p2")  # another class: 二年级2班
    _hold(hongxing, lesson, "2班", 3, year=YEAR - 1)  # last year does not count
    rows = class_progress(Organisation.objects.filter(pk=hongxing.pk), YEAR)
    assert [(r.grade, r.class_name, r.held, r.done, r.complete) for r in rows] == [
        ("一年级", "1班", 5, 4, True),
        ("一年级", "2班", 2, 2, False),
        ("二年级", "2班", 1, 1, False),
    ]


def test_per_district_totals_add_up(lesson, hongxing, qingshan):
    _hold(hongxing, lesson, "1班", 4, attendance=40)
    _hold(hongxing, lesson, "2班", 1, attendance=35)
    _hold(qingshan, lesson, "1班", 2, attendance=20)
    totals = district_totals(Organisation.objects.filter(kind="school"), YEAR)
    assert [
        (t.district, t.school_count, t.classes, t.complete_classes, t.sessions, t.attendance)
        for t in totals
    ] == [
        ("红星小学所在区", 1, 2, 1, 5, 195),
        ("青山小学所在区", 1, 1, 0, 2, 40),
    ]


def test_the_progress_page_shows_only_the_users_schools(client, lesson, hongxing, qingshan):
    _hold(hongxing, lesson, "1班", 3)
    _hold(qingshan, lesson, "7班", 1)
    client.force_login(UserFactory(groups=[hongxing.editors_group]))
    response = client.get(reverse("class_progress"), {"year": YEAR})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-done="3">3 / 4' in html
    assert "青山小学" not in html and "7班" not in html


def test_the_progress_page_needs_the_view_permission(client, lesson):
    client.force_login(UserFactory(is_staff=False))
    assert client.get(reverse("class_progress")).status_code in (302, 403)
