"""Star parent (星级家长): the rules, declared once.

A parent's stars for a school year come from the parent's own record of learned lessons,
which lives only in the parent's browser (lessons/static/lessons/learning.js). The page
我的学习 (cms.my_learning) renders these rules into a JSON block and the script counts the
record against them: no account, no ranking, nothing sent. Only when the parent asks for a
certificate does the server see the learned lessons, and it counts them again with
`stars_for` (lessons.record.certificate_level).

A level is reached when, for each kind it names, at least that many lessons of the kind were
marked learned during the current school year (lessons.school_year); levels are cumulative:

- ★    the first lesson of the school year (家长开学第一课);
- ★★   and 2 required lessons (必修课);
- ★★★  and 5 micro-lessons (微课).

The thresholds are deliberately modest: a star is a thank-you, not a target.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .models.registry import kind_of


@dataclass(frozen=True)
class StarLevel:
    stars: int
    needs: tuple[tuple[str, int], ...]  # (kind code, lessons of that kind learned this year)
    description: str


STAR_LEVELS = (
    StarLevel(1, (("first_lesson", 1),), _("The first lesson of the school year")),
    StarLevel(
        2,
        (("first_lesson", 1), ("required", 2)),
        _("And two required lessons"),
    ),
    StarLevel(
        3,
        (("first_lesson", 1), ("required", 2), ("micro", 5)),
        _("And five micro-lessons"),
    ),
)

for _level in STAR_LEVELS:
    for _code, _count in _level.needs:
        if kind_of(_code) is None or _count < 1:
            raise ImproperlyConfigured(f"Star level {_level.stars} needs an unknown kind {_code}.")


def star_rules() -> list[dict]:
    """The levels as the page's script reads them (JSON-ready; labels translated)."""
    return [
        {
            "stars": level.stars,
            "marks": "★" * level.stars,
            "needs": dict(level.needs),
            "description": str(level.description),
        }
        for level in STAR_LEVELS
    ]


def stars_for(counts: dict[str, int]) -> int:
    """The level these counts of learned lessons reach (the script applies the same rule)."""
    reached = 0
    for level in STAR_LEVELS:
        if all(counts.get(code, 0) >= count for code, count in level.needs):
            reached = level.stars
    return reached
