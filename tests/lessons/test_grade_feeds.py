"""The feed per grade (/grade/<grade>/feed.xml, lessons/programmes/grade_feeds.py) and the
feed autodiscovery on the pages listeners land on (lessons/embeds/discovery.py): read by
feedparser and by podcastparser (gPodder's parser, a real podcast client's)."""

import io
from urllib.parse import urljoin, urlsplit

import feedparser
import podcastparser
import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from wagtail.models import PageViewRestriction

from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from tests.factories import ConceptLessonFactory, EpisodeFactory, MicroLessonFactory, city
from tests.media_pipeline import clips

pytestmark = pytest.mark.django_db

RSS = "application/rss+xml"


def media_file(enclosure_url: str) -> bytes:
    path = urlsplit(enclosure_url).path.removeprefix(settings.MEDIA_URL)
    with open(f"{settings.MEDIA_ROOT}/{path}", "rb") as fh:
        return fh.read()


@pytest.fixture
def lessons(tmp_path):
    city()
    video = ingest_file(clips.video(tmp_path / "v.mp4", seconds=2), "视频")
    audio = ingest_file(clips.audio_only(tmp_path / "a.m4a", seconds=2), "音频")
    assert pipeline.transcode(video.pk) == "done" and pipeline.transcode(audio.pk) == "done"
    return {
        "p1_video": MicroLessonFactory(
            title="一年级：入学第一周", stages=["primary"], grades=["p1"], video=video
        ),
        "p1_audio": ConceptLessonFactory(
            title="一年级：听一听", stages=["primary"], grades=["p1"], video=audio
        ),
        "primary": ConceptLessonFactory(title="小学：习惯养成", stages=["primary"]),
        "everyone": ConceptLessonFactory(title="所有学段：亲子沟通", all_stages=True),
        "junior": MicroLessonFactory(title="初一：青春期", stages=["junior"], grades=["j1"]),
        "draft": MicroLessonFactory(
            title="一年级草稿", stages=["primary"], grades=["p1"], live=False
        ),
        "private": MicroLessonFactory(title="一年级校内课", stages=["primary"], grades=["p1"]),
    }


def test_the_grade_feed_lists_that_grades_lessons_only(client, lessons):
    PageViewRestriction.objects.create(page=lessons["private"], restriction_type="login")
    response = client.get("/grade/p1/feed.xml")
    assert response.status_code == 200 and "public" in response["Cache-Control"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "一年级家长课程 · 最新"
    assert feed.feed.language == "zh-cn"
    titles = {entry.title for entry in feed.entries}
    assert titles == {
        "一年级：入学第一周",
        "一年级：听一听",
        "小学：习惯养成",
        "所有学段：亲子沟通",
    }
    junior = {
        entry.title for entry in feedparser.parse(client.get("/grade/j1/feed.xml").content).entries
    }
    assert junior == {"初一：青春期", "所有学段：亲子沟通"}
    by_title = {entry.title: entry for entry in feed.entries}
    lesson = by_title["一年级：入学第一周"]
    assert urlsplit(lesson.link).path == lessons["p1_video"].url
    assert lesson.published_parsed and lesson.summary == "帮助家长理解孩子成长的规律。"
    assert lesson.id == f"lesson-{lessons['p1_video'].pk}"
    (video,) = lesson.enclosures
    assert video.type == "video/mp4" and int(video.length) == len(media_file(video.href))
    (audio,) = by_title["一年级：听一听"].enclosures
    assert audio.type == "audio/mp4" and int(audio.length) == len(media_file(audio.href))
    assert by_title["小学：习惯养成"].enclosures == []  # no media: a plain item


def test_podcastparser_reads_the_grade_feed(client, lessons):
    url = "http://localhost/grade/p1/feed.xml"
    parsed = podcastparser.parse(url, io.BytesIO(client.get("/grade/p1/feed.xml").content))
    assert parsed["title"] == "一年级家长课程 · 最新"
    episodes = {episode["title"]: episode for episode in parsed["episodes"]}
    (enclosure,) = episodes["一年级：入学第一周"]["enclosures"]
    assert enclosure["mime_type"] == "video/mp4" and enclosure["file_size"] > 0
    (enclosure,) = episodes["一年级：听一听"]["enclosures"]
    assert enclosure["mime_type"] == "audio/mp4"


def test_a_hostile_grade_is_a_404(client):
    for grade in ("x9", "P1", "p1 ", "%00", "..", "p1%2F..", "9" * 300, "一年级"):
        assert client.get(f"/grade/{grade}/feed.xml").status_code == 404, grade


def test_the_grade_page_leads_to_its_feed(client, lessons):
    page = BeautifulSoup(client.get("/grade/p1/").content, "html.parser")
    links = {link["href"]: link for link in page.find_all("link", rel="alternate", type=RSS)}
    grade_feed = next(href for href in links if "/grade/p1/" in href)
    assert links[grade_feed]["title"] == "一年级家长课程 · 最新"
    response = client.get(urljoin("/grade/p1/", grade_feed))
    feed = feedparser.parse(response.content)
    assert not feed.bozo and "一年级：入学第一周" in {e.title for e in feed.entries}
    assert "/cloud-classroom/feed.xml" in links  # the podcast too (this week's episode slot)


def test_kind_and_topic_lists_lead_to_their_grades_feed(client, lessons):
    page = BeautifulSoup(client.get("/grade/p1/kind/micro/").content, "html.parser")
    hrefs = [link["href"] for link in page.find_all("link", rel="alternate", type=RSS)]
    assert hrefs == ["/grade/p1/feed.xml"]


@pytest.mark.parametrize("url", ["/", "/grade/"])
def test_home_and_grade_picker_lead_to_the_podcast(client, url):
    city()
    page = BeautifulSoup(client.get(url).content, "html.parser")
    hrefs = [link["href"] for link in page.find_all("link", rel="alternate", type=RSS)]
    assert hrefs == ["/cloud-classroom/feed.xml"]


def test_the_programme_and_episode_pages_lead_to_the_podcast(client):
    city()
    episode = EpisodeFactory(title="双减之后怎样陪伴")
    for url in (episode.get_parent().url, episode.url):
        page = BeautifulSoup(client.get(url).content, "html.parser")
        (link,) = page.find_all("link", rel="alternate", type=RSS)
        assert link["href"] == "/cloud-classroom/feed.xml"
        assert link["title"] == "网上云课堂 · 点亮千万家"


def test_other_pages_advertise_no_feed(client, lessons):
    for url in (lessons["primary"].url, "/search/", "/stage/primary/"):
        assert RSS not in client.get(url).content.decode(), url
