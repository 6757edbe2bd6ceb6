"""One rule for small numbers, on the page, in the charts and in the CSV.

A count from 1 to 4 could point at a single family (one class's parents, one child's name
typed into the search box): it is shown as "<5". 0 is shown as 0, 5 and more as they are. A
teachers' rating average is shown only when at least 5 ratings make it; a text parents
searched for only when it was searched at least 5 times in the period.
"""

MINIMUM = 5
SMALL = "<5"


def is_masked(count: int | None) -> bool:
    return bool(count) and 0 < count < MINIMUM


def shown(count: int | None) -> int | str:
    """The count as editors see it: 0, "<5" or the number."""
    count = count or 0
    return SMALL if is_masked(count) else count


def shown_average(average, ratings: int | None) -> str | None:
    """The average to one decimal when at least MINIMUM ratings make it; else None."""
    if average is None or (ratings or 0) < MINIMUM:
        return None
    return f"{average:.1f}"


def may_show_text(times_searched: int) -> bool:
    return times_searched >= MINIMUM
