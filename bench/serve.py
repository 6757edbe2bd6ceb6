"""Serving benchmark: the production process set on loopback under load.

    .venv/bin/python bench/serve.py                 # ~8 min on 2 cores
    .venv/bin/python bench/serve.py --seconds 5 --soak 20 --connections 64   # a quick try

Starts what production runs (tests/process_set/: nginx, gunicorn with
deploy/gunicorn.conf.py, a Celery worker, beat, production settings, a throwaway PostgreSQL
database and two Redis databases), loads the demo content (with its videos and episode
audio, transcoded by the worker) and the search corpus's 341 lessons, waits until the worker
has transcoded, indexed and embedded everything, then measures with wrk through nginx:

- `/healthz` (database, cache and broker checked: the baseline of the same run), the grade
  page, a required lesson's page, the podcast feed, each served from the page cache (hit:
  nginx's tier) and rendered every time (miss: a query parameter of its own per request,
  which both tiers let pass), the grade page from the Redis tier alone (`?page=1`, which
  nginx's tier lets pass), and a search, at each connection count;
- a soak: the lesson page at the largest connection count while an editor publishes it
  every few seconds (bench/serve_editor.py) and one gunicorn worker is killed (SIGKILL);
  after each publish the page and the grade page are fetched: a page older than its purge
  is counted as stale.

Prints the figures and PASS/FAIL against issue 17's targets (at 256 connections the grade
and lesson pages from the cache serve at least half the health check's rate with p99 ≤ 100
ms and no error; the soak has no error and no stale page); exit status 1 on a FAIL.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.process_set import process_set  # noqa: E402
from tests.worker import children  # noqa: E402

LUA = Path(__file__).with_name("wrk_report.lua")
SEARCH = (
    "/search/?q=%E5%AD%A9%E5%AD%90%E7%8E%A9%E6%89%8B%E6%9C%BA%E6%80%8E%E4%B9%88%E5%8A%9E&grade=p1"
)

LOAD = """
import json
from pathlib import Path
from cms.demo.site import load_demo_content
from lessons.importing import import_lessons
from tests.search.corpus import PARTS
load_demo_content(Path({media!r}))
for part in PARTS:
    with part.open(encoding="utf-8") as lines:
        import_lessons(lines)
