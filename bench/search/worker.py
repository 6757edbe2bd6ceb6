"""Search benchmark, the worker: one vendor in one clean Django process: the database
filled, vectors made, the index built, the queries timed (bench/search/__main__.py describes
the run). Writes its figures as JSON for the parent to report."""

import json
import os
import random
import statistics
import time
from functools import partial
from pathlib import Path

from bench.search.corpus import build_lessons, insert_lessons, setup_site
from bench.search.queries import (
    percentile,
    query_specs,
    run_ours,
    run_queries,
    run_stock,
    say,
    stock_sample,
)
from bench.search.vectors import load_matrix, make_vectors, query_embedding_times

SEED = 20260501
INDEX_CHUNK = 1000
LEXICAL_WARM_UP = ("家风", "近视", "孩子不爱写作业怎么办")  # dictionary, statements, caches
HYBRID_WARM_UP = "家庭作业"  # not in the query list: no query's embedding is cached early


def configure_django(database_url: str) -> None:
    import dj_database_url
    import django
    from django.conf import settings

    from cms.settings import base, dev

    values = {name: getattr(dev, name) for name in dir(dev) if name.isupper()}
    values.update(
        DEBUG=False,  # DEBUG keeps every SQL statement in memory
        DATABASES={"default": dj_database_url.parse(database_url)},
        WAGTAILSEARCH_BACKENDS={
            "default": {"BACKEND": "search.backends.database", "AUTO_UPDATE": False},
            "stock": {"BACKEND": "modelsearch.backends.database", "AUTO_UPDATE": False},
        },
        # The site's query-embedding and word-share caches, in this process: kept whole, as
        # Redis keeps them (LocMemCache culls a third of its keys past MAX_ENTRIES).
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "OPTIONS": {"MAX_ENTRIES": 1_000_000},
            }
        },
        # The site's encoder, as cms/settings/base.py configures it (dense retrieval on).
        SEARCH_EMBEDDINGS=base.SEARCH_EMBEDDINGS,
        LOGGING={"version": 1, "disable_existing_loggers": False},
    )
    settings.configure(**values)
    django.setup()


def lesson_models():
    from lessons.models import browsable_kinds

    return [kind.model for kind in browsable_kinds()]


def index_all(backend, label: str) -> dict:
    """Empty the index, then time add_bulk over every lesson in chunks."""
    from django.db import connection

    backend.reset_indexes()
    added = 0
    load_seconds = index_seconds = 0.0
    chunk_seconds = []
    for model in lesson_models():
        pks = list(model.get_indexed_objects().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), INDEX_CHUNK):
            t = time.perf_counter()
            chunk = list(
                model.get_indexed_objects().filter(pk__in=pks[start : start + INDEX_CHUNK])
            )
            load_seconds += time.perf_counter() - t
            t = time.perf_counter()
            backend.add_bulk(model, chunk)
            elapsed = time.perf_counter() - t
            index_seconds += elapsed
            chunk_seconds.append(elapsed)
            added += len(chunk)
    vacuum = 0.0
    if connection.vendor == "postgresql":
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {_index_entry()._meta.db_table}")
        vacuum = time.perf_counter() - t
    entries = _count_entries()
    say(
        f"index {label:<6}{added} lessons in {index_seconds:.1f} s ({added / index_seconds:.0f}/s; "
        f"{len(chunk_seconds)} chunks of <= {INDEX_CHUNK}: median "
        f"{statistics.median(chunk_seconds):.2f} s, slowest {max(chunk_seconds):.2f} s)"
        f"; loading the chunks {load_seconds:.1f} s, not included"
        + (f"; VACUUM ANALYZE {vacuum:.1f} s" if vacuum else "")
        + f"; {entries} index entries"
    )
    return {
        "lessons": added,
        "seconds": index_seconds,
        "load_seconds": load_seconds,
        "chunks": chunk_seconds,
        "entries": entries,
    }


def _index_entry():
    """modelsearch's IndexEntry (the wagtailsearch app's table under Wagtail)."""
    from modelsearch.conf import get_app_config

    return get_app_config().get_model("IndexEntry")


def _count_entries() -> int:
    return _index_entry().objects.count()


