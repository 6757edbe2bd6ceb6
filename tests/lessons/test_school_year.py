"""The one school-year rule (lessons.school_year): years, terms and the first-lesson window at
their edges. Pure functions: no database."""

from datetime import date

import pytest

from lessons.school_year import (
    coming_school_year,
    in_first_lesson_window,
    pinned_first_lesson_year,
    school_year_label,
    school_year_of,
    term_label,
    term_of,
)

AUG_TO_OCT = ((8, 15), (10, 15))
FROM_JULY = ((7, 1), (10, 15))


@pytest.mark.parametrize(
    "day, year, coming, term",
    [
        (date(2026, 7, 31), 2025, 2026, (2025, 2)),
        (date(2026, 8, 1), 2025, 2026, (2025, 2)),
        (date(2026, 8, 31), 2025, 2026, (2025, 2)),
        (date(2026, 9, 1), 2026, 2027, (2026, 1)),
        (date(2026, 12, 31), 2026, 2027, (2026, 1)),
        (date(2027, 1, 31), 2026, 2027, (2026, 1)),
        (date(2027, 2, 1), 2026, 2027, (2026, 2)),
        (date(2027, 8, 31), 2026, 2027, (2026, 2)),
    ],
)
def test_the_school_year_starts_on_1_september(day, year, coming, term):
    assert school_year_of(day) == year
    assert coming_school_year(day) == coming == school_year_of(day) + 1
    assert term_of(day) == term


def test_labels():
    assert school_year_label(2026) == "2026–2027"
    assert term_label(2026, 2) == "2026–2027 学年第 2 学期"


@pytest.mark.parametrize(
    "day, pinned",
    [
        (date(2026, 7, 31), None),
        (date(2026, 8, 1), None),
        (date(2026, 8, 14), None),
        (date(2026, 8, 15), 2026),  # before 1 September: the year about to start
        (date(2026, 8, 31), 2026),
        (date(2026, 9, 1), 2026),
        (date(2026, 10, 15), 2026),
        (date(2026, 10, 16), None),
        (date(2027, 3, 1), None),
    ],
)
def test_the_first_lesson_window(day, pinned):
    assert pinned_first_lesson_year(day, AUG_TO_OCT) == pinned


@pytest.mark.parametrize(
    "day, pinned",
    [
        (date(2026, 6, 30), None),
        (date(2026, 7, 1), 2026),
        (date(2026, 7, 31), 2026),  # this year's first lessons, not last year's
        (date(2026, 8, 1), 2026),
        (date(2026, 8, 31), 2026),
        (date(2026, 9, 1), 2026),
        (date(2026, 10, 15), 2026),
    ],
)
def test_a_window_opening_in_july_pins_the_year_about_to_start(day, pinned):
    assert pinned_first_lesson_year(day, FROM_JULY) == pinned


def test_the_window_is_read_from_the_settings(settings):
    settings.FIRST_LESSON_WINDOW = FROM_JULY
    assert in_first_lesson_window(date(2026, 7, 31))
    assert pinned_first_lesson_year(date(2026, 7, 31)) == 2026
    settings.FIRST_LESSON_WINDOW = AUG_TO_OCT
    assert pinned_first_lesson_year(date(2026, 7, 31)) is None


def test_a_window_across_new_year_is_refused():
    with pytest.raises(ValueError):
        in_first_lesson_window(date(2026, 12, 1), ((11, 1), (2, 1)))
