"""The demo site the report looks at: `manage.py load_demo` (with its videos and episode audio
through the real pipeline) on a throwaway SQLite database in a temp directory, served by the
demo's own server (`manage.py runserver`), removed at the end."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]

SETTINGS = """
from cms.settings.dev import *  # noqa
DATABASES["default"]["NAME"] = {db!r}
MEDIA_ROOT = {media!r}
MEDIA_PIPELINE_WORK_DIR = {work!r}
MEDIA_PIPELINE_ORIGINALS_ROOT = {originals!r}
"""

# The pages to look at, as (name, path): printed as JSON by `manage.py shell`.
PAGES = """
import json
from django.urls import reverse
from lessons.models import (CloudClassroomEpisode, ConceptLesson, FirstLesson, MicroLesson,
                            RequiredLesson, SelfStudySeries)

def pick(model, external_id=None):
    pages = model.objects.live().order_by("pk")
    return (external_id and pages.filter(external_id=external_id).first()) or pages.first()

required = pick(RequiredLesson, "demo-required-01")
grade = required.grades.order_by("order").first()
pages = [
    ("home", "/"),
    (f"grade {{grade.pk}}", reverse("grade", args=[grade.pk])),
    ("self-study series", pick(SelfStudySeries, "demo-series-01").url),
    ("micro-lesson", pick(MicroLesson, "demo-micro-01").url),
    ("required lesson", required.url),
    ("concept lesson", pick(ConceptLesson, "demo-concept-07").url),
    ("first lesson", pick(FirstLesson).url),
    ("episode", CloudClassroomEpisode.objects.live().order_by("-pk").first().url),
    ("search {query}", reverse("search") + "?q={quoted}"),
    ("class mode", reverse("class_mode", args=[required.pk])),
]
print(json.dumps(pages, ensure_ascii=False))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _nice():
    os.nice(10)  # the machine may be busy with other work: the report is not a timing


@contextmanager
def demo_site(*, media: bool = True, query: str = "入园"):
    """Yield (server URL, [(page name, path)]) for the demo content on a throwaway site."""
    tmp = Path(tempfile.mkdtemp(prefix="a11y-report-"))
    server = None
    try:
        (tmp / "a11y_settings.py").write_text(
            SETTINGS.format(db=str(tmp / "db.sqlite3"), media=str(tmp / "media"),
                            work=str(tmp / "work"), originals=str(tmp / "originals"))
        )  # fmt: skip
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "a11y_settings",
               "PYTHONPATH": f"{tmp}:{ROOT}"}  # fmt: skip
        manage = [sys.executable, str(ROOT / "manage.py")]

        def run(*args, capture=False):
            return subprocess.run([*manage, *args], env=env, cwd=ROOT, check=True, text=True,
                                  capture_output=capture, preexec_fn=_nice)  # fmt: skip

        print("seeding the demo site (migrate, load_demo) …", flush=True)
        run("migrate", "-v", "0")
        run("load_demo", capture=True)
        if media:
            print("transcoding the demo videos and episode audio …", flush=True)
            run("run_media_jobs", "--once", capture=True)
        made = run("shell", "-c", PAGES.format(query=query, quoted=quote(query)), capture=True)
        pages = json.loads(made.stdout.strip().splitlines()[-1])
        port = _free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_nice,
        )  # fmt: skip
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", [tuple(page) for page in pages]
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
