"""这节课对您有帮助吗？ in a real headless Chromium (lessons/static/lessons/helpful.js): the vote
goes with fetch, the page stays, the form gives way to thanks, and the device remembers it."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from lessons.models import HelpfulVotes, LessonComment
from tests.browser import chromium
from tests.factories import ConceptLessonFactory, city

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def shown(driver, css) -> bool:
    return driver.find_element(By.CSS_SELECTOR, css).is_displayed()


def test_a_parent_votes_once_on_this_device(live_server):
    city()
    lesson = ConceptLessonFactory(title="好好说话")
    with chromium(width=412, height=915, console_log=True) as driver:
        driver.get(live_server.url + lesson.url)
        form = driver.find_element(By.CSS_SELECTOR, "[data-helpful-form]")
        driver.execute_script("arguments[0].scrollIntoView()", form)
        form.find_element(By.NAME, "comment").send_keys("例子很实用")
        form.find_element(By.CSS_SELECTOR, "button[value=no]").click()
        WebDriverWait(driver, 20).until(lambda d: shown(d, "[data-helpful-thanks]"))
        assert driver.current_url == live_server.url + lesson.url  # no page change
        assert not shown(driver, "[data-helpful-form]")
        assert "谢谢您的反馈" in driver.find_element(By.CSS_SELECTOR, "[data-helpful]").text
        assert driver.get_cookies() == []
        assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []

        driver.get(live_server.url + lesson.url)  # again, on the same phone
        assert shown(driver, "[data-helpful-thanks]")
        assert not shown(driver, "[data-helpful-form]")
    row = HelpfulVotes.objects.get(lesson=lesson)
    assert (row.helpful, row.not_helpful) == (0, 1)
    assert LessonComment.objects.get().text == "例子很实用"
