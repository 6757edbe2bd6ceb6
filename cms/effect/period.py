"""The period the dashboard shows: the last N ISO weeks, this one included.

N comes from the `weeks` query parameter when it is one of WEEK_CHOICES; anything else (a
5,000-digit number, letters, a negative, nothing) is the default: never int() on what a
request carries, never a 500.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from lessons.feedback.counters import week_of

WEEK_CHOICES = (4, 12, 26, 52)
DEFAULT_WEEKS = 12
PARAMETER = "weeks"


@dataclass(frozen=True)
class Period:
    weeks: int
    first: date  # the Monday of the first week
    last: date  # the Monday of the current week

    @property
    def mondays(self) -> list[date]:
        return [self.first + timedelta(weeks=n) for n in range(self.weeks)]

    @property
    def last_day(self) -> date:
        return self.last + timedelta(days=6)


def weeks_from(value) -> int:
    """The number of weeks a parameter asks for, if it is an offered choice; else the default."""
    if isinstance(value, str) and value in {str(n) for n in WEEK_CHOICES}:
        return int(value)
    return DEFAULT_WEEKS


def period_for(request=None, weeks: int | None = None, today: date | None = None) -> Period:
    if weeks is None:
        weeks = weeks_from(request.GET.get(PARAMETER) if request is not None else None)
    last = week_of(today or timezone.localdate())
    return Period(weeks, last - timedelta(weeks=weeks - 1), last)
