"""The teacher's class kit (上课模式): a required lesson shown step by step in class, and QR
codes that take parents to a lesson (or to its micro-lessons, to consolidate at home).

On request (?attendance=1, a link in the top bar) the last screen also shows a second QR
code, 扫码记录到课（自愿）: today's attendance link (lessons.record.attendance), which a parent
may scan to mark the lesson learned in their own record. Class mode is cached for five
minutes and a token works on its day and the next, so a cached page never shows a dead code.

Every link a QR code or the handout carries is absolute and comes from the configured site
address (lessons.site_address), whatever host the teacher opened the page on."""

import io

import segno
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ..caching import cache_publicly
from ..models import LessonPage, RequiredLesson
from ..record.attendance import attendance_url
from ..site_address import page_url
from .handout import handout_pdf
from .qr import ERROR_LEVEL, qr_png, qr_svg

CONSOLIDATION_ANCHOR = "#step-5"


def live_lesson(model, page_id: int):
    """A published, public lesson of the model, or 404 (drafts are never shown)."""
    lesson = model.objects.live().public().filter(pk=page_id).first()
    if lesson is None:
        raise Http404("No published lesson with this id.")
    return lesson


def consolidation_url(lesson: RequiredLesson, request) -> str:
    """Where parents consolidate at home: the lesson page at its micro-lessons (step 5)."""
    return page_url(lesson, request) + CONSOLIDATION_ANCHOR


def attendance_qr(lesson: RequiredLesson) -> str:
    """The attendance QR code as inline SVG with a viewBox and no fixed size: the page's CSS
    sizes it, and the attendance link's larger code (a longer URL) is scaled, never cropped."""
    buffer = io.BytesIO()
    segno.make_qr(attendance_url(lesson), error=ERROR_LEVEL).save(
        buffer, kind="svg", scale=6, border=4, xmldecl=False, omitsize=True, svgclass="qr",
        lineclass=None,
    )  # fmt: skip
    return buffer.getvalue().decode()


def class_mode_context(lesson: RequiredLesson, request, attendance: bool = False) -> dict:
    context = lesson.get_context(request)
    context["consolidation_qr"] = qr_svg(consolidation_url(lesson, request), scale=6)
    context["attendance_qr"] = attendance_qr(lesson) if attendance else ""
    return context


@require_GET
def class_mode(request, page_id: int):
    lesson = live_lesson(RequiredLesson, page_id)
    attendance = request.GET.get("attendance") == "1"
    context = class_mode_context(lesson, request, attendance)
    response = render(request, "lessons/classroom/class_mode.html", context)
    return cache_publicly(response, max_age=300)


@require_GET
def lesson_qr(request, page_id: int, kind: str):
    lesson = live_lesson(LessonPage, page_id).specific
    url = page_url(lesson, request)
    if kind == "svg":
        response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    else:
        response = HttpResponse(qr_png(url), content_type="image/png")
        response["Content-Disposition"] = f'inline; filename="lesson-{lesson.pk}-qr.png"'
    return cache_publicly(response, max_age=3600)


@require_GET
def handout(request, page_id: int):
    lesson = live_lesson(RequiredLesson, page_id)
    pdf = handout_pdf(lesson, request, consolidation_url(lesson, request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="handout-{lesson.pk}.pdf"'
    return cache_publicly(response, max_age=300)
