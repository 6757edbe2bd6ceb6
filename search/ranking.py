"""Hybrid ranking: the lexical matches and the lessons nearest in meaning, fused.

Lexical ranking (search.backends) finds the lessons with the parent's words or their
synonyms; dense retrieval (search.dense) the lessons whose meaning is nearest to the whole
question (孩子上课老走神怎么办 → lessons on 专注力). Reciprocal-rank fusion (search.fusion)
merges the two lists; when the query names a grade or stage (search.audience), the lessons
written for it form a third list, so they rise above lessons that only mention the word.
"""

from concurrent.futures import Future, ThreadPoolExecutor

from lessons.models import LessonPage

from .audience import NamedAudience
from .backends.ranked_sql import WINDOW
from .dense import encoder, store
from .fusion import fuse as rrf

HYBRID, LEXICAL, DENSE = "hybrid", "lexical", "dense"
MODES = (HYBRID, LEXICAL, DENSE)

DENSE_K = 50  # nearest lessons taken from dense retrieval...
DENSE_MARGIN = 0.05  # ...within this cosine of the nearest one
DENSE_ALONE = 10  # ...and no more of them when no lesson has the query's words
FEEDBACK = 3  # lessons whose passages move the query vector (pseudo-relevance feedback)
FEEDBACK_WEIGHT = 0.5
DENSE_WEIGHT = 1.3  # tuned on the judged set (tests/search/corpus): see docs/search.md
AUDIENCE_WEIGHT = 1.0
PARTIAL_WEIGHT = 0.5

_pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="query-embedding")

__all__ = ["WINDOW", "start_query_vector", "dense_ids", "fuse"]


def start_query_vector(text: str, mode: str) -> Future | None:
    """The query's embedding, computed in a thread (the engine releases the GIL) while the
    lexical search runs; None when the mode or the settings leave dense retrieval out."""
    if mode == LEXICAL or encoder.current() is None:
        return None
    return _pool.submit(encoder.query_vector, text)


def dense_ids(vector, queryset) -> list[int]:
    """The nearest lessons that the queryset (live, public, the parent's filters) allows.

    Pseudo-relevance feedback (Rocchio): a short question carries little meaning of its own,
    so the search is run again with the query vector moved towards the passages of the
    FEEDBACK nearest lessons (measured on the judged set: dense recall@10 0.72 → 0.75)."""
    if vector is None:
        return []
    near = store.vectors().nearest(
        encoder.current(), vector, DENSE_K, feedback=FEEDBACK, weight=FEEDBACK_WEIGHT
    )
    if near:  # e5's similarities sit close together: keep those near the best one
        near = [
            (pk, similarity) for pk, similarity in near if similarity >= near[0][1] - DENSE_MARGIN
        ]
    ids = [pk for pk, _ in near]
    allowed = set(queryset.filter(pk__in=ids).values_list("pk", flat=True))
    return [pk for pk in ids if pk in allowed]


def fuse(lexical: list[int], partial: list[int], dense: list[int], audience: NamedAudience):
    """The fused window: lessons with every word, lessons with some of them (a weaker list:
    search.service._partial_ids), the nearest in meaning, and, when the query names a
    grade or stage, the lessons written for it among them."""
    lists = [(lexical, 1.0), (partial, PARTIAL_WEIGHT), (dense, DENSE_WEIGHT)]
    fused = rrf(lists)
    if audience and fused:
        fitting = set(
            LessonPage.objects.written_for(
                audience.grades, audience.stages, among=fused
            ).values_list("pk", flat=True)
        )
        lists.append(([pk for pk in fused if pk in fitting], AUDIENCE_WEIGHT))
        fused = rrf(lists)
    return fused
