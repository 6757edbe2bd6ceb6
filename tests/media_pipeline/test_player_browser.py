"""A lesson's video really plays in headless Chromium (real pipeline outputs, live server)."""

import time

import pytest

from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from tests.browser import chromium
from tests.factories import MicroLessonFactory, city

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Chromium can play HLS natively; pretend it cannot, to exercise the hls.js path.
NO_NATIVE_HLS = """
const original = HTMLMediaElement.prototype.canPlayType;
HTMLMediaElement.prototype.canPlayType = function (type) {
  return /mpegurl/i.test(type) ? "" : original.call(this, type);
};
"""


@pytest.fixture
def lesson_url(good_clip):
    city()
    media = ingest_file(good_clip, "幼小衔接：入学第一周")
    assert pipeline.transcode(media.pk) == "done"
    return MicroLessonFactory(title="入学第一周，家长做什么", video=media).url


def played_seconds(driver, timeout=30) -> float:
    driver.find_element("css selector", "[data-player-start]").click()  # the parent's tap
    deadline = time.monotonic() + timeout
    position = 0.0
    while time.monotonic() < deadline:
        position = driver.execute_script("return document.querySelector('video').currentTime")
        if position > 1.0:
            break
        time.sleep(0.25)
    return position


def test_video_plays_with_native_hls(live_server, lesson_url):
    with chromium() as driver:
        driver.get(live_server.url + lesson_url)
        assert "入学第一周，家长做什么" in driver.title
        assert played_seconds(driver) > 1.0
        assert driver.execute_script("return document.querySelector('video').currentSrc").endswith(
            "master.m3u8"
        )


def test_video_plays_through_hls_js(live_server, lesson_url):
    with chromium() as driver:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": NO_NATIVE_HLS})
        driver.get(live_server.url + lesson_url)
        assert played_seconds(driver) > 1.0
        assert driver.execute_script("return typeof window.Hls") == "function"
