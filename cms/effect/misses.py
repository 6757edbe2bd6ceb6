"""Searches that found nothing (search.models.SearchMiss): what parents ask about that no
lesson covers, i.e. what to record next. City-wide, so for the city's scope only (scope).

A text is shown only when parents searched for it at least masking.MINIMUM times in the
period: a text typed once or twice may hold a child's name. The others are counted, and that
count is masked too.
"""

from dataclasses import dataclass

from django.db.models import Sum

from search.models import SearchMiss

from .masking import MINIMUM
from .period import Period

LIMIT = 100  # the most searched texts shown


@dataclass(frozen=True)
class Misses:
    texts: list[dict]  # {"text", "total"}, most searched first
    hidden: int  # texts searched fewer than MINIMUM times (raw; masked when shown)


def search_misses(period: Period) -> Misses:
    """Two queries: the texts searched often enough, and how many others there are."""
    per_text = (
        SearchMiss.objects.filter(week__gte=period.first, week__lte=period.last)
        .values("text")
        .annotate(total=Sum("count"))
        .order_by()
    )
    texts = list(per_text.filter(total__gte=MINIMUM).order_by("-total", "text")[:LIMIT])
    return Misses(texts=texts, hidden=per_text.filter(total__gt=0, total__lt=MINIMUM).count())
