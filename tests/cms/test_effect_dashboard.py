"""效果追踪 (cms/effect): each editor sees the figures of the lessons they may edit (a school,
a district, the city), on the page and in the CSV; counts of 1–4 are "<5" everywhere, in the
charts too; ratings need 5 to be averaged; search misses are the city's, texts under 5 hidden;
a hostile period is the default; the number of queries does not grow with the lessons."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cms.effect.charts import Series, bar_chart
from cms.effect.coverage import latest_window
from cms.effect.period import DEFAULT_WEEKS
from lessons.feedback.counters import week_of
from lessons.models import HelpfulVotes, PlayCounts
from search.models import SearchMiss
from tests.factories import (
    ClassSessionFactory,
    ConceptLessonFactory,
    FirstLessonFactory,
    LessonCommentFactory,
    RequiredLessonFactory,
    UserFactory,
    city,
    school,
)

pytestmark = pytest.mark.django_db

THIS_WEEK = week_of()
LAST_WEEK = THIS_WEEK - timedelta(weeks=1)
LONG_AGO = THIS_WEEK - timedelta(weeks=60)  # outside every period offered


@pytest.fixture
def world():
    """The city, two schools in two districts, a lesson in each section and their counts."""
    the_city = city()
    hongxing, qingshan = school("红星小学", "hongxing"), school("青山小学", "qingshan")
    district = hongxing.parent.parent
    lessons = {
        "city": ConceptLessonFactory(title="市级课程", parent=the_city.section),
        "district": ConceptLessonFactory(title="区级课程", parent=district.section),
        "hongxing": ConceptLessonFactory(title="红星课程", parent=hongxing.section),
        "qingshan": ConceptLessonFactory(title="青山课程", parent=qingshan.section),
    }
    plays = {"city": (23, 20), "district": (8, 6), "hongxing": (7, 3), "qingshan": (11, 9)}
    for key, (started, completed) in plays.items():
        PlayCounts.objects.create(
            lesson=lessons[key], week=THIS_WEEK, started=started, completed=completed
        )
        PlayCounts.objects.create(lesson=lessons[key], week=LONG_AGO, started=4321, completed=4321)
    HelpfulVotes.objects.create(
        lesson=lessons["hongxing"], week=LAST_WEEK, helpful=6, not_helpful=2
    )
    HelpfulVotes.objects.create(lesson=lessons["qingshan"], week=LAST_WEEK, helpful=50)
    LessonCommentFactory(lesson=lessons["hongxing"])
    editors = {
        "school": UserFactory(username="红星编辑", groups=[hongxing.editors_group]),
        "district": UserFactory(username="区编辑", groups=[district.editors_group]),
        "city": UserFactory(username="市编辑", groups=[the_city.editors_group]),
    }
    return {"lessons": lessons, "editors": editors, "hongxing": hongxing, "qingshan": qingshan}


SCOPES = {
    "school": {"红星课程"},
    "district": {"区级课程", "红星课程"},
    "city": {"市级课程", "区级课程", "红星课程", "青山课程"},
}


def _page(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("effect_dashboard"), params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def _table(soup, name) -> dict[str, list[str]]:
    rows = soup.select(f"table[data-table={name}] tbody tr")
    cells = [[td.get_text(strip=True) for td in row.find_all("td")] for row in rows]
    return {c[0]: c[1:] for c in cells if len(c) > 1}


def _csv(client, user, **params) -> list[list[str]]:
    client.force_login(user)
    response = client.get(reverse("effect_export"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the Chinese titles as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))[1:]


@pytest.mark.parametrize("who", ["school", "district", "city"])
def test_each_editor_sees_exactly_their_scopes_figures(client, world, who):
    editor = world["editors"][who]
    soup = _page(client, editor)
    assert set(_table(soup, "plays")) == SCOPES[who]
    rows = _csv(client, editor)
    assert {row[1] for row in rows} == SCOPES[who]
    assert {row[2] for row in rows} == {THIS_WEEK.isoformat()} | (
        {LAST_WEEK.isoformat()} if "红星课程" in SCOPES[who] else set()
    )
    html = str(soup)
    for title in SCOPES["city"] - SCOPES[who]:
        assert title not in html
    assert "4321" not in html  # the counts before the period


def test_small_counts_are_masked_on_the_page_and_in_the_csv(client, world):
    editor = world["editors"]["school"]
    soup = _page(client, editor)
    assert _table(soup, "plays")["红星课程"] == ["7", "<5"]
    assert _table(soup, "votes")["红星课程"] == ["6", "<5"]
    assert _table(soup, "comments")["红星课程"] == ["<5", "<5"]  # one comment, new
    weeks = _table(soup, "weeks")
    assert weeks[THIS_WEEK.isoformat()] == ["7", "<5", "0", "0"]
    assert weeks[LAST_WEEK.isoformat()] == ["0", "0", "6", "<5"]
    by_week = {row[2]: row[3:] for row in _csv(client, editor)}
    assert by_week[THIS_WEEK.isoformat()] == ["7", "<5", "0", "0", "<5"]
    assert by_week[LAST_WEEK.isoformat()] == ["0", "0", "6", "<5", "0"]


def test_a_masked_week_is_a_hatched_bar_that_does_not_tell_the_number(client, world):
    soup = _page(client, world["editors"]["school"])
    svg = soup.select_one("svg#effect-plays")
    assert svg["role"] == "img" and svg.find("title") and svg.find("desc")
    masked = svg.select_one(f"rect[data-week='{THIS_WEEK}'][data-series=completed]")
    assert masked["data-masked"] == "true" and "hatch" in masked["fill"]
    assert masked.find("title").get_text().endswith("<5")
    shown = svg.select_one(f"rect[data-week='{THIS_WEEK}'][data-series=started]")
    assert shown.find("title").get_text().endswith("7")

    def chart(small):
        mondays = [LAST_WEEK, THIS_WEEK]
        return bar_chart("c", "t", "d", mondays, [Series("s", "S", [9, small], "#000")])

    assert chart(1) == chart(4)  # nothing in the markup tells 1 from 4


def _rated(lesson, at, ratings, sessions=None):
    for n in range(sessions or ratings):
        ClassSessionFactory(
            school=at,
            lesson=lesson,
            class_name=f"{n + 1}班",
            how_it_worked=4 if n < ratings else None,
        )


def test_ratings_are_averaged_from_five_and_sessions_follow_the_lesson(client, world):
    hongxing, qingshan = world["hongxing"], world["qingshan"]
    four = RequiredLessonFactory(title="四次评价", parent=hongxing.section)
    five = RequiredLessonFactory(title="五次评价", parent=hongxing.section)
    theirs = RequiredLessonFactory(title="青山必修课", parent=qingshan.section)
    _rated(four, hongxing, 4)
    _rated(five, hongxing, 3)
    _rated(five, qingshan, 2)  # another school used the lesson: it counts for the lesson
    _rated(theirs, qingshan, 6)

    sessions = _table(_page(client, world["editors"]["school"]), "sessions")
    assert sessions["四次评价"] == ["<5", "<5", "<5", "—"]
    assert sessions["五次评价"] == ["5", "<5", "5", "4.0"]
    assert "青山必修课" not in sessions
    city_sessions = _table(_page(client, world["editors"]["city"]), "sessions")
    assert city_sessions["青山必修课"] == ["6", "<5", "6", "4.0"]


def test_first_lesson_reach_per_grade_for_the_scope(client, world):
    window = latest_window(timezone.localdate())
    year = window.school_year
    p1 = FirstLessonFactory(
        title="一年级第一课", school_year=year, transition="p1", stages=["primary"], grades=["p1"]
    )
    p2_p3 = FirstLessonFactory(
        title="二三年级第一课", school_year=year, transition="year", stages=["primary"],
        grades=["p2", "p3"],
    )  # fmt: skip
    PlayCounts.objects.create(lesson=p1, week=week_of(window.first_day), started=9, completed=2)
    PlayCounts.objects.create(lesson=p2_p3, week=week_of(window.last_day), started=5, completed=5)
    after = week_of(window.last_day) + timedelta(weeks=1)  # after the window: not counted
    PlayCounts.objects.create(lesson=p1, week=after, started=100, completed=100)
    reach = _table(_page(client, world["editors"]["city"]), "reach")
    assert reach["一年级"] == ["1", "9", "<5"]
    assert reach["二年级"] == reach["三年级"] == ["1", "5", "5"]  # counted in each grade
    assert reach["四年级"] == ["0", "0", "0"]
    school_reach = _table(_page(client, world["editors"]["school"]), "reach")
    assert school_reach["一年级"] == ["0", "0", "0"]  # the city's first lesson is not theirs


def test_search_misses_are_the_citys_and_rare_texts_are_hidden(client, world):
    SearchMiss.objects.create(text="孩子不爱说话", week=THIS_WEEK, count=3)
    SearchMiss.objects.create(text="孩子不爱说话", week=LAST_WEEK, count=3)
    SearchMiss.objects.create(text="王小明的作业", week=THIS_WEEK, count=2)
    SearchMiss.objects.create(text="早恋", week=THIS_WEEK, count=4)
    soup = _page(client, world["editors"]["city"])
    assert _table(soup, "misses") == {"孩子不爱说话": ["6"]}
    assert "王小明" not in str(soup)
    assert "<5" in soup.select_one("[data-misses-hidden]").get_text()
    for who in ("school", "district"):
        html = str(_page(client, world["editors"][who]))
        assert "孩子不爱说话" not in html and 'data-table="misses"' not in html


HOSTILE_WEEKS = ["", "0", "-1", "abc", "9" * 5000, "12.0", "²", "\x00", "1e9", "１２", "52", "4"]


def test_a_hostile_period_is_the_default_never_a_500(client, world):
    editor = world["editors"]["city"]
    for weeks in HOSTILE_WEEKS:
        soup = _page(client, editor, weeks=weeks)
        expected = int(weeks) if weeks in ("52", "4") else DEFAULT_WEEKS
        assert len(_table(soup, "weeks")) == expected, weeks
        assert _csv(client, editor, weeks=weeks)


def _queries(client, user) -> tuple[int, int]:
    client.force_login(user)
    counts = []
    for name in ("effect_dashboard", "effect_export"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        counts.append(len(queries))
    return tuple(counts)


def test_the_queries_do_not_grow_with_the_lessons(client, world, django_assert_max_num_queries):
    editor = world["editors"]["district"]
    before = _queries(client, editor)
    section = world["hongxing"].section
    for n in range(6):
        lesson = ConceptLessonFactory(title=f"更多课程{n}", parent=section)
        PlayCounts.objects.create(lesson=lesson, week=THIS_WEEK, started=10 + n)
        HelpfulVotes.objects.create(lesson=lesson, week=THIS_WEEK, helpful=n)
        LessonCommentFactory(lesson=lesson)
        ClassSessionFactory(school=world["hongxing"], lesson=RequiredLessonFactory(parent=section))
    assert _queries(client, editor) == before
    client.force_login(editor)
    with django_assert_max_num_queries(25):
        client.get(reverse("effect_dashboard"))


def test_a_user_without_a_scope_is_turned_away(client, world):
    teacher = UserFactory(groups=[world["hongxing"].teachers_group])
    client.force_login(teacher)
    for name in ("effect_dashboard", "effect_export"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "市级课程" not in response.content.decode()
    home = client.get(reverse("wagtailadmin_home"), follow=True).content.decode()
    assert reverse("effect_dashboard") not in home
    client.force_login(world["editors"]["school"])
    assert reverse("effect_dashboard") in client.get(reverse("wagtailadmin_home")).content.decode()
