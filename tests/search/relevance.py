"""Relevance of search over the demo content: ours against stock modelsearch, one vendor.

    .venv/bin/python -m tests.search.relevance sqlite|postgresql

Runs in its own process because the index table's shape depends on the database vendor:
makes a throwaway database (a temporary SQLite file, or a PostgreSQL database on
DATABASE_URL's server), migrates it, loads the demo content without media, indexes it with
stock modelsearch and scores the judged queries (tests/search/judgements.py), then does the
same with our backend. Prints one JSON object: per-backend mean recall@10 and nDCG@10 and
each query's top-10 titles.
"""

import json
import math
import os
import sys
import uuid

from tests.sqlite_site import private_sqlite

from .judgements import QUERIES

K = 10


def ndcg(ranked: list[str], judged: dict[str, int], k: int = K) -> float:
    def dcg(gains):
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))

    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    return dcg([judged.get(title, 0) for title in ranked[:k]]) / ideal


def recall(ranked: list[str], judged: dict[str, int], k: int = K) -> float:
    return len(set(ranked[:k]) & judged.keys()) / len(judged)


def score(rankings: dict[str, list[str]]) -> dict:
    per_query = {
        q: {"recall": recall(rankings[q], judged), "ndcg": ndcg(rankings[q], judged)}
        for q, judged in QUERIES.items()
    }
    return {
        "recall": sum(v["recall"] for v in per_query.values()) / len(per_query),
        "ndcg": sum(v["ndcg"] for v in per_query.values()) / len(per_query),
        "per_query": per_query,
        "rankings": rankings,
    }


GRADE = "p1"


def _paging(found) -> dict:
    """The same ranking read three ways: the first window (with the count), an open-ended
    slice and page-sized slices (offsets); and the count."""
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


def main(vendor: str) -> dict:
    cleanup = _setup(vendor)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {"BACKEND": "search.backends.database", "AUTO_UPDATE": False},
            "stock": {"BACKEND": "modelsearch.backends.database", "AUTO_UPDATE": False},
        }
        from modelsearch.backends import get_search_backend

        from cms.demo import load_demo_content
        from lessons.models import LessonPage
        from search.service import Filters, find, search_lessons

        call_command("migrate", verbosity=0)
        load_demo_content(None)
        results = {}
        stock = get_search_backend("stock")
        call_command("update_index", backend_name="stock", verbosity=0)
        lessons = LessonPage.objects.live().public()
        results["stock"] = score(
            {q: [p.title for p in stock.search(q, lessons)[:K]] for q in QUERIES}
        )
        call_command("update_index", backend_name="default", verbosity=0)
        results["ours"] = score(
            {q: [hit.page.title for hit in search_lessons(q, Filters()).hits[:K]] for q in QUERIES}
        )
        results["ours"]["matches"] = {
            q: sorted(p.title for p in find(q, Filters())[0]) for q in QUERIES
        }
        results["ours"]["grade_matches"] = {
            q: sorted(p.title for p in find(q, Filters(grade=GRADE))[0]) for q in QUERIES
        }
        results["ours"]["paging"] = {q: _paging(find(q, Filters())[0]) for q in QUERIES}
        return results
    finally:
        cleanup()


if __name__ == "__main__":
    json.dump(main(sys.argv[1]), sys.stdout, ensure_ascii=False)
