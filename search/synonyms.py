"""The editors' synonym groups, as token sequences, cached across processes.

Matching works on the query's tokens, not on the segmenter's dictionary, so adding a synonym
never changes how documents were indexed and needs no re-index.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from .analysis import term_tokens
from .models import SynonymGroup

CACHE_KEY = "search:synonym-groups:v1"
CACHE_SECONDS = 600

Tokens = tuple[str, ...]


def groups() -> list[tuple[Tokens, ...]]:
    """Every group as a tuple of its terms' token sequences (empty terms dropped)."""
    cached = cache.get(CACHE_KEY)
    if cached is None:
        cached = []
        for group in SynonymGroup.objects.all():
            terms = tuple(dict.fromkeys(filter(None, map(term_tokens, group.term_list()))))
            if len(terms) > 1:
                cached.append(terms)
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return [tuple(tuple(term) for term in group) for group in cached]


def table() -> dict[Tokens, tuple[Tokens, ...]]:
    """token sequence of a term → every term of its group(s), the term itself first."""
    found: dict[Tokens, list[Tokens]] = {}
    for group in groups():
        for term in group:
            alternatives = found.setdefault(term, [term])
            alternatives.extend(t for t in group if t not in alternatives)
    return {term: tuple(alternatives) for term, alternatives in found.items()}


def forget(**kwargs) -> None:
    cache.delete(CACHE_KEY)


def connect_signals() -> None:
    post_save.connect(forget, sender=SynonymGroup, dispatch_uid="search-synonyms-saved")
    post_delete.connect(forget, sender=SynonymGroup, dispatch_uid="search-synonyms-deleted")
