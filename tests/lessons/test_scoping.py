"""What an admin user of one organisation can see of another's: class sessions (every view
of their viewset, a lesson's usage) and draft pages in the page chooser (issue 14, 4 and 5)."""

import pytest
from django.urls import URLPattern, reverse
from wagtail.models import Page

from lessons.classroom.session_views import ClassSessionViewSet
from tests.factories import (
    ClassSessionFactory,
    ConceptLessonFactory,
    RequiredLessonFactory,
    UserFactory,
    city,
    school,
)

pytestmark = pytest.mark.django_db

SECRET_CLASS = "机密7班"


@pytest.fixture
def schools():
    city()
    return school("红星小学", "hongxing"), school("青山小学", "qingshan")


@pytest.fixture
def other_session(schools):
    _, qingshan = schools
    lesson = RequiredLessonFactory(title="入学第一周")
    return ClassSessionFactory(school=qingshan, lesson=lesson, class_name=SECRET_CLASS)


def _recorded_through_the_admin(client, session):
    """Give the session an audit log (history) the way the admin does: an edit by its teacher."""
    teacher = UserFactory(username="青山老师", groups=[session.school.teachers_group])
    client.force_login(teacher)
    response = client.post(
        reverse("class_sessions:edit", args=[session.pk]),
        {
            "school": session.school.pk,
            "held_on": session.held_on.isoformat(),
            "grade": session.grade.code,
            "class_name": SECRET_CLASS,
            "lesson": session.lesson.pk,
            "attendance": "31",
        },
    )
    assert response.status_code == 302
    client.logout()


def _object_patterns():
    """Every URL of the viewset that names one session (history, usage, edit, …)."""
    patterns = ClassSessionViewSet("class_sessions").get_urlpatterns()
    assert all(isinstance(p, URLPattern) for p in patterns)
    return [p.name for p in patterns if "pk" in p.pattern.converters]


def test_the_viewset_has_the_views_we_scope():
    # A new view (inspect, copy, …) turned on must be added to the scoping and to this list.
    assert sorted(_object_patterns()) == sorted(
        ["edit", "delete", "history", "history_results", "usage"]
    )


def _open_as_teacher_of(client, school, session, name):
    client.force_login(UserFactory(groups=[school.teachers_group]))
    return client.get(reverse(f"class_sessions:{name}", args=[session.pk]))


@pytest.mark.parametrize("name", _object_patterns())
def test_a_teacher_of_another_school_cannot_open_a_session(client, schools, other_session, name):
    _recorded_through_the_admin(client, other_session)
    hongxing, _ = schools
    response = _open_as_teacher_of(client, hongxing, other_session, name)
    assert response.status_code in (403, 404)
    html = response.content.decode()
    assert SECRET_CLASS not in html and "青山老师" not in html


@pytest.mark.parametrize("name", _object_patterns())
def test_the_sessions_own_teacher_can_open_it(client, schools, other_session, name):
    _recorded_through_the_admin(client, other_session)
    _, qingshan = schools
    response = _open_as_teacher_of(client, qingshan, other_session, name)
    assert response.status_code == 200


def test_the_history_shows_the_audit_log_to_the_schools_own_teacher(client, schools, other_session):
    _recorded_through_the_admin(client, other_session)
    client.force_login(UserFactory(groups=[other_session.school.teachers_group]))
    html = client.get(reverse("class_sessions:history", args=[other_session.pk])).content
    assert "青山老师" in html.decode()  # the test above would pass on an empty page


@pytest.mark.parametrize("name", ["index", "index_results"])
def test_the_listing_leaves_out_other_schools(client, schools, other_session, name):
    hongxing, _ = schools
    ClassSessionFactory(school=hongxing, lesson=other_session.lesson, class_name="自己的3班")
    client.force_login(UserFactory(groups=[hongxing.teachers_group]))
    html = client.get(reverse(f"class_sessions:{name}")).content.decode()
    assert "自己的3班" in html and SECRET_CLASS not in html


