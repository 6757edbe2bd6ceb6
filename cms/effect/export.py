"""The dashboard's figures as CSV, one row per lesson per week, masked as on the page.

UTF-8 with a byte-order mark, so that Excel (which editors open it in) reads the Chinese
titles right. A title that starts like a formula (=, +, -, @) is quoted with an apostrophe:
opening the file never runs anything an editor typed into a title.
"""

import csv

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .figures import LessonFigures
from .masking import shown
from .period import Period

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def header() -> list[str]:
    return [
        _("Lesson ID"),
        _("Lesson"),
        _("Week (Monday)"),
        _("Plays started"),
        _("Plays completed"),
        _("Helpful"),
        _("Not helpful"),
        _("Comments received"),
    ]


def row(figures: LessonFigures) -> list:
    return [
        figures.lesson_id,
        _cell(figures.title),
        figures.week.isoformat() if figures.week else "",
        shown(figures.started),
        shown(figures.completed),
        shown(figures.helpful),
        shown(figures.not_helpful),
        shown(figures.comments),
    ]


def csv_response(rows: list[LessonFigures], period: Period) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"effect-{period.first.isoformat()}-{period.last_day.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header())
    for figures in rows:
        writer.writerow(row(figures))
    return response
