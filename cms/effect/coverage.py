"""Class sessions held with the required lessons of a scope, and the first lessons' reach.

- Per required lesson in the scope: sessions held in the period with it (at any school), the
  number of schools that held them, and the teachers' ratings (how it worked, 1–5). One query.
- 家长开学第一课: plays of the first lessons of the latest first-lesson window's school year
  (settings.FIRST_LESSON_WINDOW, lessons.school_year) during that window, per grade. Two
  queries: the first lessons with their grades, and their plays.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Avg, Count, Q, Sum

from lessons.feedback.counters import week_of
from lessons.models import FirstLesson, PlayCounts, RequiredLesson
from lessons.models.first_lessons import STAGE_ENTRY_GRADES
from lessons.taxonomy import GRADES

from .period import Period
from .scope import Scope


def sessions_per_required_lesson(scope: Scope, period: Period) -> list[dict]:
    """Live required lessons of the scope (and any other with sessions in the period), by
    title: sessions, schools, ratings and their average (raw; masked by the caller)."""
    held = Q(
        class_sessions__held_on__gte=period.first, class_sessions__held_on__lte=period.last_day
    )
    return list(
        RequiredLesson.objects.filter(pk__in=scope.lesson_ids)
        .annotate(
            sessions=Count("class_sessions", filter=held),
            schools=Count("class_sessions__school", filter=held, distinct=True),
            ratings=Count("class_sessions__how_it_worked", filter=held),
            average=Avg("class_sessions__how_it_worked", filter=held),
        )
        .filter(Q(live=True) | Q(sessions__gt=0))
        .values("pk", "title", "sessions", "schools", "ratings", "average")
        .order_by("title", "pk")
    )


@dataclass(frozen=True)
class Window:
    school_year: int
    first_day: date
    last_day: date


def latest_window(today: date) -> Window:
    """The first-lesson window that began last: this calendar year's once it has begun, else
    last year's. Its first lessons are those of the school year starting that 1 September."""
    (start_month, start_day), (end_month, end_day) = settings.FIRST_LESSON_WINDOW
    year = today.year if (today.month, today.day) >= (start_month, start_day) else today.year - 1
    return Window(year, date(year, start_month, start_day), date(year, end_month, end_day))


@dataclass
class GradeReach:
    code: str  # a grade's code, or "all" for the all-stages first lesson
    label: str
    lessons: int = 0
    started: int = 0
    completed: int = 0


def _rows_for(transition: str, grades: set) -> set:
    if transition == FirstLesson.Transition.ALL:
        return {FirstLesson.Transition.ALL.value}
    if transition in STAGE_ENTRY_GRADES:
        return {transition}
    return grades


def first_lesson_reach(scope: Scope, window: Window) -> list[GradeReach]:
    """The all-stages row, then one row per grade: first lessons of the window's school year
    in the scope, and their plays in the weeks of the window. A lesson for several grades
    counts in each of them."""
    lessons = FirstLesson.objects.filter(pk__in=scope.lesson_ids, school_year=window.school_year)
    grades_of: dict[int, set] = defaultdict(set)
    transition_of: dict[int, str] = {}
    for pk, transition, grade in lessons.values_list("pk", "transition", "grades").order_by():
        transition_of[pk] = transition
        if grade:
            grades_of[pk].add(grade)
    plays = (
        PlayCounts.objects.filter(
            lesson__in=lessons.values("pk"),
            week__gte=week_of(window.first_day),
            week__lte=window.last_day,
        )
        .values("lesson_id")
        .annotate(started=Sum("started"), completed=Sum("completed"))
        .order_by()
    )
    plays_of = {row["lesson_id"]: row for row in plays}
    rows = {
        FirstLesson.Transition.ALL.value: GradeReach("all", str(FirstLesson.Transition.ALL.label))
    }
    rows.update({g.code: GradeReach(g.code, g.name) for g in GRADES})
    for pk, transition in transition_of.items():
        for code in _rows_for(transition, grades_of[pk]):
            row = rows.get(code)
            if row is None:
                continue
            row.lessons += 1
            row.started += (plays_of.get(pk) or {}).get("started") or 0
            row.completed += (plays_of.get(pk) or {}).get("completed") or 0
    return list(rows.values())
