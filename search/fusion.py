"""Reciprocal-rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009) of ranked id lists.

Each list adds weight / (K + rank) to the ids it holds (rank from 1): a lesson ranked well
by several lists rises; no list's scores need to be comparable with another's. A smaller K
gives the first places of each list more weight.
"""

from collections.abc import Sequence

K = 20  # the paper uses 60; 20 measured better on our judged set


def fuse(lists: Sequence[tuple[Sequence[int], float]]) -> list[int]:
    """Ids of every list, best fused score first; ties keep the earlier list's order."""
    scores: dict[int, float] = {}
    first_seen: dict[int, int] = {}
    for ranked, weight in lists:
        for rank, pk in enumerate(ranked, start=1):
            scores[pk] = scores.get(pk, 0.0) + weight / (K + rank)
            first_seen.setdefault(pk, len(first_seen))
    return sorted(scores, key=lambda pk: (-scores[pk], first_seen[pk]))
