"""Markup typed into an episode's summary stays text in the audio feed (issue 14, finding 7)."""

import html
from xml.etree import ElementTree

import feedparser
import pytest
from django.utils.html import escape

from lessons.programmes.feeds import ITUNES
from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from tests.factories import EpisodeFactory
from tests.media_pipeline import clips

pytestmark = pytest.mark.django_db

SUMMARY = '家长 & 孩子 <script>alert(1)</script><img src=x onerror="alert(2)"> <b>粗体</b>'


@pytest.fixture
def feed_response(client, tmp_path):
    media = ingest_file(clips.audio_only(tmp_path / "第1期.m4a", seconds=2), "第1期音频")
    assert pipeline.transcode(media.pk) == "done"
    EpisodeFactory(title="双减之后怎样陪伴", summary=SUMMARY, video=media)
    response = client.get("/cloud-classroom/feed.xml")
    assert response.status_code == 200
    return response


def test_a_feed_reader_shows_the_summary_as_text_not_markup(feed_response):
    feed = feedparser.parse(feed_response.content)
    assert not feed.bozo, feed.bozo_exception
    (entry,) = feed.entries
    # <description>: HTML with no tag in it, which reads as the summary as it was typed.
    assert entry.summary_detail.type == "text/html"
    assert "<" not in entry.summary_detail.value
    assert html.unescape(entry.summary_detail.value) == SUMMARY
    # <itunes:summary> (feedparser's content): plain text, no tag either way it is read.
    (content,) = entry.content
    assert content.type == "text/plain"
    assert content.value == _fullwidth(SUMMARY) and "<" not in content.value


def test_the_description_is_the_escaped_summary_and_the_itunes_summary_has_no_tags(
    feed_response,
):
    item = ElementTree.fromstring(feed_response.content).find("channel/item")
    assert item.findtext("description") == escape(SUMMARY)
    itunes_summary = item.findtext(f"{{{ITUNES}}}summary")
    assert "<" not in itunes_summary and ">" not in itunes_summary
    assert itunes_summary == _fullwidth(SUMMARY)


def _fullwidth(text):
    return text.replace("<", "＜").replace(">", "＞")
