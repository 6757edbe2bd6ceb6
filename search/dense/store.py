"""Lesson vectors in the database, and the nearest lessons to a query vector.

The rows (LessonVector) are the truth, shared by every process through the database. Each
web process keeps them as one float32 matrix and multiplies the query vector into it: at
20,000 lessons (two passages each, 384 dimensions) that is 61 MB and a few milliseconds.
The matrix follows the table: every `REFRESH_SECONDS` a process compares the table's row
count and latest write with what it loaded, and reads only the rows written since (all of
them again when rows were deleted).
"""

import threading
import time

import numpy as np
from django.db import transaction
from django.db.models import Count, Max
from threadpoolctl import threadpool_limits

from .models import LessonVector

REFRESH_SECONDS = 2.0
CANDIDATES = 200  # lessons the first pass keeps for the feedback pass to score again


def to_bytes(vectors: np.ndarray) -> bytes:
    return np.ascontiguousarray(vectors, dtype="<f4").tobytes()


def from_bytes(data: bytes, dimensions: int) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4").reshape(-1, dimensions)


class Matrix:
    """One process's copy of a model's vectors: rows, and the lesson of each row."""

    def __init__(self, model: str, dimensions: int):
        # One matrix-vector product per query: OpenBLAS's extra threads would only keep
        # spinning on the other core afterwards and slow the database work beside them
        # (measured: the lexical search of a hybrid query took twice as long).
        threadpool_limits(limits=1, user_api="blas")
        self.model, self.dimensions = model, dimensions
        # (lesson of each row, rows): replaced as one pair, so a reader never mixes two
        self.data = (np.zeros(0, dtype=np.int64), np.zeros((0, dimensions), dtype=np.float32))
        self.state = (0, None)  # (row count, latest write) of the table when read
        self.checked = 0.0
        self.lock = threading.Lock()

    def _table_state(self):
        found = LessonVector.objects.filter(model=self.model).aggregate(
            count=Count("pk"), latest=Max("updated_at")
        )
        return found["count"], found["latest"]

    def _read(self, since=None):
        rows = LessonVector.objects.filter(model=self.model)
        if since is not None:
            rows = rows.filter(updated_at__gte=since)
        pages, blocks = [], []
        for page_id, data in rows.values_list("page_id", "vectors").iterator(chunk_size=2000):
            block = from_bytes(data, self.dimensions)
            pages.append(np.full(len(block), page_id, dtype=np.int64))
            blocks.append(block)
        if not blocks:
            return np.zeros(0, dtype=np.int64), np.zeros((0, self.dimensions), np.float32)
        return np.concatenate(pages), np.vstack(blocks)

    def refresh(self, force=False) -> None:
        now = time.monotonic()
        if not force and now - self.checked < REFRESH_SECONDS:
            return
        with self.lock, transaction.atomic():  # one snapshot for the state and the rows
            self.checked = now
            state = self._table_state()
            if state == self.state:
                return
            count, latest = self.state
            data = None
            if state[0] >= count and latest is not None:
                new_pages, new_rows = self._read(since=latest)
                pages, rows = self.data
                keep = ~np.isin(pages, np.unique(new_pages))
                data = (np.concatenate([pages[keep], new_pages]), np.vstack([rows[keep], new_rows]))
            if data is None or len(np.unique(data[0])) != state[0]:  # deleted rows: all again
                data = self._read()
            self.data, self.state = data, state

    def nearest(
        self, vector: np.ndarray, k: int, feedback: int = 0, weight: float = 0.0
    ) -> list[tuple[int, float]]:
        """The k lessons whose best passage is most similar (cosine: vectors are unit).

        With feedback, the query vector is then moved towards the passages of the
        `feedback` nearest lessons (search.ranking) and the candidates of the first pass
        are scored again with it: the rows multiplied once, the candidates twice."""
        self.refresh()
        pages, rows = self.data
        if not len(pages):
            return []
        scores = rows @ vector.astype(np.float32)
        take = min(len(scores), max(k, CANDIDATES) * 3)  # a lesson has a few rows at most
        rows_taken = np.argpartition(-scores, take - 1)[:take]
        best = _best_of_lessons(pages, rows_taken, scores[rows_taken], k)
        if feedback and best:
            nearest = [page for page, _ in best[:feedback]]
            centre = rows[rows_taken[np.isin(pages[rows_taken], nearest)]].mean(axis=0)
            moved = moved_towards(vector, centre, weight)
            best = _best_of_lessons(pages, rows_taken, rows[rows_taken] @ moved, k)
        return best


def moved_towards(vector: np.ndarray, centre: np.ndarray, weight: float) -> np.ndarray:
    """The query vector moved towards the nearest lessons' passages (Rocchio), unit length."""
    moved = vector + weight * centre
    return moved / np.linalg.norm(moved)


def _best_of_lessons(pages, row_ids, scores, k) -> list[tuple[int, float]]:
    """The k lessons with the best scores among the rows, each by its best row."""
    best: dict[int, float] = {}
    for i in np.argsort(-scores):
        page = int(pages[row_ids[i]])
        if page not in best:
            best[page] = float(scores[i])
            if len(best) == k:
                break
    return list(best.items())


class DatabaseVectors:
    """Vectors in LessonVector rows; each process searches its Matrix of them."""

    _matrices: dict[str, Matrix] = {}
    _lock = threading.Lock()

    def stored_fingerprint(self, page_id: int, model: str) -> str | None:
        return (
            LessonVector.objects.filter(page_id=page_id, model=model)
            .values_list("fingerprint", flat=True)
            .first()
        )

    def save(self, page_id: int, model: str, fingerprint: str, vectors: np.ndarray) -> None:
        LessonVector.objects.update_or_create(
            page_id=page_id,
            defaults={"model": model, "fingerprint": fingerprint, "vectors": to_bytes(vectors)},
        )

    def delete(self, page_ids) -> None:
        LessonVector.objects.filter(page_id__in=list(page_ids)).delete()

    def page_ids(self) -> set[int]:
        return set(LessonVector.objects.values_list("page_id", flat=True))

    def matrix(self, model) -> Matrix:
        if model.name not in self._matrices:
            with self._lock:
                self._matrices.setdefault(model.name, Matrix(model.name, model.dimensions))
        return self._matrices[model.name]

    def nearest(self, model, vector, k, feedback=0, weight=0.0) -> list[tuple[int, float]]:
        return self.matrix(model).nearest(vector, k, feedback, weight)


_stores: dict[str, object] = {}


def vectors():
    """Where the vectors live: the search backend's Elasticsearch, else the database. One
    store per backend configuration and process: a search must not open a new
    Elasticsearch client (get_search_backend builds a new backend on every call)."""
    from django.conf import settings

    config = repr(settings.WAGTAILSEARCH_BACKENDS.get("default"))
    if config not in _stores:
        _stores[config] = _store_for_default_backend()
    return _stores[config]


def _store_for_default_backend():
    from modelsearch.backends import get_search_backend

    from ..backends.elasticsearch import ChineseElasticsearchSearchBackend

    backend = get_search_backend()
    if isinstance(backend, ChineseElasticsearchSearchBackend):
        from .elasticsearch import ElasticsearchVectors

        return ElasticsearchVectors(backend)
    return DatabaseVectors()
