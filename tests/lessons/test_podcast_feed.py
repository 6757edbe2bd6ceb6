"""The cloud classroom's podcast feed (/cloud-classroom/feed.xml) has what podcast directories
require, read by feedparser and by podcastparser (gPodder's parser): the artwork, owner,
author, category, explicit flag, summary, language, and per episode a guid, duration and an
enclosure with its length and type."""

import io
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser
import podcastparser
import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from lessons.programmes.feeds import ARTWORK, ITUNES
from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from tests.factories import EpisodeFactory
from tests.media_pipeline import clips

pytestmark = pytest.mark.django_db

URL = "/cloud-classroom/feed.xml"


@pytest.fixture
def feed_bytes(client, tmp_path):
    media = ingest_file(clips.audio_only(tmp_path / "第1期.m4a", seconds=3), "第1期音频")
    assert pipeline.transcode(media.pk) == "done"
    EpisodeFactory(title="双减之后怎样陪伴", video=media)
    EpisodeFactory(title="没有音频的一期")
    response = client.get(URL)
    assert response.status_code == 200
    return response.content


def test_the_artwork_is_a_square_jpeg_podcast_directories_accept():
    with Image.open(finders.find(ARTWORK)) as image:
        assert image.format == "JPEG" and image.mode == "RGB"
        assert image.size[0] == image.size[1] and 1400 <= image.size[0] <= 3000


def test_feedparser_reads_what_directories_require(client, feed_bytes, settings):
    feed = feedparser.parse(feed_bytes)
    assert not feed.bozo, feed.bozo_exception
    channel = feed.feed
    assert channel.title == "网上云课堂 · 点亮千万家" and channel.language == "zh-cn"
    assert urlsplit(channel.image.href).path == "/static/" + ARTWORK
    assert client.get(urlsplit(channel.image.href).path).status_code == 200
    assert channel.author_detail.name == "网上家长学校"
    assert channel.publisher_detail.email == settings.PODCAST_OWNER_EMAIL
    assert {tag.term for tag in channel.tags} >= {"Education", "Parenting"}
    # feedparser reads only "yes"/"clean"; "false" is Apple's spelling now (podcastparser: below)
    explicit = ElementTree.fromstring(feed_bytes).find(f"channel/{{{ITUNES}}}explicit")
    assert explicit.text == "false"
    assert channel.summary
    (entry,) = feed.entries
    assert entry.id.startswith("episode-") and entry.guidislink is False
    assert int(entry.itunes_duration) >= 2
    (enclosure,) = entry.enclosures
    assert enclosure.type == "audio/mpeg" and int(enclosure.length) > 0


def test_podcastparser_reads_title_episodes_enclosures_and_artwork(feed_bytes, settings):
    parsed = podcastparser.parse("http://localhost" + URL, io.BytesIO(feed_bytes))
    assert parsed["title"] == "网上云课堂 · 点亮千万家"
    assert parsed["cover_url"].endswith("/static/" + ARTWORK)
    assert parsed["itunes_owner"] == {"name": "网上家长学校", "email": settings.PODCAST_OWNER_EMAIL}
    assert ["Education"] in parsed["itunes_categories"]
    assert ["Kids & Family", "Parenting"] in parsed["itunes_categories"]
    assert parsed["explicit"] is False and parsed["language"] == "zh-cn"
    (episode,) = parsed["episodes"]
    assert episode["title"] == "第 1 期：双减之后怎样陪伴"
    assert episode["guid"].startswith("episode-") and episode["total_time"] >= 2
    (enclosure,) = episode["enclosures"]
    assert enclosure["mime_type"] == "audio/mpeg" and enclosure["file_size"] > 0
    assert enclosure["url"].startswith("http")


def test_the_owner_is_the_setting(client, feed_bytes, settings):
    settings.PODCAST_OWNER_NAME = "示范市教育局"
    settings.PODCAST_OWNER_EMAIL = "jzxx@edu.example.cn"
    channel = ElementTree.fromstring(client.get(URL).content).find("channel")
    owner = channel.find(f"{{{ITUNES}}}owner")
    assert owner.findtext(f"{{{ITUNES}}}name") == "示范市教育局"
    assert owner.findtext(f"{{{ITUNES}}}email") == "jzxx@edu.example.cn"
    assert channel.find(f"{{{ITUNES}}}image").get("href").startswith("http")
