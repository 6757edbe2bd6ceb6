"""Which first lesson of the school year (家长开学第一课) a parent sees, when, and what
editors still have to make for the coming school year (the rule for years and the window:
lessons.school_year)."""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from ..models import FirstLesson
from ..models.first_lessons import STAGE_ENTRY_GRADES
from ..school_year import pinned_first_lesson_year, school_year_label
from ..taxonomy import GRADE_BY_CODE, GRADES


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
    """In the window (lessons.school_year): the grade's first lessons of the window's school
    year; with no grade chosen, the all-stages one."""
    year = pinned_first_lesson_year(today)
    if year is None:
        return []
    return list(lessons_for_grade(grade_code, year))


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
