"""Driving the Wagtail 8 admin in Chromium as an editor does: real clicks and keystrokes on
the real page editor, with explicit waits (no sleeps).

Page editing itself (the autosave, audience, rich text, StreamField, choosers, workflow
actions) is in pages.py.
"""

import re

from django.urls import reverse
from django.utils import translation
from selenium.common.exceptions import ElementClickInterceptedException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from lessons.models import FirstLesson

from .pages import PageEditor

WAIT = 20  # seconds; the live server is slow on a loaded 2-core machine


class Admin(PageEditor):
    """The admin of the live server, in one browser."""

    def __init__(self, driver, base_url):
        self.driver = driver
        self.base_url = base_url

    # -- navigation and waiting ----------------------------------------------------------

    def get(self, path):
        self.driver.get(self.base_url + path)
        self._loaded()

    def wait(self, timeout=WAIT):
        return WebDriverWait(self.driver, timeout)

    def _loaded(self):
        self.wait().until(lambda d: d.execute_script("return document.readyState") == "complete")
        self.watch_autosave()

    def find(self, css, within=None):
        return (within or self.driver).find_element(By.CSS_SELECTOR, css)

    def find_all(self, css, within=None):
        return (within or self.driver).find_elements(By.CSS_SELECTOR, css)

    def visible(self, css):
        return self.wait().until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def center(self, element):
        """Scroll an element to the middle of the window (clear of the sticky footer)."""
        self.driver.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element
        )
        return element

    def click(self, target):
        """Click when the element can take the click: visible, enabled and not covered (a
        dialog still fading in, a toast or a closing date picker over it is waited out, as
        an editor waits for it)."""
        element = self.find(target) if isinstance(target, str) else target
        self.center(element)
        self.wait().until(EC.element_to_be_clickable(element))

        def clicked(_driver):
            try:
                element.click()
            except ElementClickInterceptedException:
                return False
            return True

        self.wait().until(clicked)
        return element

    def submit_with(self, target):
        """Click a button that submits a form and wait for the next page to load."""
        old = self.find("html")
        self.click(target)
        self.wait().until(EC.staleness_of(old))
        self._loaded()

    @property
    def path(self):
        return self.driver.current_url.removeprefix(self.base_url)

    def text(self):
        return self.find("body").text

    def messages(self) -> list[str]:
        """The admin's flash messages (success, warning, error), as rendered. innerText, not
        Selenium's .text: the admin slides its messages list up out of view after a moment
        (a transition on `top`), and above the viewport .text reads as ''."""
        return [
            " ".join(li.get_attribute("innerText").split()) for li in self.find_all(".messages li")
        ]

    def field_errors(self) -> dict[str, list[str]]:
        """Error messages shown under each form field, by field name."""
        return self.driver.execute_script(
            """
            const errors = {};
            for (const field of document.querySelectorAll('.w-field--error')) {
              const input = field.querySelector('[name]');
              const name = input ? input.name : field.dataset.contentpath;
              errors[name] = Array.from(field.querySelectorAll('.error-message'),
                                        (p) => p.textContent.trim());
            }
            return errors;
            """
        )

    # -- logging in ----------------------------------------------------------------------

    def log_in(self, username, password):
        """Through the real login form."""
        self.driver.delete_all_cookies()
        self.get("/admin/login/")
        self.find("input[name=username]").send_keys(username)
        self.find("input[name=password]").send_keys(password)
        self.submit_with("form button[type=submit]")

    # -- forms ---------------------------------------------------------------------------

    def type(self, name, text, clear=True):
        element = self.find(f"[name='{name}']")
        self.center(element)
        if clear:
            element.clear()
        element.send_keys(text)
        return element

    def select(self, name, *, value=None, text=None):
        select = Select(self.center(self.find(f"select[name='{name}']")))
        if value is not None:
            select.select_by_value(str(value))
        else:
            select.select_by_visible_text(text)

    def tick(self, name, values=None, *, on=True):
        """Set checkboxes: a single one (`values` None) or exactly `values` of a group,
        clicking only those that change."""
        boxes = self.find_all(f"input[type=checkbox][name='{name}']")
        states = self.driver.execute_script(
            "return arguments[0].map((b) => [b.value, b.checked]);", boxes
        )
        for box, (value, checked) in zip(boxes, states, strict=True):
            wanted = on if values is None else value in set(values)
            if checked != wanted:
                self.click(box)
        if values is not None:
            checked = self.driver.execute_script(
                "return arguments[0].filter((b) => b.checked).map((b) => b.value);", boxes
            )
            assert set(checked) == set(values), (name, checked, values)

    def edit_page_id(self) -> int:
        match = re.search(r"/admin/pages/(\d+)/edit/", self.driver.current_url)
        assert match, f"not on a page's edit view: {self.driver.current_url}"
        return int(match.group(1))

    # -- the lessons app's own admin pages ---------------------------------------------------

    def checklist_row(self, transition) -> tuple[str, str]:
        """(status, pages shown) of a first-lesson transition on the checklist page."""
        with translation.override("zh-hans"):
            label = str(FirstLesson.Transition(transition).label)
        self.get(reverse("first_lesson_checklist"))
        row = self.driver.find_element(
            By.XPATH, f"//table//tr[td[1][normalize-space() = '{label}']]"
        )
        status = self.find("[data-status]", row).get_attribute("data-status")
        return status, self.find_all("td", row)[2].text.strip()
