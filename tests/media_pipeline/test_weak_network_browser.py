"""A 60-second lesson on a rural link, in real Chromium with DevTools network throttling.

At 400 kbit/s and 400 ms round trip (weak 3G), for each way a phone plays video (native HLS,
hls.js, progressive MP4): nothing but the page, its CSS/JS and the poster before the tap; the
first frame within 3 s of the tap; no stall after it. At 100 kbit/s (2G) the audio-only path
starts and does not stall. (Two bounds are looser than 3 s: see below.) Each path plays 15 s
of the lesson here (a rung that does not fit the link stalls well within that);
bench/weak_network.py plays it to the end.
"""

import pytest
from selenium.webdriver.common.by import By

from .weak_network import LINKS, Link, demo_lesson, measure, phone, wait_for

pytestmark = pytest.mark.browser

FIRST_FRAME_LIMIT = 3.0
# Two paths miss 3 s, for reasons measured (docs/performance.md): on a first visit the hls.js
# path also downloads hls.js itself (101 KB in Brotli, 122 KB in the demo), which alone takes
# 2-2.5 s at 400 kbit/s; and at 100 kbit/s Chromium reads progressive audio in 32 KB blocks,
# so the first sound needs one round trip plus 2.6 s whatever the bit rate. Their bounds here
# are what was measured with a margin, so that a regression still fails.
FIRST_FRAME_LIMIT_HLSJS_COLD = 4.5
FIRST_SOUND_LIMIT_2G = 3.6
PLAY_SECONDS = 15


@pytest.fixture(scope="module")
def site():
    """One 60 s lesson through the real pipeline, served by the demo's server (SQLite)."""
    with demo_lesson(seconds=60) as (url, lesson_path):
        yield url, lesson_path


def _media_or_player_code(url: str) -> bool:
    return url.endswith((".m3u8", ".ts", ".mp4", ".m4a", ".mp3", ".vtt")) or "hls." in url


def check_path(site, path, link, media_kind, limit=FIRST_FRAME_LIMIT, **options):
    result = measure(*site, path, link, PLAY_SECONDS, **options)
    report = result.row()
    fetched_early = [u for u in result.urls_before_tap if _media_or_player_code(u)]
    assert fetched_early == [], f"fetched before the tap: {fetched_early}\n{report}"
    assert result.first_frame_s is not None, f"never started\n{report}"
    assert result.first_frame_s <= limit, report
    assert result.stalls == 0, report
    assert result.played_s >= PLAY_SECONDS * 0.8, report
    assert result.rungs and result.rungs[0] == media_kind, report
    return result


def test_native_hls_on_weak_3g(site):
    result = check_path(site, "native", LINKS["3g"], "240p")
    assert not result.hls_js_loaded


def test_hls_js_on_weak_3g(site):
    result = check_path(site, "hlsjs", LINKS["3g"], "240p", limit=FIRST_FRAME_LIMIT_HLSJS_COLD)
    assert result.hls_js_loaded


def test_hls_js_on_weak_3g_when_an_earlier_lesson_left_it_cached(site):
    result = check_path(site, "hlsjs", LINKS["3g"], "240p", hlsjs_cached=True)
    assert result.hls_js_loaded


def test_mp4_fallback_on_weak_3g_takes_the_smallest_rung_for_a_phone(site):
    result = check_path(site, "mp4", LINKS["3g"], "240p")
    assert set(result.rungs) == {"240p"}


def test_audio_only_on_2g(site):
    result = check_path(site, "audio", LINKS["2g"], "listen", limit=FIRST_SOUND_LIMIT_2G)
    assert set(result.rungs) == {"listen"}


def test_when_video_keeps_stalling_the_lesson_goes_on_as_audio_and_the_phone_remembers(site):
    """The MP4 path on a link below the lowest rung (150 kbit/s): the player says so in
    Chinese, goes on as audio only from where the video was, offers one tap back to video, and
    the next lesson opened on this phone starts as audio; tapping back to video is remembered
    too."""
    url, lesson_path = site
    slow = Link("150 kbit/s", 150, 400)
    with phone(slow, "mp4") as driver:
        driver.get(url + lesson_path)
        wait_for(driver, "return document.readyState === 'complete'")
        driver.find_element(By.CSS_SELECTOR, "[data-player-start]").click()
        wait_for(
            driver, "return !document.querySelector('[data-player-notice]').hidden", timeout=90
        )
        notice = driver.find_element(By.CSS_SELECTOR, "[data-player-notice]")
        assert "网络太慢" in notice.text and "只听声音" in notice.text
        assert driver.execute_script("return window.__ps.stalls.length") >= 1
        assert driver.find_element(By.CSS_SELECTOR, ".ps-player video").get_attribute("hidden")
        audio = driver.find_element(By.CSS_SELECTOR, ".ps-player audio")
        assert audio.is_displayed()
        wait_for(driver, "return document.querySelector('.ps-player audio').currentTime > 1")
        toggle = driver.find_element(By.CSS_SELECTOR, "[data-player-toggle]")
        assert toggle.text == "返回视频"
        assert driver.execute_script("return localStorage.getItem('ps-listen')") == "1"

        driver.get(url + lesson_path)  # the next lesson on this phone
        wait_for(driver, "return document.readyState === 'complete'")
        assert driver.find_element(By.CSS_SELECTOR, "[data-player-toggle]").text == "返回视频"
        driver.find_element(By.CSS_SELECTOR, "[data-player-start]").click()
        wait_for(driver, "return document.querySelector('.ps-player audio').currentTime > 0.5")
        assert driver.execute_script("return document.querySelector('video').src") == ""

        driver.find_element(By.CSS_SELECTOR, "[data-player-toggle]").click()  # one tap back
        wait_for(driver, "return document.querySelector('.ps-player video').currentTime > 0.5")
        assert driver.find_element(By.CSS_SELECTOR, "[data-player-toggle]").text == "只听声音"
        assert driver.execute_script("return localStorage.getItem('ps-listen')") == "0"
        assert not driver.find_element(By.CSS_SELECTOR, "[data-player-notice]").is_displayed()
