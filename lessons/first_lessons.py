"""Which first lesson of the school year (家长开学第一课) a parent sees, when, and what
editors still have to make for the coming school year."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import FirstLesson
from .models.first_lessons import STAGE_ENTRY_GRADES, school_year_label
from .taxonomy import GRADE_BY_CODE, GRADES


def school_year_of(day: date) -> int:
    """The school year a day belongs to (it starts in September; from August on we look ahead)."""
    return day.year if day.month >= 8 else day.year - 1


def coming_school_year(day: date) -> int:
    """The school year editors are preparing for: the one that starts next September."""
    return day.year if day.month < 9 else day.year + 1


def in_window(day: date) -> bool:
    """Pinned on the home page from 15 Aug to 15 Oct (settings.FIRST_LESSON_WINDOW)."""
    (start_month, start_day), (end_month, end_day) = settings.FIRST_LESSON_WINDOW
    return date(day.year, start_month, start_day) <= day <= date(day.year, end_month, end_day)


def lessons_for_grade(grade_code: str | None, school_year: int):
    """The all-stages first lesson and the one for this grade (entry or year transition);
    only the all-stages one when no grade is known."""
    lessons = FirstLesson.objects.for_parents().filter(school_year=school_year)
    wanted = lessons.filter(transition=FirstLesson.Transition.ALL)
    if grade_code in STAGE_ENTRY_GRADES:
        wanted |= lessons.filter(transition=grade_code)
    elif grade_code is not None:
        wanted |= lessons.filter(transition=FirstLesson.Transition.YEAR, grades=grade_code)
    return wanted.order_by("-transition", "path").select_related("cover_image").distinct()


def pinned_first_lesson_pages(grade_code: str | None, today: date) -> list[FirstLesson]:
    """In the window: the grade's first lessons; with no grade chosen, the all-stages one."""
    if not in_window(today):
        return []
    return list(lessons_for_grade(grade_code, school_year_of(today)))


@dataclass(frozen=True)
class ChecklistRow:
    label: str
    status: str  # live | in_review | draft | missing
    status_label: str
    titles: tuple[str, ...]


STATUS_LABELS = {
    "live": _("Published"),
    "in_review": _("In review"),
    "draft": _("Draft"),
    "missing": _("Missing"),
}


def _status(pages) -> str:
    if any(p.live for p in pages):
        return "live"
    if any(p.workflow_in_progress for p in pages):
        return "in_review"
    return "draft" if pages else "missing"


def checklist(school_year: int, title=lambda page: page.title) -> dict:
    """The five stage lessons and every other grade's transition lesson: done, in review,
    draft or missing; `title(page)` is what a row shows of each page."""
    lessons = list(FirstLesson.objects.filter(school_year=school_year).prefetch_related("grades"))
    rows = []
    for transition in (FirstLesson.Transition.ALL, *STAGE_ENTRY_GRADES):
        pages = [p for p in lessons if p.transition == transition]
        label = FirstLesson.Transition(transition).label
        rows.append(_row(label, pages, title))
    for grade in GRADES:
        if grade.code in STAGE_ENTRY_GRADES:
            continue
        pages = [
            p for p in lessons
            if p.transition == FirstLesson.Transition.YEAR
            and grade.code in {g.pk for g in p.grades.all()}
        ]  # fmt: skip
        label = _("Year transition: %(grade)s") % {"grade": GRADE_BY_CODE[grade.code].name}
        rows.append(_row(label, pages, title))
    return {"school_year": school_year, "label": school_year_label(school_year), "rows": rows}


def _row(label, pages, title) -> ChecklistRow:
    status = _status(pages)
    return ChecklistRow(
        str(label), status, str(STATUS_LABELS[status]), tuple(title(p) for p in pages)
    )
