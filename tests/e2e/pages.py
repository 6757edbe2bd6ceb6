"""The Wagtail 8 page editor, driven as an editor drives it (mixed into tests.e2e.admin.Admin).

Autosave: the editor saves the form in the background (WAGTAIL_AUTOSAVE_INTERVAL, on by
default): the first autosave that passes validation creates a new page, and a click on a
save button while an autosave request is in flight races it (two creations of one page).
So `settle()` waits, before any button that submits the form, until the server has seen the
form as it is now (saved or refused) — as an editor who watches the "已保存" indicator
would. It reads the state of Wagtail's own Stimulus controllers (w-unsaved, w-autosave) on
the form.
"""

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

WATCH_AUTOSAVE = """
const form = document.getElementById('page-edit-form');
if (!form || !window.wagtail || form.dataset.e2eWatched) return;
form.dataset.e2eWatched = '1';
const unsaved = () => window.wagtail.app.getControllerForElementAndIdentifier(form, 'w-unsaved');
form.addEventListener('w-autosave:save', () => { window.__e2eSending = unsaved().formData; });
for (const done of ['w-autosave:success', 'w-autosave:error']) {
  form.addEventListener(done, () => { window.__e2eAutosaved = window.__e2eSending; });
}
"""

# null: not an editor page; false: changes not yet seen by the server; true: settled.
AUTOSAVE_SETTLED = """
const form = document.getElementById('page-edit-form');
if (!form || !window.wagtail) return null;
const app = window.wagtail.app;
const unsaved = app.getControllerForElementAndIdentifier(form, 'w-unsaved');
const autosave = app.getControllerForElementAndIdentifier(form, 'w-autosave');
// Not watching for edits yet (it takes the form's data ~2 s after loading: edits made
// before then are part of it, and are never autosaved).
if (!unsaved || !unsaved.initialFormData) return false;
if (!autosave || !autosave.activeValue) return true;
if (autosave.submitPromise) return false;  // a save is waiting or in flight
const data = unsaved.formData;
return data === unsaved.initialFormData || data === window.__e2eAutosaved;
"""


