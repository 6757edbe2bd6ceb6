"""The A4 handout PDF of a required lesson: valid, Chinese text extractable, QR code readable."""

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lessons.classroom.kit import consolidation_url
from tests.factories import RequiredLessonFactory, city

from .qr_decode import decode_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    city()
    return RequiredLessonFactory(title="入学第一周，家长做什么")


@pytest.fixture
def pdf(client, lesson) -> bytes:
    response = client.get(reverse("class_handout", args=[lesson.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_handout_is_an_a4_pdf(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == (595.3, 841.9)


def test_the_handout_carries_the_lessons_chinese_text(pdf):
    text = _text(pdf).replace("\n", "").replace(" ", "")
    for expected in (
        "入学第一周，家长做什么",
        "孩子入学前，您最担心什么？",  # a discussion question
        "提前调整作息",  # a key point
        "和孩子一起整理书包",  # an exercise
        "整理书包的小方法",  # a micro-lesson
        "微课巩固",
    ):
        assert expected in text


def test_the_handout_writes_out_the_link(pdf, lesson, rf):
    text = _text(pdf).replace("\n", "")
    assert consolidation_url(lesson, rf.get("/")) in text


def test_the_handouts_qr_code_decodes_to_the_micro_lessons(pdf, lesson, rf):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "handout.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "handout.pdf", "page"],
            cwd=tmp,
            check=True,
        )
        page = next(Path(tmp).glob("page*.png"))
        assert decode_png(page) == [consolidation_url(lesson, rf.get("/"))]


def test_a_draft_has_no_handout(client, lesson):
    lesson.unpublish()
    assert client.get(reverse("class_handout", args=[lesson.pk])).status_code == 404


def test_the_lesson_page_links_to_the_handout(client, lesson):
    html = client.get(lesson.url).content.decode()
    assert reverse("class_handout", args=[lesson.pk]) in html
