"""The Content-Security-Policy in real headless Chromium: the admin (sign-in, dashboard, a
lesson's edit form, the media chooser), the parents' pages, class mode and the player all work
under it, and the browser reports no violation, neither in its console nor as a
`securitypolicyviolation` event."""

import time

import pytest
from django.urls import reverse
from selenium.common.exceptions import ElementClickInterceptedException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from tests.browser import NO_NATIVE_HLS, chromium
from tests.factories import MicroLessonFactory, RequiredLessonFactory, UserFactory, city
from tests.media_pipeline import clips

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "Correct-horse-42"
# Every violation, as the page sees it (kept across the page's own navigations in
# sessionStorage would lose nothing here: each check reads them before leaving the page).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile
                              + ':' + e.lineNumber);
});
"""


def open_browser(**kwargs):
    return chromium(console_log=True, **kwargs)


def start(driver):
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})


def violations(driver) -> list[str]:
    """CSP violations on the current page since the last call: console and DOM events."""
    console = [e["message"] for e in driver.get_log("browser")]
    events = driver.execute_script("return (window.__cspViolations || []).splice(0)")
    return [m for m in console if "Content Security Policy" in m] + events


def wait(driver, condition, timeout=30):
    return WebDriverWait(driver, timeout).until(condition)


def loaded(driver):
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(0.5)  # deferred scripts and Stimulus controllers connect after load


def click(driver, element, tries=5):
    """Scroll `element` clear of the editor's sticky header and footer, then click it."""
    for attempt in range(tries):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        time.sleep(0.3)
        try:
            element.click()
            return
        except ElementClickInterceptedException:
            if attempt == tries - 1:
                driver.save_screenshot("/tmp/csp-browser-click.png")
                raise


@pytest.fixture
def lesson():
    city()
    return MicroLessonFactory(title="孩子写作业拖拉怎么办")


def sign_in(driver, live_server):
    UserFactory(username="admin", password=PASSWORD, is_superuser=True)
    driver.get(live_server.url + reverse("wagtailadmin_login"))
    loaded(driver)
    assert violations(driver) == [], "sign-in page"
    driver.find_element(By.NAME, "username").send_keys("admin")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD, Keys.ENTER)
    wait(driver, ec.url_to_be(live_server.url + reverse("wagtailadmin_home")))
    loaded(driver)


def test_the_admin_works_under_the_policy(live_server, lesson):
    with open_browser(width=1280, height=900) as driver:
        start(driver)
        sign_in(driver, live_server)
        assert driver.find_elements(By.CSS_SELECTOR, "[data-side-panel-toggle], .sidebar")
        assert violations(driver) == [], "dashboard"

        driver.get(live_server.url + reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
        loaded(driver)
        assert driver.find_element(By.ID, "id_title").get_attribute("value") == lesson.title
        assert violations(driver) == [], "lesson edit form"

        button = driver.find_element(
            By.CSS_SELECTOR, "#id_video-chooser [data-chooser-action-choose]"
        )
        click(driver, button)
        modal = wait(driver, ec.visibility_of_element_located((By.CSS_SELECTOR, ".modal-content")))
        wait(driver, lambda d: modal.find_elements(By.CSS_SELECTOR, "form, .tab-content"))
        loaded(driver)
        assert violations(driver) == [], "media chooser"

        required = RequiredLessonFactory(title="入学第一周，家长做什么")  # rich text: Draftail
        for name, url in [
            ("required lesson edit form", reverse("wagtailadmin_pages:edit", args=[required.pk])),
            ("page explorer", reverse("wagtailadmin_explore", args=[lesson.get_parent().pk])),
            ("media library", reverse("wagtailmedia:index")),
            ("video upload form", reverse("wagtailmedia:add", args=["video"])),
            ("image library", reverse("wagtailimages:index")),
        ]:
            driver.get(live_server.url + url)
            loaded(driver)
            assert "服务器错误" not in driver.page_source, name
            assert violations(driver) == [], name


def test_parents_pages_and_search_suggestions_work_under_the_policy(live_server, lesson):
    with open_browser() as driver:
        start(driver)
        for url in ("/", reverse("grade", args=["p1"]), lesson.url):
            driver.get(live_server.url + url)
            loaded(driver)
            background = driver.execute_script(
                "return getComputedStyle(document.body).backgroundColor"
            )
            assert background == "rgb(251, 248, 243)", url  # the inline stylesheet applied
            assert violations(driver) == [], url

        driver.get(live_server.url + reverse("search"))
        loaded(driver)
        box = driver.find_element(By.CSS_SELECTOR, "input[type=search]")
        box.send_keys("孩子写")
        wait(driver, lambda d: d.execute_script(
            "return document.querySelectorAll('#suggestions option').length"
        ))  # fmt: skip
        options = driver.execute_script(
            "return [...document.querySelectorAll('#suggestions option')].map(o => o.value)"
        )
        assert "孩子写作业拖拉怎么办" in options
        assert violations(driver) == [], "search"


def test_class_mode_moves_with_the_keyboard_under_the_policy(live_server):
    city()
    lesson = RequiredLessonFactory(title="入学第一周，家长做什么")
    with open_browser(width=1280, height=720) as driver:
        start(driver)
        driver.get(live_server.url + reverse("class_mode", args=[lesson.pk]))
        loaded(driver)
        step = "return Number(document.querySelector('[data-step]:not([hidden])').dataset.step)"
        seen = []
        for key in (Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.END, Keys.HOME):
            ActionChains(driver).send_keys(key).perform()
            seen.append(driver.execute_script(step))
        assert seen == [2, 3, 5, 1]
        background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(16, 36, 62)"  # class_mode.css applied
        assert violations(driver) == [], "class mode"


def test_a_lessons_video_plays_through_hls_js_under_the_policy(live_server, tmp_path):
    city()
    media = ingest_file(clips.video(tmp_path / "clip.mp4", seconds=3), "幼小衔接：入学第一周")
    assert pipeline.transcode(media.pk) == "done"
    lesson = MicroLessonFactory(title="入学第一周，家长做什么", video=media)
    with open_browser() as driver:
        start(driver)
        # hls.js under the policy: MediaSource (blob: media URLs), its blob: worker, its requests
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": NO_NATIVE_HLS})
        driver.get(live_server.url + lesson.url)
        loaded(driver)
        driver.find_element("css selector", "[data-player-start]").click()  # the parent's tap
        position = "return document.querySelector('video').currentTime"
        wait(driver, lambda d: d.execute_script(position) > 1.0)
        assert driver.execute_script("return typeof window.Hls") == "function"
        assert driver.execute_script("return document.querySelector('video').src").startswith(
            "blob:"
        )
        assert driver.execute_script(
            "return getComputedStyle(document.querySelector('.ps-player video')).display"
        ) == "block"  # fmt: skip  # player.css applied
        assert violations(driver) == [], "player"
