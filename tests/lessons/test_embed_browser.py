"""The embed in real Chromium, as a partner's site shows it: a page on another origin (another
host and port: 127.0.0.1 against the live server's localhost) carries the <iframe> snippet that
oEmbed hands out; inside the frame the parent taps play and the lesson's real transcoded clip
plays, then goes on as audio only. The poster is all the frame fetches before the tap. And a
lesson's own page refuses to be framed there (X-Frame-Options: DENY, frame-ancestors 'self')."""

import json
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from wagtail.models import Site

from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from tests.browser import chromium
from tests.factories import MicroLessonFactory, city
from tests.media_pipeline import clips

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MEDIA_REQUESTS = (".m3u8", ".ts", ".mp4", ".m4a", ".mp3", ".m4s")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def partner_site(tmp_path):
    """Another origin: a plain static web server on 127.0.0.1 serving `tmp_path`."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def publish(name: str, body: str) -> str:
        (tmp_path / name).write_text(
            f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
            f"<title>合作单位</title></head><body><h1>合作单位的网页</h1>{body}</body></html>",
            encoding="utf-8",
        )
        return f"http://127.0.0.1:{server.server_address[1]}/{name}"

    yield publish
    server.shutdown()
    thread.join(5)


@pytest.fixture
def lesson(live_server, tmp_path):
    city()
    media = ingest_file(clips.video(tmp_path / "clip.mp4", seconds=4), "入学第一周")
    assert pipeline.transcode(media.pk) == "done"
    lesson = MicroLessonFactory(title="入学第一周，家长做什么", video=media)
    # The site's address is the live server's, as `setup_site --url` makes it in production:
    # the snippet's src and the oEmbed links are built from it.
    address = urlsplit(live_server.url)
    Site.objects.filter(is_default_site=True).update(hostname=address.hostname, port=address.port)
    cache.clear()  # Wagtail's cached site root paths
    assert address.hostname == "localhost"  # and the partner is on 127.0.0.1: another origin
    return lesson


def snippet_from_oembed(lesson) -> dict:
    response = Client().get("/oembed/", {"url": lesson.get_full_url()})
    assert response.status_code == 200
    return json.loads(response.content)


def wait(driver, condition, timeout=30):
    return WebDriverWait(driver, timeout).until(condition)


def media_fetched(driver) -> list[str]:
    names = driver.execute_script(
        "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
    )
    return [n for n in names if urlsplit(n).path.endswith(MEDIA_REQUESTS)]


def test_the_player_plays_in_a_frame_on_another_origin(live_server, lesson, partner_site):
    oembed = snippet_from_oembed(lesson)
    page = partner_site("lesson.html", oembed["html"])
    with chromium(width=800, height=900) as driver:
        driver.get(page)
        frame = wait(driver, lambda d: d.find_element(By.TAG_NAME, "iframe"))
        assert driver.execute_script("return location.origin") != live_server.url
        assert (frame.size["width"], frame.size["height"]) == (oembed["width"], oembed["height"])
        driver.switch_to.frame(frame)
        wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
        assert driver.execute_script("return location.origin") == live_server.url
        start = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "[data-player-start]"))
        time.sleep(1)  # the deferred player script is set up; nothing may load meanwhile
        assert media_fetched(driver) == []  # the poster only, before the tap
        # Everything fits the frame: nothing scrolls inside it.
        assert driver.execute_script(
            "return document.documentElement.scrollHeight <= window.innerHeight"
        )

        start.click()  # the parent's tap
        position = "return document.querySelector('video').currentTime"
        wait(driver, lambda d: d.execute_script(position) > 1.0)
        assert media_fetched(driver)

        # Audio only, in the frame: the video stops downloading, the audio goes on playing.
        driver.find_element(By.CSS_SELECTOR, "[data-player-toggle]").click()
        audio = (
            "var a = document.querySelector('.ps-player audio'); return [a.hidden, a.currentTime]"
        )
        wait(driver, lambda d: d.execute_script(audio)[0] is False)
        start_time = driver.execute_script(audio)[1]
        wait(driver, lambda d: d.execute_script(audio)[1] > start_time + 0.5)
        assert driver.execute_script("return document.querySelector('video').hidden")
        assert driver.execute_script("return document.querySelector('video').paused")

        link = driver.find_element(By.CSS_SELECTOR, ".embed-link a")
        assert link.get_attribute("target") == "_blank"
        assert urlsplit(link.get_attribute("href")).path == lesson.url


def test_a_lessons_own_page_refuses_to_be_framed(live_server, lesson, partner_site):
    """Side by side on the partner's page: the embed page loads in its frame, the lesson's
    own page (same lesson, same server) does not: its headers forbid it."""
    frames = "".join(
        f'<iframe id="{name}" src="{live_server.url}{path}" width="600" height="400"></iframe>'
        for name, path in (("embed", f"/embed/{lesson.pk}/"), ("page", lesson.url))
    )
    with chromium() as driver:
        driver.get(partner_site("framed.html", frames))
        wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
        time.sleep(1)
        shown = {}
        for name in ("embed", "page"):
            driver.switch_to.frame(driver.find_element(By.ID, name))
            shown[name] = (
                bool(driver.find_elements(By.CSS_SELECTOR, "[data-player]")),
                lesson.title in driver.page_source,
            )
            driver.switch_to.default_content()
        assert shown == {"embed": (True, True), "page": (False, False)}
