"""Parents' pages: the grade picker, grade pages and lesson pages, as rendered HTML."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from lessons.site_address import absolute_url
from tests.factories import (
    ConceptLessonFactory,
    MicroLessonFactory,
    RequiredLessonFactory,
    SelfStudySeriesFactory,
    city,
)

ALL_GRADE_NAMES = ["小班", "中班", "大班", "一年级", "二年级", "三年级", "四年级", "五年级",
                   "六年级", "初一", "初二", "初三", "高一", "高二", "高三"]  # fmt: skip


def assert_publicly_cacheable(response):
    assert response.status_code == 200
    cache_control = response.headers["Cache-Control"]
    assert "public" in cache_control and "s-maxage=" in cache_control
    assert "Cookie" not in response.headers.get("Vary", "")
    assert not response.cookies


@pytest.fixture
def site(db):
    return city()


def test_home_without_cookie_shows_the_grade_picker(site, client):
    response = client.get("/")
    html = response.content.decode()
    assert "您的孩子在读几年级？" in html
    for name in ALL_GRADE_NAMES:
        assert f">{name}</a>" in html
    assert "private" in response.headers["Cache-Control"]


def test_home_with_grade_cookie_sends_parent_to_the_grade_page(site, client):
    client.cookies["grade"] = "p3"
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/grade/p3/"
    assert "private" in response.headers["Cache-Control"]


def test_home_ignores_an_unknown_grade_cookie(site, client):
    client.cookies["grade"] = "x9"
    assert client.get("/").status_code == 200


def test_choosing_a_grade_sets_the_cookie_and_redirects(site, client):
    response = client.get(reverse("choose_grade", args=["j1"]))
    assert response.status_code == 302
    assert response.headers["Location"] == "/grade/j1/"
    assert response.cookies["grade"].value == "j1"
    assert "private" in response.headers["Cache-Control"]


def test_grade_page_shows_what_fits_the_grade(site, client):
    MicroLessonFactory(title="如何陪一年级孩子写作业", stages=["primary"], grades=["p1"])
    MicroLessonFactory(title="初三家长如何缓解中考焦虑", stages=["junior"], grades=["j3"])
    ConceptLessonFactory(title="家校社协同育人，点亮千万家", all_stages=True)
    response = client.get(reverse("grade", args=["p1"]))
    assert_publicly_cacheable(response)
    html = response.content.decode()
    assert "小学 · 一年级家长课程" in html
    assert "如何陪一年级孩子写作业" in html
    assert "家校社协同育人，点亮千万家" in html
    assert "初三家长如何缓解中考焦虑" not in html


def test_grade_page_is_the_same_whatever_the_cookie(site, client):
    MicroLessonFactory(title="如何陪一年级孩子写作业", stages=["primary"], grades=["p1"])
    without = client.get("/grade/p1/").content
    client.cookies["grade"] = "s3"
    assert client.get("/grade/p1/").content == without


def test_unknown_grade_is_404(site, client):
    assert client.get("/grade/p9/").status_code == 404


def test_kind_list_paginates(site, client):
    for n in range(25):
        MicroLessonFactory(title=f"微课第{n}讲", stages=["primary"])
    first = client.get("/grade/p2/kind/micro/")
    assert_publicly_cacheable(first)
    assert first.content.decode().count('class="card"') == 20
    second = client.get("/grade/p2/kind/micro/?page=2").content.decode()
    assert second.count('class="card"') == 5


def test_topic_list(site, client):
    lesson = MicroLessonFactory(title="孩子沉迷手机怎么办", stages=["junior"])
    topic = lesson.topics.model.objects.create(name="沉迷网络")
    lesson.topics.add(topic)
    lesson.save()
    response = client.get(reverse("grade_topic", args=["j2", topic.pk]))
    assert_publicly_cacheable(response)
    assert "孩子沉迷手机怎么办" in response.content.decode()


def test_stage_page_lists_its_grades_and_lessons(site, client):
    MicroLessonFactory(title="高一生涯规划入门", stages=["senior"], grades=["s1"])
    response = client.get(reverse("stage", args=["senior"]))
    assert_publicly_cacheable(response)
    html = response.content.decode()
    assert "高一生涯规划入门" in html and "高三" in html


def test_concept_lesson_page(site, client):
    lesson = ConceptLessonFactory(title="新时代家庭教育的三个关键词", speaker="李教授")
    response = client.get(lesson.url)
    assert_publicly_cacheable(response)
    html = response.content.decode()
    assert "新时代家庭教育的三个关键词" in html and "李教授" in html and "理念引领课" in html


def test_required_lesson_page(site, client):
    lesson = RequiredLessonFactory(title="幼小衔接：做好入学准备", stages=["kindergarten"])
    response = client.get(lesson.url)
    assert_publicly_cacheable(response)
    html = response.content.decode()
    assert "孩子入学前，您最担心什么？" in html and "和孩子一起整理书包" in html
    assert "('points'" not in html


def test_self_study_series_page_lists_its_micro_lessons_in_order(site, client):
    series = SelfStudySeriesFactory(title="“双减”之后的课后时光")
    for title in ("专注写作业", "家庭阅读", "每天运动"):
        MicroLessonFactory(title=title, parent=series)
    response = client.get(series.url)
    assert_publicly_cacheable(response)
    html = response.content.decode()
    assert html.index("专注写作业") < html.index("家庭阅读") < html.index("每天运动")
    assert "本系列共 3 节微课" in html


def test_micro_lesson_page_links_its_neighbours_in_the_series(site, client):
    series = SelfStudySeriesFactory(title="亲子沟通四课")
    first = MicroLessonFactory(title="先听再说", parent=series)
    second = MicroLessonFactory(title="好好说“不”", parent=series, transcript="各位家长好。")
    response = client.get(second.url)
    assert_publicly_cacheable(response)
    html = response.content.decode()
    assert "亲子沟通四课" in html and "第 2 讲 / 共 2 讲" in html
    assert f'href="{first.url}"' in html and "各位家长好。" in html


def test_draft_lesson_is_not_served(site, client):
    lesson = MicroLessonFactory(title="草稿", live=False)
    assert client.get(lesson.url_path.removeprefix("/home")).status_code == 404


def test_pages_are_small_and_load_nothing_from_other_hosts(site, client):
    for n in range(12):
        MicroLessonFactory(title=f"家庭教育微课{n}", stages=["primary"])
    html = client.get("/grade/p4/").content.decode()
    assert len(html.encode()) < 40_000
    # Nothing is loaded from another host; the only absolute addresses are our own (the
    # canonical link, feed and oEmbed discovery: not loaded by the page).
    ours = urlsplit(absolute_url("/")).netloc
    for tag in BeautifulSoup(html, "html.parser").find_all(src=True):
        assert not re.match(r"(https?:)?//", tag["src"]), tag
    for tag in BeautifulSoup(html, "html.parser").find_all(href=re.compile(r"^(https?:)?//")):
        assert urlsplit(tag["href"]).netloc == ours, tag
        assert tag.name == "link" and set(tag["rel"]) <= {"canonical", "alternate"}, tag
