"""到课确认 (issue 19): class mode's second QR code, its signed token and the page it opens."""

import re
import subprocess
from datetime import timedelta
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from lessons.record.attendance import (
    SALT,
    BadToken,
    attendance_url,
    attended_day,
    make_token,
    read_token,
)
from tests.factories import MicroLessonFactory, RequiredLessonFactory, city

from .qr_decode import decode_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    city()
    return RequiredLessonFactory(title="入学第一周，家长做什么")


def attended_page(client, token):
    return client.get(reverse("class_attended", args=[token]))


def test_a_token_round_trips_and_names_the_lesson_and_the_day(lesson):
    today = timezone.localdate()
    token = make_token(lesson.pk, today)
    assert read_token(token) == (lesson.pk, today)
    assert attended_day(token, lesson.pk) == today
    assert attended_day(token, lesson.pk + 1) is None  # another lesson's token
    assert len(token) <= 200 and "/" not in token


@pytest.mark.parametrize(
    "forged",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature altered
        lambda t: t.replace("-", "-1", 1),  # lesson id changed, signature kept
        lambda t: t.split(".")[0],  # no signature
        lambda t: signing.Signer(salt="another salt", sep=".").sign(t.split(".")[0]),
        lambda t: signing.Signer(salt=SALT, sep=".", key="another key").sign(t.split(".")[0]),
        lambda t: "",
        lambda t: "x" * 500,
        lambda t: "中文.签名",
    ],
)
def test_a_forged_token_is_refused(lesson, forged):
    token = forged(make_token(lesson.pk, timezone.localdate()))
    with pytest.raises(BadToken):
        read_token(token)
    assert attended_day(token, lesson.pk) is None


def test_the_page_of_a_valid_token_lets_the_script_record_the_lesson(client, lesson):
    token = make_token(lesson.pk, timezone.localdate())
    response = attended_page(client, token)
    html = response.content.decode()
    assert response.status_code == 200
    assert "到课确认" in html and "已记录到课" in html and lesson.title in html
    assert f'data-id="{lesson.pk}"' in html and 'data-kind="required"' in html
    assert f'data-token="{token}"' in html and f'data-url="{lesson.url}"' in html
    assert "lessons/learning.js" in html
    assert "public" in response["Cache-Control"] and "Set-Cookie" not in response.headers


def test_yesterdays_token_still_works_but_not_older_ones(client, lesson):
    today = timezone.localdate()
    assert (
        attended_page(client, make_token(lesson.pk, today - timedelta(days=1))).status_code == 200
    )
    for days in (2, 30, 400):
        response = attended_page(client, make_token(lesson.pk, today - timedelta(days=days)))
        assert response.status_code == 410
        assert "已过期" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    tomorrow = make_token(lesson.pk, today + timedelta(days=1))  # never made by class mode
    assert attended_page(client, tomorrow).status_code == 410


def test_a_forged_token_gets_a_chinese_message_never_a_500(client, lesson):
    token = make_token(lesson.pk, timezone.localdate())
    for bad in (token[:-2] + "zz", token.split(".")[0], "abc", "9" * 5000, "%00", "中文"):
        response = attended_page(client, quote(bad) if bad != "%00" else bad)
        assert response.status_code == 400, bad
        assert "这个到课链接无效" in response.content.decode()


def test_a_draft_or_a_non_required_lesson_has_no_attendance_page(client, lesson):
    micro = MicroLessonFactory()
    today = timezone.localdate()
    assert attended_page(client, make_token(micro.pk, today)).status_code == 404
    token = make_token(lesson.pk, today)
    lesson.unpublish()
    response = attended_page(client, token)
    assert response.status_code == 404 and "未发布" in response.content.decode()


def _qr_codes_of_svg(svg: str, tmp_path: Path) -> list[str]:
    """Render the inline SVG the way it is shown (WeasyPrint, then pdftoppm) and decode it."""
    from weasyprint import HTML

    html = f'<img style="width:60mm" src="data:image/svg+xml;charset=utf-8,{quote(svg)}">'
    (tmp_path / "qr.pdf").write_bytes(HTML(string=html).write_pdf())
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "qr.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    return decode_png(next(tmp_path.glob("page*.png")))


def test_class_mode_shows_the_attendance_qr_code_on_request(client, lesson, tmp_path):
    plain = client.get(reverse("class_mode", args=[lesson.pk])).content.decode()
    assert "data-attendance-qr" not in plain  # one QR code by default: the micro-lessons
    assert "到课二维码" in plain and "显示到课二维码（家长自愿扫码）" in plain
    assert "?attendance=1#step-5" in plain

    response = client.get(reverse("class_mode", args=[lesson.pk]), {"attendance": "1"})
    html = response.content.decode()
    assert "扫码记录到课（自愿）" in html and "隐藏到课二维码" in html
    svg = re.search(r"<div data-attendance-qr>(<svg.*?</svg>)", html, re.S).group(1)
    (url,) = _qr_codes_of_svg(unescape(svg), tmp_path)
    assert url == attendance_url(lesson)
    path = url.removeprefix(lesson.get_site().root_url)
    assert path.startswith("/my/attended/")
    token = path.split("/")[3]
    assert read_token(token) == (lesson.pk, timezone.localdate())
    assert client.get(path).status_code == 200

    # Cached for five minutes at most: a token outlives any cached copy of the page.
    assert sorted(response["Cache-Control"].split(", ")) == ["max-age=300", "public"]


def test_the_attendance_link_uses_the_sites_address(lesson, settings):
    site = lesson.get_site()
    site.hostname, site.port = "jzxx.example.cn", 443
    site.save()
    assert attendance_url(lesson).startswith("https://jzxx.example.cn/my/attended/")
