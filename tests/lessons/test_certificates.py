"""Star-parent certificates (星级家长证书, issue 19): the server recomputes the level from the
posted record, prints a Chinese PDF with a verification code and the optional name (never
stored). Verifying a code: test_certificate_verification.py."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from lessons.models import StarCertificate
from lessons.record.attendance import make_token
from lessons.record.certificate_codes import ALPHABET, display_code
from lessons.school_year import school_year_label, school_year_of
from tests.factories import FirstLessonFactory, MicroLessonFactory, RequiredLessonFactory

from .certificates import NAME, URL, learned, now_ms, pdf_text, post, year_start

pytestmark = pytest.mark.django_db


def test_a_one_star_certificate_is_a_chinese_pdf_with_its_code_and_the_name(client, first):
    response = post(client, learned(first), name=NAME)
    text = pdf_text(response)
    certificate = StarCertificate.objects.get()
    year = school_year_label(school_year_of(timezone.localdate()))
    for expected in ("星级家长", "★", "1星家长", year, display_code(certificate.code), NAME,
                     "核验星级证书", "学年", "核验码"):  # fmt: skip
        assert expected in text, expected
    assert "★★" not in text
    assert certificate.stars == 1 and certificate.school_year == school_year_of(
        timezone.localdate()
    )
    assert re.fullmatch(f"[{ALPHABET}]{{10}}", certificate.code)
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert (
        response["Content-Disposition"] == f'inline; filename="star-parent-{certificate.code}.pdf"'
    )
    box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape


def test_the_name_is_printed_but_never_stored(client, first):
    post(client, learned(first), name=NAME)
    row = StarCertificate.objects.values().get()
    assert set(row) == {"id", "code", "stars", "school_year", "issued"}
    assert NAME not in json.dumps(row, default=str, ensure_ascii=False)


def test_without_a_name_the_certificate_has_none(client, first):
    text = pdf_text(post(client, learned(first)))
    assert NAME not in text and "星级家长" in text


def test_three_stars_from_the_first_two_required_and_five_micro_lessons(client, three_stars):
    text = pdf_text(post(client, learned(*three_stars)))
    assert "★★★" in text and "3星家长" in text
    assert StarCertificate.objects.get().stars == 3


def test_each_request_makes_a_new_certificate_with_its_own_code(client, first):
    post(client, learned(first))
    post(client, learned(first))
    codes = list(StarCertificate.objects.values_list("code", flat=True))
    assert len(codes) == 2 and codes[0] != codes[1]


def test_the_clients_claims_are_ignored(client, first):
    micro = MicroLessonFactory()
    claims = [{"id": micro.pk, "learned_at": now_ms(), "kind": "first_lesson", "stars": 3}]
    response = post(client, claims, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "error": "还没有获得星级：学完本学年的家长开学第一课，就可以打印证书。"
    }
    assert not StarCertificate.objects.exists()
    # a micro-lesson posted three times is still one micro-lesson
    three = [
        *learned(first), *(learned(RequiredLessonFactory()) * 2), *(learned(micro) * 5),
    ]  # fmt: skip
    post(client, three)
    assert StarCertificate.objects.get().stars == 1


def test_unknown_and_unpublished_lessons_are_ignored(client, first):
    draft = FirstLessonFactory(title="草稿")
    draft.unpublish()
    entries = learned(draft) + [{"id": 2147483647, "learned_at": now_ms()}]
    assert post(client, entries).status_code == 400
    first.unpublish()
    assert post(client, learned(first)).status_code == 400
    assert not StarCertificate.objects.exists()


def test_lessons_learned_outside_this_school_year_are_ignored(client, first):
    before = int((year_start() - timedelta(seconds=1)).timestamp() * 1000)
    assert post(client, learned(first, at=before)).status_code == 400
    next_year = int(year_start().replace(year=year_start().year + 1).timestamp() * 1000)
    assert post(client, learned(first, at=next_year)).status_code == 400
    start = int(year_start().timestamp() * 1000)
    assert post(client, learned(first, at=start)).status_code == 200


def test_a_valid_attendance_token_counts_a_required_lesson(client, first):
    required = [RequiredLessonFactory(title=f"必修课{n}") for n in range(2)]
    today = timezone.localdate()
    attended = [{"id": r.pk, "learned_at": None, "attended": make_token(r.pk, today)}
                for r in required]  # fmt: skip
    text = pdf_text(post(client, learned(first) + attended))
    assert "★★" in text and StarCertificate.objects.get().stars == 2


@pytest.mark.parametrize(
    "token",
    [
        lambda r, other, today: make_token(r.pk, today)[:-1] + "x",  # forged
        lambda r, other, today: make_token(other.pk, today),  # another lesson's
        lambda r, other, today: make_token(r.pk, today.replace(day=1) - timedelta(days=400)),
        lambda r, other, today: make_token(r.pk, today + timedelta(days=2)),  # not yet
        lambda r, other, today: "x" * 300,
    ],
)
def test_a_forged_or_expired_token_does_not_count(client, first, token):
    required = [RequiredLessonFactory(title=f"必修课{n}") for n in range(2)]
    other = RequiredLessonFactory()
    today = timezone.localdate()
    attended = [{"id": required[0].pk, "attended": make_token(required[0].pk, today)}]
    attended.append({"id": required[1].pk, "attended": token(required[1], other, today)})
    pdf_text(post(client, learned(first) + attended))
    assert StarCertificate.objects.get().stars == 1


def test_a_token_only_counts_for_a_required_lesson(client, first):
    micro = [MicroLessonFactory() for _ in range(5)]
    required = [RequiredLessonFactory() for _ in range(2)]
    today = timezone.localdate()
    tokens = [{"id": m.pk, "attended": make_token(m.pk, today)} for m in micro]
    post(client, learned(first, *required) + tokens)
    assert StarCertificate.objects.get().stars == 2


@pytest.mark.parametrize(
    "lessons, name",
    [
        ("{", ""),
        ("", ""),
        ("null", ""),
        ('{"lessons": []}', ""),
        ('"x"', ""),
        ("1e999", ""),
        ("[" * 5000, ""),
        ("9" * 5000, ""),
        ("[]", ""),
        ('[1, "a", null, [], {"id": null}, {"id": true}, {"id": 1.5}, {"id": "9999999999"}]', ""),
        ('[{"id": "99999999999999999999", "learned_at": 1}]', ""),
        ('[{"id": -1}, {"id": "²"}, {"id": " 1"}, {"id": "0x10"}]', ""),
        ("ok", "名" * 21),
        ("ok", "小明\x00"),
        ("ok", "小明\u202e"),
        ("\x00", ""),
    ],
)
def test_hostile_bodies_are_a_400_in_chinese(client, first, lessons, name):
    if lessons == "ok":
        lessons = json.dumps(learned(first))
    response = post(client, lessons, name=name, HTTP_ACCEPT="application/json")
    assert response.status_code == 400, response.content
    assert re.search("[\u4e00-\u9fff]", response.json()["error"])
    assert not StarCertificate.objects.exists()


def test_wrong_field_types_in_entries_are_read_as_absent(client, first):
    entries = [{"id": first.pk, "learned_at": "yesterday", "attended": 5},
               {"id": first.pk, "learned_at": [now_ms()], "attended": {"a": 1}}]  # fmt: skip
    assert post(client, entries).status_code == 400
    entries.append({"id": first.pk, "learned_at": float(now_ms()), "attended": None})
    assert post(client, entries).status_code == 200


def test_a_body_over_64_kb_is_refused(client, first):
    padding = [{"id": "1", "learned_at": 1, "attended": "x" * 200}] * 300
    response = post(client, learned(first) + padding, HTTP_ACCEPT="application/json")
    assert response.status_code == 400 and response.json()["error"] == "内容太长。"


def test_only_a_post_from_the_site_is_taken(client, first):
    assert client.get(URL).status_code == 405
    response = post(client, learned(first), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert not StarCertificate.objects.exists()


def test_the_refusal_without_script_is_a_chinese_page_back_to_my_learning(client, first):
    response = post(client, [])
    html = response.content.decode()
    assert response.status_code == 400 and "还没有获得星级" in html
    assert 'href="/my/"' in html and "no-store" in response["Cache-Control"]
