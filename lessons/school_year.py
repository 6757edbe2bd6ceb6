"""The school year (学年), its terms and the first-lesson window: one rule for the project.

A school year starts on 1 September and ends on 31 August; it is named by the calendar year
it starts in, so 2026 is the 2026–2027 school year (1 September 2026 – 31 August 2027). Its
term 1 (第一学期) runs September–January, term 2 (第二学期) February–August: the summer
holiday belongs to the school year that is ending.

- `school_year_of(day)`: the school year the day is in (31 August 2026 → 2025,
  1 September 2026 → 2026). Class sessions count toward it; the weekly episodes' archive
  groups by it (with `term_of`).
- `coming_school_year(day)`: the next school year to start after the day, always
  `school_year_of(day) + 1` (on 31 August 2026: 2026; on 1 September 2026 the 2026 year has
  begun, so 2027). Editors prepare its first lessons (the admin checklist).
- `term_of(day)`: (school year, term).
- `school_year_bounds_ms(year)`: the year's first moment and the next year's, in the site's
  time zone, as the milliseconds a browser's record keeps (我的学习 and star certificates).
- `pinned_first_lesson_year(day)`: 家长开学第一课 are pinned for parents during the window
  `settings.FIRST_LESSON_WINDOW`, ((month, day), (month, day)) within one calendar year
  (15 August – 15 October). During the window of calendar year Y the first lessons of school
  year Y are pinned: the year that starts on that 1 September, also on the window's days before
  it (a window from 1 July pins on 31 July the year about to start, never last year's). Outside
  the window nothing is pinned (None).

Pure: a date in, integers and labels out; no models, no database.
"""

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

FIRST_MONTH = 9  # September: the school year and its term 1 begin
TERM_2_FIRST_MONTH = 2  # February: term 2 begins


def school_year_of(day: date) -> int:
    """The school year the day is in, by the calendar year it starts in."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def coming_school_year(day: date) -> int:
    """The school year that starts on the next 1 September after the day."""
    return school_year_of(day) + 1


def term_of(day: date) -> tuple[int, int]:
    """(school year, term): term 1 runs September–January, term 2 February–August."""
    term = 2 if TERM_2_FIRST_MONTH <= day.month < FIRST_MONTH else 1
    return school_year_of(day), term


def school_year_label(year: int) -> str:
    """2026 → "2026–2027"."""
    return f"{year}–{year + 1}"


def term_label(school_year: int, term: int) -> str:
    """2026, 2 → "2026–2027 学年第 2 学期"."""
    return _("%(start)d–%(end)d school year, term %(term)d") % {
        "start": school_year, "end": school_year + 1, "term": term,
    }  # fmt: skip


def in_first_lesson_window(day: date, window=None) -> bool:
    """Whether the day is in the first-lesson window (both ends included); `window` defaults
    to settings.FIRST_LESSON_WINDOW."""
    start, end = _window(window)
    return start <= (day.month, day.day) <= end


def pinned_first_lesson_year(day: date, window=None) -> int | None:
    """The school year whose first lessons are pinned on the day: in the window, the one
    starting on the window's 1 September (the day's calendar year); outside it, None."""
    return day.year if in_first_lesson_window(day, window) else None


def _window(window) -> tuple[tuple[int, int], tuple[int, int]]:
    (start_month, start_day), (end_month, end_day) = (
        settings.FIRST_LESSON_WINDOW if window is None else window
    )
    start, end = (start_month, start_day), (end_month, end_day)
    if start > end:
        raise ValueError(f"The first-lesson window {start}–{end} must lie within one year.")
    return start, end


def school_year_bounds_ms(year: int) -> tuple[int, int]:
    """(start, end) of the school year `year` in milliseconds since the epoch, end exclusive:
    1 September 00:00 in the site's time zone, and the next year's."""

    def start(of_year: int) -> int:
        moment = datetime(of_year, FIRST_MONTH, 1, tzinfo=timezone.get_current_timezone())
        return int(moment.timestamp()) * 1000

    return start(year), start(year + 1)
