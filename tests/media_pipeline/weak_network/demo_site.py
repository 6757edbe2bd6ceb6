"""The lesson a tap is measured on: made by the real pipeline on a throwaway SQLite site and
served by the demo's own server."""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from .. import clips

ROOT = Path(__file__).resolve().parents[3]

# The demo's own server (`manage.py runserver`, DEBUG, SQLite) on a throwaway site.
SETTINGS = """
from cms.settings.dev import *  # noqa
DATABASES["default"]["NAME"] = {db!r}
MEDIA_ROOT = {media!r}
MEDIA_PIPELINE_WORK_DIR = {work!r}
MEDIA_PIPELINE_ORIGINALS_ROOT = {originals!r}
"""
MAKE_LESSON = """
from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from tests.factories import MicroLessonFactory, city
city()
media = ingest_file({clip!r}, "家长课：孩子磨蹭怎么办")
assert pipeline.transcode(media.pk) == "done", media.error
print(MicroLessonFactory(title="孩子磨蹭怎么办", video=media).url)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def demo_lesson(seconds: int = 60):
    """A lesson with a `seconds`-long video (640×360 with noise, so every encoder spends its
    whole budget) made by the real pipeline on a throwaway SQLite site, served by the demo's
    server. Yields (server URL, lesson path); removes everything on exit."""
    tmp = Path(tempfile.mkdtemp(prefix="weak-network-"))
    server = None
    try:
        (tmp / "weak_network_settings.py").write_text(
            SETTINGS.format(db=str(tmp / "db.sqlite3"), media=str(tmp / "media"),
                            work=str(tmp / "work"), originals=str(tmp / "originals"))
        )  # fmt: skip
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "weak_network_settings",
            "PYTHONPATH": f"{tmp}:{ROOT}",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
        clip = clips.video(tmp / "lesson.mp4", size="640x360", seconds=seconds,
                           extra=("-vf", "noise=alls=8:allf=t"))  # fmt: skip
        made = subprocess.run([*manage, "shell", "-c", MAKE_LESSON.format(clip=str(clip))],
                              env=env, check=True, cwd=ROOT, capture_output=True, text=True)  # fmt: skip
        lesson = made.stdout.strip().splitlines()[-1]
        port = _free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", lesson
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
