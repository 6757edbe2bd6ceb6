"""Class mode in a real headless Chromium: keyboard navigation, and the last screen's QR code."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from lessons.classroom.kit import consolidation_url
from tests.browser import chromium
from tests.factories import RequiredLessonFactory, city

from .qr_decode import decode_png

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def visible_step(driver) -> int:
    return driver.execute_script(
        "return Number(document.querySelector('[data-step]:not([hidden])').dataset.step)"
    )


def press(driver, key):
    ActionChains(driver).send_keys(key).perform()


@pytest.fixture
def lesson():
    city()
    return RequiredLessonFactory(title="入学第一周，家长做什么")


def test_keys_move_between_the_steps(live_server, lesson):
    with chromium(width=1280, height=720) as driver:
        driver.get(live_server.url + reverse("class_mode", args=[lesson.pk]))
        assert visible_step(driver) == 1
        seen = []
        for key in (Keys.ARROW_RIGHT, Keys.PAGE_DOWN, Keys.SPACE, Keys.PAGE_UP, Keys.END,
                    Keys.ARROW_RIGHT, Keys.ARROW_LEFT, Keys.HOME, Keys.ARROW_LEFT):  # fmt: skip
            press(driver, key)
            seen.append(visible_step(driver))
        assert seen == [2, 3, 4, 3, 5, 5, 4, 1, 1]
        assert driver.find_element("css selector", "[data-indicator]").text == "第 1 步，共 5 步"


def test_the_last_screen_shows_a_qr_code_to_the_micro_lessons(live_server, lesson, tmp_path):
    with chromium(width=1280, height=720) as driver:
        driver.get(live_server.url + reverse("class_mode", args=[lesson.pk]))
        press(driver, Keys.END)
        assert visible_step(driver) == 5
        shot = tmp_path / "class-mode-step-5.png"
        driver.save_screenshot(str(shot))
    assert decode_png(shot) == [consolidation_url(lesson, None)]
