"""备份与恢复 on 我的学习 in real Chromium on a phone-sized screen (issue 19): a parent marks a
lesson learned, backs the record up on /my/ and reads the recovery code (and its QR code, which
decodes to /my/#restore=CODE), updates the backup; on a NEW browser profile (a second phone) the
QR code's link fills the code in, the parent types it and restores, and both phones' lessons are
in 我的学习; then the backup is deleted and the same code no longer restores."""

import json

import pytest
from selenium.webdriver.common.by import By

from lessons.models import RecordBackup
from lessons.record.backup_code import normalise
from tests.browser import chromium
from tests.factories import FirstLessonFactory, RequiredLessonFactory, city
from tests.lessons.qr_decode import decode_png

from .test_my_learning_browser import PHONE, open_page, record, visible, wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CODE_KEY = "ps-record-backup-v1"
STATUS = "[data-backup-status]"
ERROR = "[data-backup-error]"


def text_of(driver, selector) -> str:
    return driver.execute_script(
        "var el = document.querySelector(arguments[0]); return el && !el.hidden ? el.textContent : ''",
        selector,
    )


def wait_for_text(driver, selector, words, timeout=15):
    wait_for(
        driver,
        f"var el = document.querySelector({json.dumps(selector)});"
        f"return el && !el.hidden && el.textContent.indexOf({json.dumps(words)}) >= 0",
        timeout,
    )


def mark_learned(driver, live_server, lesson):
    open_page(driver, live_server.url + lesson.url)
    driver.find_element(By.CSS_SELECTOR, "[data-learning-toggle]").click()
    assert driver.find_element(By.CSS_SELECTOR, "[data-learning-toggle]").text == "已学 ✓"


def learned_titles(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "[data-my-kinds]").text


def test_a_parent_backs_up_and_restores_on_a_new_phone_then_deletes(live_server):
    city()
    first = FirstLessonFactory(title="开学第一课：陪孩子迈好新学年第一步")
    required = RequiredLessonFactory(title="入学第一周，家长做什么")
    later = RequiredLessonFactory(title="和老师好好沟通")
    my = live_server.url + "/my/"

    with chromium(width=PHONE[0], height=PHONE[1], console_log=True) as phone:
        mark_learned(phone, live_server, first)
        open_page(phone, my)
        section = phone.find_element(By.CSS_SELECTOR, "[data-record-backup]")
        assert section.is_displayed() and "备份与恢复" in section.text
        assert "不含姓名、手机号" in section.text
        assert not visible(phone, "[data-backup-done]")
        phone.find_element(By.CSS_SELECTOR, "[data-backup-create]").click()
        wait_for(phone, "return !!document.querySelector('[data-backup-code]').textContent")
        code = phone.find_element(By.CSS_SELECTOR, "[data-backup-code]").text
        assert normalise(code) and len(code) == 14
        assert not visible(phone, "[data-backup-create]")
        assert "400 天" in phone.find_element(By.CSS_SELECTOR, "[data-backup-kept]").text
        qr = phone.find_element(By.CSS_SELECTOR, "[data-backup-qr]")
        wait_for(
            phone,
            "var i = document.querySelector('[data-backup-qr]'); return i.complete && i.naturalWidth > 0",
        )
        assert qr.is_displayed()
        [link] = decode_png(qr.screenshot_as_png)
        assert link.endswith("/my/#restore=" + code), link
        remembered = json.loads(phone.execute_script(f"return localStorage.getItem('{CODE_KEY}')"))
        assert remembered["code"] == code

        # The server holds the cleaned lesson list and the code's hash, nothing else.
        [backup] = RecordBackup.objects.all()
        assert list(backup.record["lessons"]) == [str(first.pk)]
        stored, kept = backup.record["lessons"][str(first.pk)], record(phone)[str(first.pk)]
        assert stored["learned_at"] and stored["title"] == first.title
        assert stored == {key: kept[key] for key in stored}  # as the phone keeps it
        assert normalise(code) not in json.dumps(backup.record) and code not in backup.code_hash

        # Another lesson, then 更新备份.
        mark_learned(phone, live_server, required)
        open_page(phone, my)
        assert phone.find_element(By.CSS_SELECTOR, "[data-backup-code]").text == code
        phone.find_element(By.CSS_SELECTOR, "[data-backup-update]").click()
        wait_for_text(phone, STATUS, "已用这部手机上的学习记录更新备份")
        backup.refresh_from_db()
        assert set(backup.record["lessons"]) == {str(first.pk), str(required.pk)}
        errors = [e for e in phone.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []  # no Content-Security-Policy violation, no failed request

    with chromium(width=PHONE[0], height=PHONE[1]) as new_phone:  # a fresh profile
        mark_learned(new_phone, live_server, later)  # learned on the new phone already
        open_page(new_phone, my + "#restore=" + code)  # the QR code's link
        assert (
            new_phone.find_element(By.CSS_SELECTOR, "[data-backup-input]").get_attribute("value")
            == code
        )
        assert "恢复码已填好" in text_of(new_phone, STATUS)
        assert visible(new_phone, "[data-backup-create]")  # no backup of its own yet
        assert required.title not in learned_titles(new_phone)

        field = new_phone.find_element(By.CSS_SELECTOR, "[data-backup-input]")
        field.clear()
        field.send_keys(" " + code.lower().replace("-", " ") + " ")  # as a parent might type it
        new_phone.find_element(By.CSS_SELECTOR, "[data-backup-restore-form] button").click()
        wait_for_text(new_phone, STATUS, "恢复完成：备份中的 2 节课")
        wait_for(new_phone, "return window.psLearning && window.psLearning.ready")
        assert "#restore" not in new_phone.current_url
        titles = learned_titles(new_phone)
        assert first.title in titles and required.title in titles and later.title in titles
        stars = new_phone.find_element(By.CSS_SELECTOR, "[data-my-stars]")
        assert stars.get_attribute("data-level") == "2"  # first lesson and two required ones
        assert set(record(new_phone)) == {str(first.pk), str(required.pk), str(later.pk)}
        assert new_phone.find_element(By.CSS_SELECTOR, "[data-backup-code]").text == code

        # 删除备份: gone from the server; the same code no longer restores.
        new_phone.find_element(By.CSS_SELECTOR, "[data-backup-delete]").click()
        alert = new_phone.switch_to.alert
        assert "删除备份" in alert.text
        alert.accept()
        wait_for_text(new_phone, STATUS, "备份已从服务器上删除")
        assert not RecordBackup.objects.exists()
        assert visible(new_phone, "[data-backup-create]") and not visible(
            new_phone, "[data-backup-done]"
        )
        assert new_phone.execute_script(f"return localStorage.getItem('{CODE_KEY}')") is None
        field = new_phone.find_element(By.CSS_SELECTOR, "[data-backup-input]")
        field.clear()
        field.send_keys(code)
        new_phone.find_element(By.CSS_SELECTOR, "[data-backup-restore-form] button").click()
        wait_for_text(new_phone, ERROR, "没有找到这个恢复码的备份")
        assert len(record(new_phone)) == 3  # the phone's own record stays
