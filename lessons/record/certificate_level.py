"""The star level a certificate states, recomputed by the server from the record's entries.

The parent's record lives in the browser; to print a certificate the page posts its entries
(lesson id, learned_at in milliseconds, the attendance token if any) and nothing else. The
server trusts none of the rest: a lesson counts only if it is one parents can see now
(LessonQuerySet.for_parents()), its kind is read from its own model (the kind registry),
never from the post, and it was learned within the current school year: learned_at in the
year, or, for a required lesson, a valid attendance token (lessons.record.attendance) of that
lesson dated in the year. The counts go through lessons.stars.stars_for, the rule 我的学习
shows. A record can still be written by hand: a certificate is a thank-you the parent holds,
not proof of anything beyond what the parent's own phone says.
"""

import json
import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

from ..models import LessonPage, RequiredLesson
from ..models.registry import kind_of_model
from ..school_year import school_year_bounds_ms, school_year_of
from ..stars import stars_for
from .attendance import TOKEN_MAX_CHARS, attended_day

MAX_ENTRIES = 300  # what learning.js keeps (MAX_LESSONS); more are ignored
MAX_ID = 2**31 - 1  # lessons.urls.MAX_ID (not imported: lessons.urls imports this package)


class BadRecord(ValueError):
    """The posted record is not a list of entries (malformed JSON, wrong type)."""


@dataclass(frozen=True)
class Entry:
    lesson_id: int
    learned_at: float | None  # milliseconds since the epoch, as the browser keeps it
    attended: str  # an attendance token, or ""


def _lesson_id(value) -> int | None:
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID:
        return value
    return None


def _milliseconds(value) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if math.isfinite(value) and value >= 0:
            return float(value)
    return None


def parse_entries(text: str) -> list[Entry]:
    """The entries of a posted record (a JSON list); entries that are not objects or name no
    possible lesson id are skipped, wrong field types read as absent. BadRecord otherwise."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:  # also a 5,000-digit number, deep nesting
        raise BadRecord(str(error)) from error
    if not isinstance(data, list):
        raise BadRecord("not a list")
    entries = []
    for item in data[:MAX_ENTRIES]:
        lesson_id = _lesson_id(item.get("id")) if isinstance(item, dict) else None
        if lesson_id is None:
            continue
        attended = item.get("attended")
        if not isinstance(attended, str) or len(attended) > TOKEN_MAX_CHARS:
            attended = ""
        entries.append(Entry(lesson_id, _milliseconds(item.get("learned_at")), attended))
    return entries


def learned_counts(entries: list[Entry], today: date) -> Counter:
    """How many distinct lessons of each kind (code) the entries show learned this school year."""
    year = school_year_of(today)
    start, end = school_year_bounds_ms(year)
    pages = LessonPage.objects.for_parents().filter(pk__in={e.lesson_id for e in entries})
    kinds = {}
    for page in pages.only("pk", "content_type"):
        kind = kind_of_model(page.specific_class)
        if kind is not None:
            kinds[page.pk] = kind.code
    learned = set()
    for entry in entries:
        code = kinds.get(entry.lesson_id)
        if code is None:
            continue
        if entry.learned_at is not None and start <= entry.learned_at < end:
            learned.add(entry.lesson_id)
        elif code == RequiredLesson.kind and entry.attended:
            day = attended_day(entry.attended, entry.lesson_id)
            if day is not None and day <= today and school_year_of(day) == year:
                learned.add(entry.lesson_id)
    return Counter(kinds[lesson_id] for lesson_id in learned)


def stars_of(entries: list[Entry], today: date) -> int:
    """The star level the entries reach this school year (0: none)."""
    return stars_for(learned_counts(entries, today))
