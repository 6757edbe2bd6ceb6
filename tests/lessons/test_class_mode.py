"""Class mode (上课模式) and lesson QR codes."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from lessons.classroom.kit import consolidation_url
from lessons.models import RequiredLesson
from tests.factories import MicroLessonFactory, RequiredLessonFactory, city

from .qr_decode import decode_png

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    city()
    return RequiredLessonFactory(title="入学第一周，家长做什么")


def test_class_mode_shows_the_five_steps_in_order(client, lesson):
    html = client.get(reverse("class_mode", args=[lesson.pk])).content.decode()
    headings = re.findall(r"<h1>(\d) · ([^<]+)</h1>", html)
    with translation.override("zh-hans"):
        expected = [(str(n), str(name)) for n, (_f, name) in enumerate(RequiredLesson.STEPS, 1)]
    assert headings == expected
    assert expected[0][1] == "视频导课" and expected[4][1] == "微课巩固"


def test_class_mode_shows_each_steps_content(client, lesson):
    html = client.get(reverse("class_mode", args=[lesson.pk])).content.decode()
    for text in (
        "孩子入学前，您最担心什么？",
        "提前调整作息",
        "和孩子一起整理书包",
        "整理书包的小方法",
    ):
        assert text in html


def test_class_mode_refuses_a_draft(client, lesson):
    lesson.unpublish()
    assert client.get(reverse("class_mode", args=[lesson.pk])).status_code == 404


def test_class_mode_is_only_for_required_lessons(client, lesson):
    micro = MicroLessonFactory()
    assert client.get(reverse("class_mode", args=[micro.pk])).status_code == 404


def test_the_required_lesson_page_links_to_class_mode(client, lesson):
    html = client.get(lesson.url).content.decode()
    assert reverse("class_mode", args=[lesson.pk]) in html


def test_a_lessons_png_qr_code_decodes_to_its_page(client, lesson):
    response = client.get(reverse("lesson_qr_png", args=[lesson.pk]))
    assert response["Content-Type"] == "image/png"
    assert decode_png(response.content) == [lesson.get_full_url()]


def test_a_lessons_svg_qr_code_is_an_svg_image(client, lesson):
    response = client.get(reverse("lesson_qr_svg", args=[lesson.pk]))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg")


def test_no_qr_code_for_a_draft(client, lesson):
    lesson.unpublish()
    assert client.get(reverse("lesson_qr_png", args=[lesson.pk])).status_code == 404


def test_the_consolidation_link_points_at_the_micro_lessons_step(lesson):
    assert consolidation_url(lesson, None) == lesson.get_full_url() + "#step-5"
