"""The printable handout (讲义) of a required lesson: one A4 PDF for the class or its WeChat group.

Rendered from an HTML template by WeasyPrint with the Noto CJK fonts (installed by
`make setup` and CI). It carries the lesson's title, discussion questions, key
points, exercises and the micro-lessons with a QR code and the written-out link.
"""

from django.template.loader import render_to_string

from ..models import RequiredLesson
from ..site_address import absolute_url
from .qr import qr_svg


def handout_context(lesson: RequiredLesson, request, link: str) -> dict:
    context = lesson.get_context(request)
    context["consolidation"] = context["steps"][-1]  # step 5: the micro-lessons
    context["link"] = link
    context["qr"] = qr_svg(link, scale=4)
    return context


def handout_pdf(lesson: RequiredLesson, request, link: str) -> bytes:
    """The PDF bytes. `link` is where the QR code takes parents (the micro-lessons)."""
    # Imported here: WeasyPrint loads Pango, which only this view needs.
    from weasyprint import HTML

    html = render_to_string(
        "lessons/classroom/handout.html", handout_context(lesson, request, link)
    )
    return HTML(string=html, base_url=absolute_url("/")).write_pdf()
