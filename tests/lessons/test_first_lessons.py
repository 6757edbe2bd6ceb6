"""家长开学第一课: the right first lesson for every grade, in and out of the window; the checklist."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from lessons.access import provision_review
from lessons.programmes.first_lessons import checklist
from lessons.school_year import coming_school_year, school_year_of
from tests.factories import FirstLessonFactory, UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
STAGE_OF = {"k": "kindergarten", "p": "primary", "j": "junior", "s": "senior"}
# title -> (transition, grades)
FULL_SET = {
    "2026全学段开学第一课": ("all", []),
    "2026小班新生家长第一课": ("k1", ["k1"]),
    "2026一年级新生家长第一课": ("p1", ["p1"]),
    "2026初一新生家长第一课": ("j1", ["j1"]),
    "2026高一新生家长第一课": ("s1", ["s1"]),
    "2026幼儿园中大班学年衔接": ("year", ["k2", "k3"]),
    "2026小学中高年级学年衔接": ("year", ["p2", "p3", "p4", "p5", "p6"]),
    "2026初二初三学年衔接": ("year", ["j2", "j3"]),
    "2026高二高三学年衔接": ("year", ["s2", "s3"]),
}
EXPECTED = {
    "k1": "2026小班新生家长第一课", "k2": "2026幼儿园中大班学年衔接", "k3": "2026幼儿园中大班学年衔接",
    "p1": "2026一年级新生家长第一课", **{f"p{n}": "2026小学中高年级学年衔接" for n in range(2, 7)},
    "j1": "2026初一新生家长第一课", "j2": "2026初二初三学年衔接", "j3": "2026初二初三学年衔接",
    "s1": "2026高一新生家长第一课", "s2": "2026高二高三学年衔接", "s3": "2026高二高三学年衔接",
}  # fmt: skip


def make(title, transition, grades, **kwargs):
    if transition == "all":
        return FirstLessonFactory(title=title, transition="all", all_stages=True, **kwargs)
    stages = sorted({STAGE_OF[g[0]] for g in grades})
    return FirstLessonFactory(
        title=title, transition=transition, stages=stages, grades=grades, **kwargs
    )


@pytest.fixture
def full_set(db):
    for title, (transition, grades) in FULL_SET.items():
        make(title, transition, grades)
    make("2025一年级新生家长第一课", "p1", ["p1"], school_year=2025)


def titles_on_grade_page(client, grade, day):
    with time_machine.travel(datetime(*day, 10, 0, tzinfo=SHANGHAI), tick=False):
        html = client.get(f"/grade/{grade}/").content.decode()
    return {title for title in [*FULL_SET, "2025一年级新生家长第一课"] if title in html}


@pytest.mark.parametrize("grade", list(EXPECTED))
def test_inside_the_window_each_grade_sees_its_own_and_the_all_stages_lesson(
    full_set, client, grade
):
    assert titles_on_grade_page(client, grade, (2026, 9, 1)) == {
        EXPECTED[grade], "2026全学段开学第一课",
    }  # fmt: skip


@pytest.mark.parametrize("grade", list(EXPECTED))
def test_outside_the_window_no_first_lesson_is_pinned(full_set, client, grade):
    assert titles_on_grade_page(client, grade, (2026, 11, 24)) == set()


def test_window_edges(full_set, client):
    assert titles_on_grade_page(client, "p1", (2026, 8, 15))
    assert titles_on_grade_page(client, "p1", (2026, 10, 15))
    assert not titles_on_grade_page(client, "p1", (2026, 8, 14))
    assert not titles_on_grade_page(client, "p1", (2026, 10, 16))


def test_a_window_opening_in_july_pins_the_year_about_to_start(full_set, client, settings):
    settings.FIRST_LESSON_WINDOW = ((7, 1), (10, 15))
    assert titles_on_grade_page(client, "p1", (2026, 7, 31)) == {
        "2026一年级新生家长第一课", "2026全学段开学第一课",
    }  # fmt: skip
    assert not titles_on_grade_page(client, "p1", (2026, 6, 30))


def test_archive_lists_every_school_year(full_set, client):
    from lessons.models import FirstLessonProgramme

    html = client.get(FirstLessonProgramme.objects.get().url).content.decode()
    assert "2026–2027" in html and "2025–2026" in html
    assert html.index("2026–2027") < html.index("2025–2026")


def test_school_years():
    from datetime import date

    assert school_year_of(date(2026, 11, 24)) == 2026
    assert school_year_of(date(2027, 3, 1)) == 2026
    assert coming_school_year(date(2026, 6, 1)) == 2026
    assert coming_school_year(date(2026, 11, 24)) == 2027


@pytest.mark.django_db
def test_checklist_shows_live_in_review_draft_and_missing():
    provision_review()
    make("全学段", "all", [])
    submitted = make("一年级", "p1", ["p1"], live=False)
    make("初一", "j1", ["j1"], live=False)
    make("小学中高年级", "year", ["p2", "p3"])
    user = UserFactory(username="editor")
    submitted.save_revision(user=user)
    submitted.get_workflow().start(submitted, user)

    rows = {row.label: row.status for row in checklist(2026)["rows"]}
    assert rows["全学段"] == "live"
    assert rows["新一年级家长（一年级）"] == "in_review"
    assert rows["新初一家长（初一）"] == "draft"
    assert rows["新小班家长（小班）"] == "missing"
    assert rows["学年衔接：二年级"] == "live" and rows["学年衔接：三年级"] == "live"
    assert rows["学年衔接：四年级"] == "missing"
    assert len(rows) == 5 + 11


@pytest.mark.django_db
def test_checklist_admin_page(client):
    make("全学段", "all", [], school_year=2027)
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    with time_machine.travel(datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI), tick=False):
        html = client.get(reverse("first_lesson_checklist")).content.decode()
    assert "2027–2028" in html and "全学段" in html and "缺失" in html


def test_picker_shows_the_all_stages_first_lesson_in_the_window(full_set, client):
    with time_machine.travel(datetime(2026, 9, 1, 10, 0, tzinfo=SHANGHAI), tick=False):
        html = client.get("/grade/").content.decode()
    assert "2026全学段开学第一课" in html and "2026一年级新生家长第一课" not in html
