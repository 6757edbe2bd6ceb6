"""我的学习 in real Chromium on a phone-sized screen (issue 19): a parent plays a lesson with a
real transcoded video, reloads, sees 继续学习 and resumes there; finishes it and finds it in
我的学习 under its kind, with the star level; two anonymous counts went to /stats/plays/; the
record stays in the browser (localStorage) and a corrupt one breaks nothing."""

import json
import time
from urllib.parse import parse_qs

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from tests.browser import chromium
from tests.factories import FirstLessonFactory, MicroLessonFactory, city
from tests.media_pipeline import clips

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = (360, 740)
KEY = "ps-learning-v1"
CLIP_SECONDS = 20
VIDEO = "document.querySelector('.ps-player video')"


def wait_for(driver, script, timeout=30):
    WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: d.execute_script(script))


def open_page(driver, url):
    driver.get(url)
    wait_for(driver, "return document.readyState === 'complete' && !!window.psLearning")
    wait_for(driver, "return window.psLearning.ready")


def record(driver) -> dict:
    raw = driver.execute_script(f"return localStorage.getItem('{KEY}')")
    return json.loads(raw)["lessons"] if raw else {}


def saved_lesson(driver, lesson, check, timeout=10) -> dict:
    """The lesson's entry in the record once `check(entry)` holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        entry = record(driver).get(str(lesson.pk))
        if entry and check(entry):
            return entry
        time.sleep(0.1)
    raise TimeoutError(record(driver))


def visible(driver, selector) -> bool:
    found = driver.find_elements(By.CSS_SELECTOR, selector)
    return bool(found) and found[0].is_displayed()


def beacons(driver) -> list[dict]:
    """The bodies of the requests to /stats/plays/ in the DevTools network log."""
    sent = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] != "Network.requestWillBeSent":
            continue
        request = message["params"]["request"]
        if request["url"].endswith("/stats/plays/"):
            assert request["method"] == "POST"
            sent.append({k: v[0] for k, v in parse_qs(request.get("postData", "")).items()})
    return sent


@pytest.fixture
def lesson(tmp_path):
    city()
    media = ingest_file(clips.video(tmp_path / "clip.mp4", seconds=CLIP_SECONDS), "先听再说")
    assert pipeline.transcode(media.pk) == "done"
    return MicroLessonFactory(title="先听再说：和孩子好好沟通", video=media)


def test_a_parent_plays_reloads_resumes_finishes_and_finds_it_in_my_learning(live_server, lesson):
    first = FirstLessonFactory(title="开学第一课：陪孩子迈好新学年第一步")
    with chromium(width=PHONE[0], height=PHONE[1], network_log=True, console_log=True) as driver:
        url = live_server.url + lesson.url
        open_page(driver, url)
        assert not visible(driver, "[data-learning-continue]")  # nothing saved yet
        assert driver.find_element(By.CSS_SELECTOR, "[data-learning-toggle]").text == "标记为已学"

        driver.find_element(By.CSS_SELECTOR, "[data-player-start]").click()  # the parent's tap
        wait_for(driver, f"return {VIDEO}.currentTime > 4")
        driver.execute_script(f"{VIDEO}.pause()")
        saved = saved_lesson(driver, lesson, lambda entry: entry["position"] > 0)
        assert saved["position"] >= 4 and saved["learned_at"] is None
        assert saved["kind"] == "micro" and saved["url"] == lesson.url
        assert saved["title"] == lesson.title and abs(saved["duration"] - CLIP_SECONDS) <= 1
        assert (
            driver.execute_script(f"return localStorage.getItem('ps-pos-' + {lesson.video.pk})")
            is None
        )  # one record, not two
        assert [b["event"] for b in beacons(driver)] == ["started"]

        # The grade page offers to go on; so does the lesson page, from where it stopped.
        open_page(driver, live_server.url + reverse("grade", args=["p3"]))
        assert visible(driver, "[data-learning-cue]")
        cue = driver.find_element(By.CSS_SELECTOR, "[data-learning-cue] a")
        assert lesson.title in cue.text and "继续学习" in cue.text
        cue.click()
        wait_for(driver, "return !!document.querySelector('[data-learning-lesson]')")
        open_page(driver, url)  # and a reload
        resume = driver.find_element(By.CSS_SELECTOR, "[data-learning-continue]")
        assert resume.is_displayed()
        position = saved["position"]
        assert resume.text == f"继续学习（从 00:{position:02d}）"
        resume.click()
        wait_for(driver, f"return !{VIDEO}.paused && {VIDEO}.currentTime > 0")
        resumed_at = driver.execute_script(f"return {VIDEO}.currentTime")
        assert position - 0.5 <= resumed_at <= position + 3, resumed_at
        assert not resume.is_displayed()

        # To the end: learned by playing, and counted once as completed.
        driver.execute_script(f"{VIDEO}.currentTime = {VIDEO}.duration - 2.5")
        wait_for(driver, f"return {VIDEO}.ended", timeout=30)
        done = saved_lesson(driver, lesson, lambda entry: entry["learned_at"])
        assert done["position"] == 0
        toggle = driver.find_element(By.CSS_SELECTOR, "[data-learning-toggle]")
        assert toggle.text == "已学 ✓" and toggle.get_attribute("aria-pressed") == "true"
        sent = beacons(driver)
        assert sent == [
            {"lesson": str(lesson.pk), "event": "started"},
            {"lesson": str(lesson.pk), "event": "completed"},
        ]

        # A lesson marked learned by a tap (no video): the first lesson of the school year.
        open_page(driver, live_server.url + first.url)
        driver.find_element(By.CSS_SELECTOR, "[data-learning-toggle]").click()
        assert driver.find_element(By.CSS_SELECTOR, "[data-learning-toggle]").text == "已学 ✓"
        assert beacons(driver) == []  # a tap is not a play: nothing sent

        open_page(driver, live_server.url + reverse("grade", args=["p3"]))
        assert not visible(driver, "[data-learning-cue]")  # nothing left unfinished

        driver.find_element(By.CSS_SELECTOR, f"footer a[href='{reverse('my_learning')}']").click()
        wait_for(driver, "return window.psLearning && window.psLearning.ready")
        kinds = driver.find_element(By.CSS_SELECTOR, "[data-my-kinds]")
        headings = [h.text for h in kinds.find_elements(By.TAG_NAME, "h3")]
        assert "微课 · 1" in headings and "家长开学第一课 · 1" in headings, headings
        assert lesson.title in kinds.text and first.title in kinds.text
        micro_list = driver.execute_script(
            "var h = [...document.querySelectorAll('[data-my-kinds] h3')]"
            ".find(h => h.textContent.indexOf('微课') === 0);"
            "return h.nextElementSibling.textContent"
        )
        assert lesson.title in micro_list
        assert not visible(driver, "[data-my-empty]")
        assert not visible(driver, "[data-my-continue]")
        stars = driver.find_element(By.CSS_SELECTOR, "[data-my-stars]")
        assert stars.get_attribute("data-level") == "1" and stars.text == "★ 1 星家长"
        assert visible(driver, "[data-my-first-done]") and not visible(
            driver, "[data-my-first-todo]"
        )
        required = driver.find_element(By.CSS_SELECTOR, "[data-my-required]").text
        assert required == "本学年已学必修课：0 节"

        driver.find_element(By.CSS_SELECTOR, "[data-my-clear]").click()
        alert = driver.switch_to.alert
        assert "清除" in alert.text
        alert.accept()
        assert visible(driver, "[data-my-empty]")
        stars = driver.find_element(By.CSS_SELECTOR, "[data-my-stars]")
        assert stars.get_attribute("data-level") == "0" and "还没有星星" in stars.text
        assert record(driver) == {}
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert all("/stats/plays/" in e["message"] for e in errors), errors


def test_a_short_clip_resumes_too_and_a_corrupt_record_breaks_nothing(live_server, tmp_path):
    city()
    media = ingest_file(clips.video(tmp_path / "short.mp4", seconds=8), "一分钟")
    assert pipeline.transcode(media.pk) == "done"
    short = MicroLessonFactory(title="睡前五分钟", video=media)
    with chromium(width=PHONE[0], height=PHONE[1]) as driver:
        url = live_server.url + short.url
        open_page(driver, url)
        driver.execute_script(f"localStorage.setItem('{KEY}', '{{not json')")
        open_page(driver, url)
        toggle = driver.find_element(By.CSS_SELECTOR, "[data-learning-toggle]")
        assert toggle.is_displayed() and toggle.text == "标记为已学"

        driver.find_element(By.CSS_SELECTOR, "[data-player-start]").click()
        wait_for(driver, f"return {VIDEO}.currentTime > 3")
        driver.execute_script(f"{VIDEO}.pause()")
        time.sleep(0.3)
        position = record(driver)[str(short.pk)]["position"]
        assert 3 <= position < 8  # under 15 s: the player used to keep nothing for such clips
        open_page(driver, url)
        resume = driver.find_element(By.CSS_SELECTOR, "[data-learning-continue]")
        assert resume.is_displayed() and resume.text == f"继续学习（从 00:{position:02d}）"
        resume.click()
        wait_for(driver, f"return !{VIDEO}.paused && {VIDEO}.currentTime >= {position - 0.5}")

        open_page(driver, live_server.url + reverse("my_learning"))
        assert visible(driver, "[data-my-continue]")
        assert short.title in driver.find_element(By.CSS_SELECTOR, "[data-my-continue]").text
        assert visible(driver, "[data-my-empty]")  # started, not learned


def test_an_audio_only_lesson_resumes_from_its_continue_button(live_server, tmp_path):
    city()
    media = ingest_file(clips.audio_only(tmp_path / "talk.m4a", seconds=12), "电台课")
    assert pipeline.transcode(media.pk) == "done"
    talk = MicroLessonFactory(title="听一听：孩子发脾气时", video=media)
    audio = "document.querySelector('.ps-player audio')"
    with chromium(width=PHONE[0], height=PHONE[1]) as driver:
        url = live_server.url + talk.url
        open_page(driver, url)
        assert driver.find_elements(By.CSS_SELECTOR, ".ps-player video") == []
        driver.execute_script(f"{audio}.play()")  # the audio's own play control
        wait_for(driver, f"return {audio}.currentTime > 3")
        driver.execute_script(f"{audio}.pause()")
        position = saved_lesson(driver, talk, lambda entry: entry["position"] >= 3)["position"]
        open_page(driver, url)
        resume = driver.find_element(By.CSS_SELECTOR, "[data-learning-continue]")
        assert resume.is_displayed() and resume.text == f"继续学习（从 00:{position:02d}）"
        resume.click()
        wait_for(driver, f"return !{audio}.paused && {audio}.currentTime >= {position - 0.5}")
