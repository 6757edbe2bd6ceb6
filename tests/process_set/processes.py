"""The running process set: its directories, environment and processes; starting a process
with its log, waiting until something is ready (or a process died), stopping one."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from tests.worker import ROOT


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 20) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _http_status(url: str, timeout: float = 2) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@dataclass
class ProcessSet:
    root: Path
    url: str  # nginx, what parents reach
    app_url: str  # gunicorn directly
    env: dict[str, str]
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def static_root(self) -> Path:
        return Path(self.env["STATIC_ROOT"])

    @property
    def media_root(self) -> Path:
        return Path(self.env["MEDIA_ROOT"])

    @property
    def originals_root(self) -> Path:
        return Path(self.env["MEDIA_PIPELINE_ORIGINALS_ROOT"])

    def log(self, name: str) -> Path:
        return self.root / "logs" / f"{name}.log"

    def manage(self, *args: str, timeout: float = 120) -> str:
        """Run manage.py with the set's settings and database; its stdout."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True,
            text=True, timeout=timeout,
        )  # fmt: skip
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def shell(self, code: str, timeout: float = 120) -> str:
        return self.manage("shell", "--no-imports", "-c", code, timeout=timeout)

    def logs(self) -> str:
        """The end of every log, for a failing test's message."""
        return "\n".join(
            f"--- {path.name}\n{_tail(path)}" for path in sorted((self.root / "logs").glob("*"))
        )


def _start(ps: ProcessSet, name: str, command: list[str]) -> subprocess.Popen:
    with ps.log(name).open("w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=ps.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    ps.processes[name] = process
    return process


def _wait(ps: ProcessSet, what: str, ready, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        dead = [name for name, p in ps.processes.items() if p.poll() is not None]
        if dead or time.monotonic() > deadline:
            reason = f"{', '.join(dead)} exited" if dead else f"not ready after {timeout}s"
            raise RuntimeError(f"process set: {what}: {reason}\n{ps.logs()}")
        time.sleep(0.2)
