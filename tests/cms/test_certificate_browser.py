"""到课确认 and 星级家长证书 in real Chromium (issue 19): class mode on a projector shows the
attendance QR code on request; on a phone-sized screen a parent opens the link it carries and
sees 已记录到课; on 我的学习 the required lesson is learned;
with the first lesson of the year learned too the certificate button appears, and posting the
form returns the PDF (checked with pypdf) for the level the server recomputed."""

import base64
import io
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from selenium.webdriver.common.by import By

from lessons.models import StarCertificate
from lessons.record.attendance import attendance_url, make_token
from lessons.record.certificate_codes import display_code
from tests.browser import chromium
from tests.factories import FirstLessonFactory, RequiredLessonFactory, city
from tests.lessons.qr_decode import decode_png

from .test_my_learning_browser import PHONE, open_page, record, visible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NAME = "小明妈妈"
# Send the form the way the button does (record_certificate.js fills it on submit), but
# through fetch() so that the answer can be read here rather than in a PDF viewer.
FETCH_CERTIFICATE = """
var done = arguments[arguments.length - 1];
var form = document.querySelector('[data-certificate-form]');
form.elements.name.value = arguments[0];
form.addEventListener('submit', function (e) { e.preventDefault(); }, false);
form.requestSubmit();
fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form))})
  .then(function (r) { return r.arrayBuffer().then(function (b) {
    var bytes = new Uint8Array(b), s = '';
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    done({status: r.status, type: r.headers.get('content-type'),
          cache: r.headers.get('cache-control'), sent: form.elements.lessons.value,
          pdf: btoa(s)});
  }); })
  .catch(function (e) { done({error: String(e)}); });
"""


def test_attendance_then_the_certificate(live_server, tmp_path):
    city()
    first = FirstLessonFactory(title="开学第一课：陪孩子迈好新学年第一步")
    required = RequiredLessonFactory(title="入学第一周，家长做什么")
    with chromium(width=1280, height=720) as projector:
        projector.get(live_server.url + reverse("class_mode", args=[required.pk]))
        projector.find_element(By.CSS_SELECTOR, "[data-attendance-toggle]").click()
        projector.find_element(By.CSS_SELECTOR, "[data-attendance-qr]")
        assert projector.execute_script("return location.hash") == "#step-5"
        shot = tmp_path / "class-mode-attendance.png"
        projector.save_screenshot(str(shot))
    codes = decode_png(shot)
    assert len(codes) == 2 and attendance_url(required) in codes
    path = urlsplit(attendance_url(required)).path
    token = path.split("/")[3]
    assert token == make_token(required.pk, timezone.localdate())

    with chromium(width=PHONE[0], height=PHONE[1], console_log=True) as driver:
        driver.set_script_timeout(60)
        open_page(driver, live_server.url + path)
        assert visible(driver, "[data-attended-done]")
        assert not visible(driver, "[data-attended-todo]")
        assert "已记录到课" in driver.find_element(By.CSS_SELECTOR, "[data-attended-done]").text
        entry = record(driver)[str(required.pk)]
        assert entry["attended"] == token and entry["learned_at"] and entry["attended_at"]
        assert entry["kind"] == "required" and entry["url"] == required.url
        learned_at = entry["learned_at"]
        open_page(driver, live_server.url + path)
        assert record(driver)[str(required.pk)]["learned_at"] == learned_at  # a reload: same

        open_page(driver, live_server.url + reverse("my_learning"))
        required_text = driver.find_element(By.CSS_SELECTOR, "[data-my-required]").text
        assert required_text == "本学年已学必修课：1 节"
        assert required.title in driver.find_element(By.CSS_SELECTOR, "[data-my-kinds]").text
        assert not visible(driver, "[data-certificate]")  # no star yet: no button

        open_page(driver, live_server.url + first.url)
        driver.find_element(By.CSS_SELECTOR, "[data-learning-toggle]").click()
        open_page(driver, live_server.url + reverse("my_learning"))
        stars = driver.find_element(By.CSS_SELECTOR, "[data-my-stars]")
        assert stars.get_attribute("data-level") == "1"
        assert visible(driver, "[data-certificate]")
        button = driver.find_element(By.CSS_SELECTOR, "[data-certificate-form] button")
        assert button.text == "打印星级家长证书"
        label = driver.find_element(By.CSS_SELECTOR, "label[for='certificate-name']").text
        assert label == "证书上显示的称呼（可不填，不保存）"

        answer = driver.execute_async_script(FETCH_CERTIFICATE, NAME)
        assert answer.get("status") == 200, answer
        assert answer["type"] == "application/pdf" and "no-store" in answer["cache"]
        assert token in answer["sent"] and required.title not in answer["sent"]  # ids only

        # The first lesson's tap cleared, the certificate button goes with the star.
        driver.execute_script("localStorage.removeItem('ps-learning-v1')")
        open_page(driver, live_server.url + reverse("my_learning"))
        assert not visible(driver, "[data-certificate]")
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []

    certificate = StarCertificate.objects.get()
    assert certificate.stars == 1
    pdf = PdfReader(io.BytesIO(base64.b64decode(answer["pdf"])))
    text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "").replace(" ", "")
    assert "星级家长" in text and "★" in text and NAME in text
    assert display_code(certificate.code) in text