"""

PENDING = """
import json
from lessons.models import LessonPage, RequiredLesson
from media_pipeline.models import LessonMedia, MediaStatus
from search.dense.models import LessonVector
lessons = LessonPage.objects.live()
lesson = RequiredLesson.objects.live().filter(video__isnull=False, grades__isnull=False).first()
print(json.dumps({
    "lessons": lessons.count(),
    "vectors": LessonVector.objects.count(),
    "media_pending": LessonMedia.objects.exclude(status=MediaStatus.READY).count(),
    "media": LessonMedia.objects.count(),
    "lesson": [lesson.pk, lesson.url, lesson.title] if lesson else None,
    "grade": "/grade/%s/" % lesson.grades.first().pk if lesson else None,
}))
"""


def wrk(url: str, connections: int, seconds: int, bypass: bool = False) -> dict:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
               "-H", "Accept-Encoding: br, gzip", "-s", str(LUA), url]  # fmt: skip
    env = {**os.environ, "BENCH_BYPASS": "1" if bypass else "0"}
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    figures["rate"] = figures["requests"] / figures["seconds"]
    figures["errors"] = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    return figures


def fetch(url: str, encoding: str = "identity") -> str:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode("utf-8") if encoding == "identity" else ""


def wait_until_ready(ps, say) -> dict:
    """Until the worker has transcoded every video and embedded every lesson."""
    deadline = time.monotonic() + 1800
    while True:
        state = json.loads(ps.shell(PENDING).strip().splitlines()[-1])
        say(f"  {state['lessons']} lessons, {state['vectors']} embedded, "
            f"{state['media_pending']}/{state['media']} media pending")  # fmt: skip
        if state["vectors"] >= state["lessons"] and not state["media_pending"]:
            return state
        if time.monotonic() > deadline:
            raise RuntimeError("the worker did not finish within 30 minutes")
        time.sleep(10)


def load_figures(ps, urls: dict, connections: list[int], seconds: int, say) -> list[dict]:
    rows = []
    for c in connections:
        for name, (path, bypass) in urls.items():
            if not bypass:
                fetch(ps.url + path, "br, gzip")  # the page cache holds wrk's variant
            figures = wrk(ps.url + path, c, seconds, bypass)
            rows.append({"name": name, "connections": c, **figures})
            say(f"  {name:<16} c={c:<4} {figures['rate']:8.0f} req/s  p50 {figures['p50_ms']:6.1f}"
                f"  p99 {figures['p99_ms']:7.1f} ms  errors {figures['errors']}")  # fmt: skip
    return rows


def soak(ps, lesson, grade: str, connections: int, seconds: int, every: float, say) -> dict:
    """wrk on the lesson page while it is published every `every` seconds and one gunicorn
    worker is killed a third of the way in; each publish is then checked through nginx."""
    page_id, path, title = lesson
    result = {}
    load = threading.Thread(
        target=lambda: result.update(wrk(ps.url + path, connections, seconds)), daemon=True
    )
    editor = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "serve_editor.py")], cwd=ROOT, env=ps.env,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    publishes, stale, killed = [], [], None
    started = time.monotonic()
    load.start()
    n = 0
    while time.monotonic() - started < seconds - every:
        n += 1
        new_title = f"{title}（第{n}版）"
        editor.stdin.write(f"publish {page_id} {new_title}\n")
        editor.stdin.flush()
        publishes.append(float(editor.stdout.readline().split()[2]))
        for url in (ps.url + path, ps.url + grade):
            if new_title not in fetch(url):
                stale.append((n, url))
        if killed is None and time.monotonic() - started > seconds / 3:
            workers = children(ps.processes["gunicorn"].pid)
            os.kill(workers[0], signal.SIGKILL)
            killed = round(time.monotonic() - started, 1)
        time.sleep(every)
    load.join()
    editor.stdin.close()
    editor.wait(timeout=30)
    for n, url in stale:
        say(f"  stale after publish {n}: {url}")
    say(f"  soak c={connections} {seconds}s: {result['rate']:.0f} req/s, p99 "
        f"{result['p99_ms']:.1f} ms, errors {result['errors']}; {n} publishes (each "
        f"{min(publishes):.2f}–{max(publishes):.2f} s), stale pages after a purge: "
        f"{len(stale)}; a gunicorn worker killed at {killed} s")  # fmt: skip
    return {**result, "publishes": n, "stale": stale, "killed_at": killed}


def verdicts(rows: list[dict], soaked: dict, connections: int) -> list[tuple[str, bool]]:
    at = {row["name"]: row for row in rows if row["connections"] == connections}
    health = at["healthz"]["rate"]
    checks = []
    for name in ("grade page", "lesson page"):
        row = at[name]
        checks.append((f"{name} at {connections}: {row['rate']:.0f} req/s ≥ half the health "
                       f"check's {health:.0f}", row["rate"] >= health / 2))  # fmt: skip
        checks.append((f"{name} at {connections}: p99 {row['p99_ms']:.1f} ms ≤ 100",
                       row["p99_ms"] <= 100))  # fmt: skip
        checks.append((f"{name} at {connections}: {row['errors']} errors", not row["errors"]))
    checks.append((f"soak: {soaked['errors']} errors", not soaked["errors"]))
    checks.append((f"soak: {len(soaked['stale'])} stale pages", not soaked["stale"]))
    return checks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", default="64,256", help="comma-separated")
    parser.add_argument("--seconds", type=int, default=15, help="per wrk run")
    parser.add_argument("--soak", type=int, default=60, help="seconds of the soak")
    parser.add_argument("--publish-every", type=float, default=3.0)
    parser.add_argument(
        "--no-corpus", dest="corpus", action="store_false", help="the demo content only"
    )
    parser.add_argument("--web-workers", type=int, default=0, help="0: gunicorn.conf.py's")
    parser.add_argument("--database-url", default=os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"))  # fmt: skip
    parser.add_argument("--redis", default="redis://127.0.0.1:6379", help="dbs 12 and 13 used")
    args = parser.parse_args()
    connections = [int(c) for c in args.connections.split(",")]

    def say(text):
        print(text, flush=True)

    say(f"serving bench: cores {os.cpu_count()}, load {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp, process_set(
        database_url=args.database_url, broker_url=f"{args.redis}/12",
        cache_url=f"{args.redis}/13", root=Path(tmp), beat_interval=60,
        # "": deploy/gunicorn.conf.py's own count (2 × cores + 1)
        extra_env={"GUNICORN_WORKERS": str(args.web_workers or "")},
    ) as ps:  # fmt: skip
        say(f"process set up: nginx {ps.url}, gunicorn {ps.app_url}")
        t = time.monotonic()
        load = LOAD if args.corpus else LOAD.split("for part in PARTS")[0]
        ps.shell(load.format(media=str(Path(tmp) / "demo-media")), timeout=900)
        state = wait_until_ready(ps, say)
        say(f"content ready in {time.monotonic() - t:.0f} s")
        lesson_path = state["lesson"][1]
        urls = {
            "healthz": ("/healthz", False),
            "grade page": (state["grade"], False),
            "grade page miss": (state["grade"], True),
            # ?page=1 passes nginx's tier (a query string) and is kept by the Redis tier
            "grade page redis": (state["grade"] + "?page=1", False),
            "lesson page": (lesson_path, False),
            "lesson page miss": (lesson_path, True),
            "feed": ("/cloud-classroom/feed.xml", False),
            "feed miss": ("/cloud-classroom/feed.xml", True),
            "search": (SEARCH, False),
        }
        rows = load_figures(ps, urls, connections, args.seconds, say)
        soaked = soak(
            ps,
            state["lesson"],
            state["grade"],
            max(connections),
            args.soak,
            args.publish_every,
            say,
        )
    checks = verdicts(rows, soaked, max(connections))
    for text, ok in checks:
        say(f"{'PASS' if ok else 'FAIL'}  {text}")
    print(json.dumps({"rows": rows, "soak": soaked}, ensure_ascii=False))
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
