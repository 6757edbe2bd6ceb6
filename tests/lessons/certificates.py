"""What the certificate tests share: a first lesson of this school year, three stars' worth of
lessons, a record's entries as the page posts them, and the PDF's text (pypdf)."""

import io
import json
from datetime import datetime

import pytest
from django.utils import timezone
from pypdf import PdfReader

from lessons.school_year import school_year_of
from tests.factories import FirstLessonFactory, MicroLessonFactory, RequiredLessonFactory, city

URL = "/my/certificate/"
NAME = "小明妈妈"


def now_ms() -> int:
    return int(timezone.now().timestamp() * 1000)


def year_start():
    year = school_year_of(timezone.localdate())
    return datetime(year, 9, 1, tzinfo=timezone.get_current_timezone())


def learned(*lessons, at=None) -> list[dict]:
    return [{"id": str(lesson.pk), "learned_at": now_ms() if at is None else at, "attended": ""}
            for lesson in lessons]  # fmt: skip


def post(client, entries, name="", **extra):
    body = {"lessons": entries if isinstance(entries, str) else json.dumps(entries), "name": name}
    return client.post(URL, body, **extra)


def pdf_text(response) -> str:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    return text.replace("\n", "").replace(" ", "")


@pytest.fixture
def first():
    city()
    return FirstLessonFactory(title="开学第一课：陪孩子迈好新学年第一步")


@pytest.fixture
def three_stars(first):
    required = [RequiredLessonFactory(title=f"必修课{n}") for n in range(2)]
    micro = [MicroLessonFactory(title=f"微课{n}") for n in range(5)]
    return [first, *required, *micro]