def test_a_lessons_usage_does_not_name_other_schools_sessions(client, schools):
    """A school's editor who also teaches there opens the usage of a lesson of their school
    that another school's teacher used: that session is "(private)", with no link."""
    hongxing, qingshan = schools
    lesson = RequiredLessonFactory(title="红星的必修课", parent=hongxing.section)
    # Reversing loads the admin's URLs, which registers the viewset, which puts class
    # sessions in Wagtail's reference index: from then on a saved session is indexed.
    usage_url = reverse("wagtailadmin_pages:usage", args=[lesson.pk])
    other = ClassSessionFactory(school=qingshan, lesson=lesson, class_name=SECRET_CLASS)
    client.force_login(UserFactory(groups=[hongxing.editors_group, hongxing.teachers_group]))
    response = client.get(usage_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "（私有家长课记录）" in html  # the session is listed, as a private one
    assert SECRET_CLASS not in html
    assert reverse("class_sessions:edit", args=[other.pk]) not in html


def test_the_site_history_does_not_show_other_schools_sessions(client, schools, other_session):
    _recorded_through_the_admin(client, other_session)
    hongxing, _ = schools
    client.force_login(UserFactory(groups=[hongxing.teachers_group]))
    response = client.get(reverse("wagtailadmin_reports:site_history"))
    html = response.content.decode()
    assert SECRET_CLASS not in html and "青山老师" not in html


# The page chooser (finding 5): live pages and the user's own drafts, nothing else.

DRAFT = "青山小学的保密草稿"


@pytest.fixture
def drafts(schools):
    hongxing, qingshan = schools
    theirs = ConceptLessonFactory(title=DRAFT, parent=qingshan.section, live=False)
    ours = ConceptLessonFactory(title="红星小学的草稿", parent=hongxing.section, live=False)
    live = ConceptLessonFactory(title="青山小学的公开课", parent=qingshan.section)
    return theirs, ours, live


def _search_chooser(client, q):
    response = client.get(reverse("wagtailadmin_choose_page_search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def _browse_chooser(client, parent):
    response = client.get(reverse("wagtailadmin_choose_page_child", args=[parent.pk]))
    assert response.status_code == 200
    return response.json()["html"]  # a modal step: JSON, its HTML in "html"


@pytest.mark.parametrize("role", ["editors_group", "teachers_group"])
def test_another_organisations_draft_is_not_in_the_page_chooser(client, schools, drafts, role):
    hongxing, qingshan = schools
    client.force_login(UserFactory(groups=[getattr(hongxing, role)]))
    assert DRAFT not in _search_chooser(client, "保密草稿")
    assert DRAFT not in _browse_chooser(client, qingshan.section)
    html = _search_chooser(client, "公开课")
    assert "青山小学的公开课" in html  # live pages can be chosen by everyone


def test_an_editor_finds_their_own_draft_in_the_page_chooser(client, schools, drafts):
    hongxing, _ = schools
    client.force_login(UserFactory(groups=[hongxing.editors_group]))
    assert "红星小学的草稿" in _search_chooser(client, "草稿")
    assert "红星小学的草稿" in _browse_chooser(client, hongxing.section)


def test_the_other_schools_editor_finds_the_draft(client, schools, drafts):
    _, qingshan = schools
    client.force_login(UserFactory(groups=[qingshan.editors_group]))
    assert DRAFT in _search_chooser(client, "保密草稿")
    assert DRAFT in _browse_chooser(client, qingshan.section)


def test_the_root_stays_browsable(client, schools, drafts):
    hongxing, _ = schools
    client.force_login(UserFactory(groups=[hongxing.teachers_group]))
    html = _browse_chooser(client, Page.get_first_root_node())
    assert city().section.get_parent().title in html


def test_the_migration_moves_earlier_entries_to_the_scoped_log(schools, other_session):
    from importlib import import_module

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from lessons.models import ClassSessionLogEntry

    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(other_session),
        object_id=str(other_session.pk),
        label=str(other_session),
        action="wagtail.create",
        timestamp=other_session.recorded_at,
    )
    import_module("lessons.migrations.0008_class_session_log").move_class_session_entries(
        apps, None
    )
    assert not ModelLogEntry.objects.filter(object_id=str(other_session.pk)).exists()
    (entry,) = ClassSessionLogEntry.objects.all()
    assert (entry.school, entry.label) == (other_session.school, str(other_session))