def worker(options) -> int:
    configure_django(options.database_url)

    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from modelsearch.backends import get_search_backend

    from search.analysis import preload
    from search.ranking import HYBRID, LEXICAL

    result = {"vendor": connection.vendor}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            result["version"] = "SQLite " + cursor.fetchone()[0]
        else:
            cursor.execute("SHOW server_version")
            result["version"] = "PostgreSQL " + cursor.fetchone()[0].split()[0]
    say(result["version"])

    t = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    result["migrate_seconds"] = time.perf_counter() - t

    rng = random.Random(SEED)
    section, topic_ids = setup_site()
    t = time.perf_counter()
    lessons, audiences, lengths = build_lessons(options.lessons, section, rng)
    result["generate_seconds"] = time.perf_counter() - t
    t = time.perf_counter()
    insert_lessons(section, lessons, audiences, topic_ids, rng)
    result["insert_seconds"] = time.perf_counter() - t
    del lessons

    from lessons.models import LessonPage
    from search.service import Filters, lesson_queryset

    live = lesson_queryset(Filters()).count()
    say(
        f"migrate {result['migrate_seconds']:.1f} s; generate {options.lessons} lessons "
        f"{result['generate_seconds']:.1f} s; insert {result['insert_seconds']:.1f} s "
        f"({options.lessons / result['insert_seconds']:.0f}/s); {live} live lessons "
        f"({LessonPage.objects.filter(all_stages=True).count()} for all stages); text "
        f"{min(lengths)}–{max(lengths)} chars, median {statistics.median(lengths):.0f}"
    )
    if live != options.lessons:
        raise SystemExit(f"expected {options.lessons} live lessons, found {live}")

    say(
        f"vectors: the model embeds {options.embed_sample} sample lessons; the others get a "
        f"sample lesson's vectors + noise (sd {options.embed_noise}) …"
    )
    vectors = result["vectors"] = make_vectors(options.embed_sample, options.embed_noise, SEED)
    say(
        f"vectors: {vectors['sample']} lessons, {vectors['passages']} passages embedded in "
        f"{vectors['embed_seconds']:.1f} s ({vectors['model']}, {vectors['options']}): "
        f"{vectors['per_passage']:.3f} s per passage (gist {vectors['gist']:.3f} s, "
        f"{vectors['gist_chars']:.0f} chars; content {vectors['content']:.3f} s, "
        f"{vectors['content_chars']:.0f} chars), {vectors['per_lesson']:.2f} s per lesson; "
        f"{vectors['copies']} noisy copies saved in {vectors['copy_seconds']:.1f} s; "
        f"{vectors['rows']} vector rows"
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Autovacuum vacuums a table after many inserts (PostgreSQL 13+): without it the
            # visibility map is empty and index-only scans read every heap row.
            cursor.execute("VACUUM ANALYZE")

    preload()
    specs = query_specs(options.queries, random.Random(SEED + 1))
    sample = stock_sample(specs, options.stock_queries)
    result["specs"] = specs
    result["sample"] = sample
    result["index"], result["queries"] = {}, {}

    ours = get_search_backend("default")
    result["backend_ours"] = f"{type(ours).__module__}.{type(ours).__name__}"
    result["index"]["ours"] = index_all(ours, "ours")
    result["matrix_seconds"] = load_matrix()
    say(f"matrix: {vectors['rows']} lessons' vectors read in {result['matrix_seconds']:.2f} s")

    for mode in options.modes:
        # Each mode starts from an empty cache (word shares, query embeddings), warmed alike.
        cache.clear()
        embedded: set[str] = set()
        for text in LEXICAL_WARM_UP:
            run_ours(text, "", LEXICAL, embedded)
        run_ours(HYBRID_WARM_UP, "", mode, embedded)
        load = " ".join(f"{value:.2f}" for value in os.getloadavg())
        say(f"{mode}: {len(specs)} queries, load {load}")
        result["queries"][mode] = run_queries(
            mode, specs, range(len(specs)), partial(run_ours, mode=mode, embedded=embedded)
        )
        if mode == HYBRID:
            timed = result["queries"][mode]
            for state in ("cold", "cached"):
                values = [r["ms"] for r in timed if r.get("embedding") == state]
                if values:
                    say(
                        f"  {state} query embedding: {len(values)} queries, p50 "
                        f"{percentile(values, 50):.1f} ms, p95 {percentile(values, 95):.1f} ms,"
                        f" max {max(values):.1f} ms"
                    )
    if HYBRID in options.modes:
        times = result["query_embedding"] = query_embedding_times(text for text, _ in specs)
        say(
            f"embed_query alone on the {times['texts']} distinct texts: mean "
            f"{times['mean']:.1f} ms, p50 {times['p50']:.1f} ms, max {times['max']:.1f} ms "
            f"({times['slowest']})"
        )

    if not options.skip_stock:
        stock = get_search_backend("stock")
        result["backend_stock"] = f"{type(stock).__module__}.{type(stock).__name__}"
        result["index"]["stock"] = index_all(stock, "stock")
        run_stock(stock, "近视", "", options.stock_timeout)  # warm-up, untimed
        say(
            f"stock: {len(sample)} of the {len(specs)} queries, budget {options.stock_budget:.0f}"
            f" s, {options.stock_timeout:.0f} s per query at most"
        )
        result["queries"]["stock"] = run_queries(
            "stock",
            specs,
            sample,
            lambda text, grade: run_stock(stock, text, grade, options.stock_timeout),
            budget=options.stock_budget,
        )
    Path(options.result).write_text(json.dumps(result, ensure_ascii=False))
    return 0
