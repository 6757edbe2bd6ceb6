"""我的学习 with no account (issue 19): the record lives in the parent's browser, so every
public page is the same for everyone and cacheable; /my/ carries the rules its script needs.
(The script itself, in real Chromium: test_my_learning_browser.py.)"""

import gzip
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

from cms.my_learning import learning_data
from lessons.stars import STAR_LEVELS, star_rules, stars_for
from tests.factories import (
    ConceptLessonFactory,
    MicroLessonFactory,
    RequiredLessonFactory,
    SelfStudySeriesFactory,
    city,
)

from .test_parent_pages import assert_publicly_cacheable

LEARNING_JS = "lessons/learning.js"
CERTIFICATE_JS = "lessons/record_certificate.js"  # both send only when the parent taps
BACKUP_JS = "lessons/record_backup.js"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# What a browser with a record might send: cookies, storage-derived headers, a Referer, …
WITH_A_RECORD = {
    "HTTP_COOKIE": "grade=p3; ps-learning-v1=%7B%22v%22%3A1%7D",  # never a session: editors only
    "HTTP_X_LEARNING": '{"v":1,"lessons":{"1":{"learned_at":1}}}',
    "HTTP_REFERER": "/my/",
    "HTTP_ACCEPT_LANGUAGE": "en",
    "HTTP_USER_AGENT": "Mozilla/5.0 MicroMessenger/8.0",
}


@pytest.fixture
def site(db):
    return city()


def data_block(html: str) -> dict:
    block = BeautifulSoup(html, "html.parser").find("script", id="my-learning-data")
    assert block is not None and block["type"] == "application/json"
    return json.loads(block.get_text())


def test_my_learning_is_public_cacheable_and_sets_no_cookie(site, client):
    response = client.get(reverse("my_learning"))
    assert reverse("my_learning") == "/my/"
    assert_publicly_cacheable(response)
    assert "Set-Cookie" not in response.headers
    html = response.content.decode()
    assert "我的学习" in html and "清除这部手机上的学习记录" in html
    scripts = BeautifulSoup(html, "html.parser").find_all("script", src=True)
    assert sorted((s["src"], s.has_attr("defer")) for s in scripts) == sorted(
        (static(script), True) for script in (LEARNING_JS, CERTIFICATE_JS, BACKUP_JS)
    )


def test_my_learning_carries_the_year_kinds_star_rules_and_words(site, client):
    data = data_block(client.get("/my/").content.decode())
    assert data["stars"] == json.loads(json.dumps(star_rules()))
    assert [level["stars"] for level in data["stars"]] == [1, 2, 3]
    assert data["stars"][0]["needs"] == {"first_lesson": 1}
    assert data["stars"][2]["needs"] == {"first_lesson": 1, "required": 2, "micro": 5}
    labels = {kind["code"]: kind["label"] for kind in data["kinds"]}
    assert labels["required"] == "必修课" and labels["micro"] == "微课"
    assert "first_lesson" in labels and data["first_lesson_kind"] == "first_lesson"
    assert data["strings"]["stars"] == "{n} 星家长"
    assert "{time}" in data["strings"]["continue_from"]
    html = client.get("/my/").content.decode()
    for level in STAR_LEVELS:  # the rules are shown to parents, not only to the script
        assert str(level.description) in html


@pytest.mark.parametrize(
    ("today", "start", "end", "label"),
    [
        (date(2026, 11, 28), datetime(2026, 9, 1), datetime(2027, 9, 1), "2026–2027"),
        (date(2026, 8, 31), datetime(2025, 9, 1), datetime(2026, 9, 1), "2025–2026"),
    ],
)
def test_the_school_years_bounds_come_from_the_school_year_rule(today, start, end, label):
    year = learning_data(today)["year"]
    assert year["label"] == label
    assert year["start"] == int(start.replace(tzinfo=SHANGHAI).timestamp() * 1000)
    assert year["end"] == int(end.replace(tzinfo=SHANGHAI).timestamp() * 1000)


def test_star_levels_are_cumulative():
    assert stars_for({}) == 0
    assert stars_for({"required": 9, "micro": 9}) == 0  # the first lesson comes first
    assert stars_for({"first_lesson": 1}) == 1
    assert stars_for({"first_lesson": 1, "required": 2}) == 2
    assert stars_for({"first_lesson": 1, "required": 1, "micro": 5}) == 1
    assert stars_for({"first_lesson": 1, "required": 2, "micro": 5}) == 3


def test_a_lesson_page_carries_the_lesson_for_the_script_the_same_for_everyone(site, client):
    lesson = MicroLessonFactory(title="孩子写作业拖拉怎么办")
    response = client.get(lesson.url)
    assert_publicly_cacheable(response)
    page = BeautifulSoup(response.content.decode(), "html.parser")
    [holder] = page.select("[data-learning-lesson]")
    assert holder["data-id"] == str(lesson.pk) and holder["data-kind"] == "micro"
    assert holder["data-title"] == "孩子写作业拖拉怎么办" and holder["data-url"] == lesson.url
    resume = holder.select_one("[data-learning-continue]")
    assert resume.has_attr("hidden") and "{time}" in resume["data-label"]
    assert resume["data-label"].startswith("继续学习")
    toggle = holder.select_one("[data-learning-toggle]")
    assert toggle.has_attr("hidden")
    assert (toggle["data-label-mark"], toggle["data-label-done"]) == ("标记为已学", "已学 ✓")
    assert page.select_one(f'footer a[href="{reverse("my_learning")}"]').get_text() == "我的学习"


def test_public_pages_are_byte_identical_whatever_the_browser_keeps(site, client):
    required = RequiredLessonFactory(title="入学第一周，家长做什么")
    urls = [
        reverse("grade", args=["p1"]),
        MicroLessonFactory(title="先听再说").url,
        ConceptLessonFactory().url,
        SelfStudySeriesFactory().url,
        required.url,
        reverse("my_learning"),
    ]
    for url in urls:
        plain = client.get(url)
        with_record = client.get(url, **WITH_A_RECORD)
        assert plain.content == with_record.content, url
        for response in (plain, with_record):
            assert_publicly_cacheable(response)
            assert "Set-Cookie" not in response.headers, url
        assert plain.headers["Cache-Control"] == with_record.headers["Cache-Control"], url


def test_the_grade_page_has_a_hidden_continue_cue(site, client):
    page = BeautifulSoup(client.get("/grade/p1/").content.decode(), "html.parser")
    cue = page.select_one("[data-learning-cue]")
    assert cue.has_attr("hidden") and "继续学习" in cue.get_text()
    assert page.find("script", src=static(LEARNING_JS)).has_attr("defer")


def test_the_script_is_small_es5_and_sends_only_two_anonymous_counts():
    code = open(finders.find(LEARNING_JS), encoding="utf-8").read()
    assert len(gzip.compress(code.encode())) < 5_000
    code_only = code.split("*/", 1)[1]  # past the header comment
    assert "=>" not in code_only and "`" not in code_only
    for word in ("let ", "const ", "class "):
        assert word not in code_only
    assert code_only.count("sendBeacon(") == 1 and "'/stats/plays/'" in code_only
    assert "fetch(" not in code_only and "XMLHttpRequest" not in code_only
    assert "document.cookie" not in code_only
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in code_only), "words live in templates"


def test_pages_stay_small_with_the_script_deferred(site, client):
    lesson = MicroLessonFactory(title="先听再说")
    for url in (lesson.url, "/grade/p1/", "/my/"):
        html = client.get(url).content
        assert len(gzip.compress(html)) < 6_000, url