class PageEditor:
    # -- opening and settling --------------------------------------------------------------

    def watch_autosave(self):
        self.driver.execute_script(WATCH_AUTOSAVE)

    def open_add(self, model: str, parent_id: int):
        self.get(f"/admin/pages/add/lessons/{model}/{parent_id}/")
        self.ready()

    def open_edit(self, page_id: int):
        self.get(f"/admin/pages/{page_id}/edit/")
        self.ready()

    def ready(self):
        self.find("#page-edit-form")

    def settle(self):
        try:
            self.wait().until(lambda d: d.execute_script(AUTOSAVE_SETTLED) is not False)
        except TimeoutException as exc:
            raise AssertionError("the editor's autosave did not settle") from exc

    # -- fields ----------------------------------------------------------------------------

    def audience(self, *, all_stages=False, stages=(), grades=()):
        self.tick("all_stages", on=all_stages)
        self.tick("stages", stages)
        self.tick("grades", grades)

    def lesson_basics(self, title, summary, **audience):
        """Audience, summary, then the title (a new page cannot be autosaved without it)."""
        self.audience(**audience)
        self.type("summary", summary)
        self.type("title", title)

    def type_date(self, name, value, leave_by=None):
        """A date or date-time field: type it, then leave the field to close its picker —
        with the Tab key, or by clicking `leave_by` (a CSS selector) when Tab would land in
        another date field.

        First the autosave settles, as for add_block: when the first autosave of a new page
        turns the add form into the edit form while the picker is open, the picker of the
        new form stays open (seen in CI: the wait below timed out). The autosave may start
        only after settle() looked, so when the picker stays open the editor clicks elsewhere
        (the page's heading), lets the autosave settle and types the date again: the new
        form may not hold it."""
        self.settle()
        for attempt in range(2):
            field = self.type(name, value)
            if leave_by is None:
                field.send_keys(Keys.TAB)
            else:
                self.click(leave_by)
            try:
                (self.wait(timeout=8) if attempt == 0 else self.wait()).until(
                    lambda d: (
                        not any(p.is_displayed() for p in self.find_all(".xdsoft_datetimepicker"))
                    )
                )
                return
            except TimeoutException:
                if attempt:
                    raise
                self.click("h1")
                self.settle()

    def _draftail(self, hidden, text):
        editor = hidden.find_element(
            By.XPATH,
            "following-sibling::*[contains(@class, 'Draftail-Editor__wrapper')]"
            "//*[@contenteditable='true']",
        )
        self.click(editor)
        editor.send_keys(text)
        self.wait().until(lambda d: text in (hidden.get_attribute("value") or ""))

    def rich_text(self, name, text):
        """Type into a Draftail rich text field."""
        self._draftail(self.find(f"input[name='{name}']"), text)

    def add_block(self, field, block_label=None) -> str:
        """Append a block to a StreamField; returns its prefix, e.g. "body-0". With several
        block types, the one whose label (in Chinese) is `block_label` is picked.

        First the autosave settles: the first autosave of a new page turns the add form into
        the page's edit form, and a block added meanwhile could be lost with it (seen as a
        block that never appears or an input that is not interactable, when the machine is
        busy); an editor who waits for "已保存" does the same."""
        self.settle()
        index = int(self.find(f"input[name='{field}-count']").get_attribute("value"))
        root = self.find(f"#{field}-root")
        self.click(self.find_all("button.c-sf-add-button", root)[-1])
        if block_label is not None:
            option = self.wait().until(
                EC.element_to_be_clickable(
                    (
                        By.XPATH,
                        "//*[contains(@class, 'w-combobox__option')]"
                        f"[normalize-space() = '{block_label}']",
                    )
                )
            )
            option.click()
        prefix = f"{field}-{index}"
        self.wait().until(
            EC.presence_of_element_located((By.CSS_SELECTOR, f"[name='{prefix}-value']"))
        )
        return prefix

    def stream_items(self, field, texts):
        """A StreamField of one text block type (questions, key points, exercises)."""
        for text in texts:
            prefix = self.add_block(field)
            self.type(f"{prefix}-value", text)

    def stream_paragraph(self, field, text):
        prefix = self.add_block(field, "段落")
        self._draftail(self.find(f"input[name='{prefix}-value']"), text)

    def _open_chooser(self, hidden_input_name):
        hidden = self.find(f"input[name='{hidden_input_name}']")
        button = hidden.find_element(
            By.XPATH,
            "ancestor::*[.//button[@data-chooser-action-choose]][1]"
            "//button[@data-chooser-action-choose]",
        )
        self.click(button)
        return self.visible(".modal .modal-content")

    def open_page_chooser(self, block_field):
        """Add a page chooser block to a StreamField and open its chooser; returns the
        block's prefix."""
        prefix = self.add_block(block_field)
        self._open_chooser(f"{prefix}-value")
        return prefix

    def search_page_chooser(self, query) -> list[str]:
        """Search in the open page chooser; the titles of the pages it offers."""
        self.driver.execute_script(
            "for (const e of document.querySelectorAll('.modal .page-results > *'))"
            " e.dataset.e2eOld = '1';"
        )
        search = self.find(".modal input[name='q']")
        search.clear()
        search.send_keys(query)
        self.wait().until(
            lambda d: (
                not self.find_all(".modal .page-results > [data-e2e-old]")
                and self.find_all(".modal .page-results h2[role=alert]")
            )
        )
        return [a.get_attribute("data-title") for a in self.find_all(".modal a.choose-page")]

    def choose_page(self, block_field, title):
        """Add a page chooser block to a StreamField and choose a page by its title."""
        prefix = self.open_page_chooser(block_field)
        self.search_page_chooser(title)
        link = self.wait().until(
            EC.element_to_be_clickable(
                (By.XPATH, f"//div[contains(@class, 'modal')]//a[@data-title='{title}']")
            )
        )
        link.click()
        self.wait().until(EC.invisibility_of_element_located((By.CSS_SELECTOR, ".modal")))
        hidden = self.find(f"input[name='{prefix}-value']")
        self.wait().until(lambda d: hidden.get_attribute("value"))

    def media_chooser(self, field="video"):
        """Open the media chooser of a field; returns the modal."""
        return self._open_chooser(field)

    def chooser_titles(self) -> list[str]:
        """Titles of the items listed in the open chooser's search tab."""
        self.visible(".modal #tab-search")
        return [a.text.strip() for a in self.find_all(".modal a.media-choice")]

    def close_modal(self):
        self.click(".modal button.close")
        self.wait().until(EC.invisibility_of_element_located((By.CSS_SELECTOR, ".modal")))

    def upload_video(self, path, title, field="video"):
        """Upload a video through the field's media chooser and choose it."""
        modal = self.media_chooser(field)
        self.click(self.find("#tab-label-upload-video", modal))
        form = self.visible("#tab-upload-video form.media-upload")
        self.find("input[name='media-chooser-upload-title']", form).send_keys(title)
        self.find("input[name='media-chooser-upload-file']", form).send_keys(str(path))
        self.click(self.find("button[type=submit]", form))
        self.wait(60).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, ".modal")))
        hidden = self.find(f"input[name='{field}']")
        self.wait().until(lambda d: hidden.get_attribute("value"))
        return int(hidden.get_attribute("value"))

    # -- actions ---------------------------------------------------------------------------

    def save_draft(self):
        self.settle()
        self.submit_with("footer button.action-save")

    def _more_actions(self):
        self.settle()
        self.click("footer .w-dropdown__toggle")

    def submit_for_review(self):
        self._more_actions()
        self.submit_with("footer button[name='action-submit']")

    def schedule(self, go_live_at: str):
        """Set the go-live date and time in the status panel's scheduling dialog, and save."""
        self.click("button[data-side-panel-toggle='status']")
        self.click("button[data-a11y-dialog-show='schedule-publishing-dialog']")
        self.type_date("go_live_at", go_live_at, leave_by="#title-schedule-publishing-dialog")
        self.settle()
        self.submit_with("#schedule-publishing-dialog button[type=submit]")

    def approve(self):
        self._more_actions()
        self.submit_with(
            "footer button[data-workflow-action-name='approve']"
            ":not([data-workflow-action-modal-url])"
        )

    def request_changes(self, comment):
        self._more_actions()
        self.click("footer button[data-workflow-action-name='reject']")
        modal = self.visible(".modal .modal-content")
        self.find("textarea[name='comment']", modal).send_keys(comment)
        self.submit_with(self.find("button[type=submit]", modal))

    def workflow_status(self) -> str:
        """The text of the status panel's workflow dialog (task states and comments)."""
        self.click("button[data-side-panel-toggle='status']")
        self.click("button[data-a11y-dialog-show='workflow-status-dialog']")
        return " ".join(self.visible("#workflow-status-dialog").text.split())
