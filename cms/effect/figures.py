"""Plays, helpful votes and comments of the lessons in a scope, in a period.

Each figure is one aggregating query over the scope's lessons (a subquery of page ids): the
number of queries does not grow with the number of lessons. Figures are raw counts; what
editors see of them goes through masking (the views, the charts and the CSV do).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncWeek

from lessons.models import HelpfulVotes, LessonComment, PlayCounts

from .period import Period
from .scope import Scope


@dataclass
class LessonFigures:
    """One lesson's counts in the period (or in one week of it)."""

    lesson_id: int
    title: str
    week: date | None = None
    started: int = 0
    completed: int = 0
    helpful: int = 0
    not_helpful: int = 0
    comments: int = 0
    new_comments: int = 0


@dataclass
class WeekFigures:
    week: date
    started: int = 0
    completed: int = 0
    helpful: int = 0
    not_helpful: int = 0


@dataclass
class Totals:
    started: int = 0
    completed: int = 0
    helpful: int = 0
    not_helpful: int = 0
    comments: int = 0
    new_comments: int = 0
    weeks: list[WeekFigures] = field(default_factory=list)


def _weekly(model, scope: Scope, period: Period):
    return model.objects.filter(
        lesson__in=scope.lesson_ids, week__gte=period.first, week__lte=period.last
    )


def _comments(scope: Scope, period: Period):
    return LessonComment.objects.filter(
        lesson__in=scope.lesson_ids, created__gte=period.first, created__lte=period.last_day
    )


PLAYS = {"started": Sum("started"), "completed": Sum("completed")}
VOTES = {"helpful": Sum("helpful"), "not_helpful": Sum("not_helpful")}
COMMENTS = {"comments": Count("pk"), "new_comments": Count("pk", filter=Q(status="new"))}


def weekly_totals(scope: Scope, period: Period) -> list[WeekFigures]:
    """Every week of the period, oldest first, with the scope's plays and votes (2 queries)."""
    weeks = {monday: WeekFigures(monday) for monday in period.mondays}
    for model, sums in ((PlayCounts, PLAYS), (HelpfulVotes, VOTES)):
        for row in _weekly(model, scope, period).values("week").annotate(**sums).order_by():
            if row["week"] in weeks:
                for name in sums:
                    setattr(weeks[row["week"]], name, row[name] or 0)
    return list(weeks.values())


def totals(scope: Scope, period: Period, weeks: list[WeekFigures]) -> Totals:
    """The period's totals: plays and votes from the weeks, comments in one query."""
    comments = _comments(scope, period).aggregate(**COMMENTS)
    return Totals(
        started=sum(w.started for w in weeks),
        completed=sum(w.completed for w in weeks),
        helpful=sum(w.helpful for w in weeks),
        not_helpful=sum(w.not_helpful for w in weeks),
        comments=comments["comments"] or 0,
        new_comments=comments["new_comments"] or 0,
        weeks=weeks,
    )


def _merge(rows_by_query, by_week: bool) -> list[LessonFigures]:
    merged: dict[tuple, LessonFigures] = {}
    for rows, names in rows_by_query:
        for row in rows:
            week = row.get("week") if by_week else None
            key = (row["lesson_id"], week)
            entry = merged.get(key)
            if entry is None:
                entry = merged[key] = LessonFigures(row["lesson_id"], row["lesson__title"], week)
            for name in names:
                setattr(entry, name, getattr(entry, name) + (row[name] or 0))
    return sorted(merged.values(), key=lambda f: (f.title, f.lesson_id, f.week or date.min))


def per_lesson(scope: Scope, period: Period) -> list[LessonFigures]:
    """Each lesson with any play, vote or comment in the period, by title (3 queries)."""
    key = ("lesson_id", "lesson__title")
    return _merge(
        [
            (_weekly(PlayCounts, scope, period).values(*key).annotate(**PLAYS).order_by(), PLAYS),
            (_weekly(HelpfulVotes, scope, period).values(*key).annotate(**VOTES).order_by(), VOTES),
            (_comments(scope, period).values(*key).annotate(**COMMENTS).order_by(), COMMENTS),
        ],
        by_week=False,
    )


def per_lesson_and_week(scope: Scope, period: Period) -> list[LessonFigures]:
    """Each lesson and week with any play, vote or comment, by title and week (3 queries)."""
    key = ("lesson_id", "lesson__title", "week")
    comments = (
        _comments(scope, period)
        .annotate(week=TruncWeek("created"))
        .values(*key)
        .annotate(**COMMENTS)
        .order_by()
    )
    return _merge(
        [
            (_weekly(PlayCounts, scope, period).values(*key, *PLAYS), PLAYS),
            (_weekly(HelpfulVotes, scope, period).values(*key, *VOTES), VOTES),
            (comments, COMMENTS),
        ],
        by_week=True,
    )
