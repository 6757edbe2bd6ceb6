"""A real Celery worker process for integration tests (real Redis broker, test database)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def purge_queues() -> None:
    from cms.celery import app

    with app.connection_for_write() as conn:
        for queue in ("transcode", "celery"):
            conn.default_channel.queue_purge(queue)


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


@contextmanager
def celery_worker(log_path: Path, **extra_env):
    """Start `celery worker` (prefork, one child) on the transcode and default queues; stop it
    after. By default it runs the test settings against the test database and broker;
    `extra_env` may replace those too (tests/process_set/ runs it with production settings)."""
    defaults = {"DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    if "DATABASE_URL" not in extra_env:
        defaults["DATABASE_URL"] = database_url()
    if "CELERY_BROKER_URL" not in extra_env:
        defaults["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
    env = {**os.environ, **defaults, **extra_env}
    name = f"test-{uuid.uuid4().hex[:8]}@%h"
    command = [sys.executable, "-m", "celery", "-A", "cms", "worker", "-Q", "transcode,celery",
               "-c", "1", "-P", "prefork", "-l", "info", "-n", name, "--without-gossip",
               "--without-mingle", "--without-heartbeat"]  # fmt: skip
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("celery worker did not start:\n" + log_path.read_text())
            time.sleep(0.3)
        yield process
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:  # the group may be gone already (a test or a bench killed the worker)
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()


def wait_for(predicate, timeout: float, message: str, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s: {message}")
