"""What the dashboard shows: the figures of a scope and period, masked, and the charts.

Everything leaving this module for a template is already masked (masking.shown): templates
print what they are given and never see a count of 1–4.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lessons.school_year import school_year_label

from . import coverage, figures, misses
from .charts import Series, bar_chart
from .masking import shown, shown_average
from .period import WEEK_CHOICES, Period
from .scope import Scope

STARTED, COMPLETED = "#007d7e", "#e9a23b"
HELPFUL, NOT_HELPFUL = "#007d7e", "#cd4444"


def _masked(obj, *names) -> dict:
    return {name: shown(getattr(obj, name)) for name in names}


def _charts(period: Period, weeks: list[figures.WeekFigures], totals: dict) -> dict:
    mondays = [w.week for w in weeks]
    span = {"first": period.first.isoformat(), "last": period.last_day.isoformat()}
    plays = bar_chart(
        "effect-plays",
        _("Plays per week"),
        _(
            "Plays started and completed per week, %(first)s to %(last)s: %(started)s "
            "started, %(completed)s completed. A week with fewer than 5 is a hatched bar."
        )
        % {**span, **totals},
        mondays,
        [
            Series("started", _("Plays started"), [w.started for w in weeks], STARTED),
            Series("completed", _("Plays completed"), [w.completed for w in weeks], COMPLETED),
        ],
    )
    votes = bar_chart(
        "effect-votes",
        _("Helpful votes per week"),
        _(
            "Answers to “Was this lesson helpful?” per week, %(first)s to %(last)s: "
            "%(helpful)s helpful, %(not_helpful)s not helpful. A week with fewer than 5 is "
            "a hatched bar."
        )
        % {**span, **totals},
        mondays,
        [
            Series("helpful", _("Helpful"), [w.helpful for w in weeks], HELPFUL),
            Series("not_helpful", _("Not helpful"), [w.not_helpful for w in weeks], NOT_HELPFUL),
        ],
    )
    return {"plays_chart": plays, "votes_chart": votes}


def _sessions(scope: Scope, period: Period) -> list[dict]:
    return [
        {
            "title": row["title"],
            "sessions": shown(row["sessions"]),
            "schools": shown(row["schools"]),
            "ratings": shown(row["ratings"]),
            "average": shown_average(row["average"], row["ratings"]),
        }
        for row in coverage.sessions_per_required_lesson(scope, period)
    ]


def _reach(scope: Scope) -> dict:
    window = coverage.latest_window(timezone.localdate())
    rows = coverage.first_lesson_reach(scope, window)
    return {
        "school_year": school_year_label(window.school_year),
        "first_day": window.first_day,
        "last_day": window.last_day,
        "rows": [
            {"label": r.label, "lessons": r.lessons, **_masked(r, "started", "completed")}
            for r in rows
        ],
    }


def _misses(scope: Scope, period: Period) -> dict | None:
    if not scope.city_wide:
        return None
    found = misses.search_misses(period)
    return {"texts": found.texts, "hidden": shown(found.hidden), "any_hidden": found.hidden > 0}


def _by_lesson(lessons: list[figures.LessonFigures]) -> dict:
    """The per-lesson tables: each lists the lessons with any count of its own."""

    def rows(first, second):
        return [
            {
                "id": f.lesson_id,
                "title": f.title,
                "first": shown(getattr(f, first)),
                "second": shown(getattr(f, second)),
            }
            for f in lessons
            if getattr(f, first) or getattr(f, second)
        ]

    return {
        "plays_by_lesson": rows("started", "completed"),
        "votes_by_lesson": rows("helpful", "not_helpful"),
        "comments_by_lesson": rows("comments", "new_comments"),
    }


def dashboard_context(scope: Scope, period: Period) -> dict:
    weeks = figures.weekly_totals(scope, period)
    totals = figures.totals(scope, period, weeks)
    masked_totals = _masked(
        totals, "started", "completed", "helpful", "not_helpful", "comments", "new_comments"
    )
    lessons = figures.per_lesson(scope, period)
    return {
        "period": period,
        "week_choices": WEEK_CHOICES,
        "totals": masked_totals,
        **_charts(period, weeks, masked_totals),
        "weeks": [
            {"week": w.week, **_masked(w, "started", "completed", "helpful", "not_helpful")}
            for w in reversed(weeks)
        ],
        **_by_lesson(lessons),
        "sessions": _sessions(scope, period),
        "reach": _reach(scope),
        "misses": _misses(scope, period),
        "comments_url": reverse("parent_comments:index"),
        "csv_url": reverse("effect_export") + f"?weeks={period.weeks}",
    }
