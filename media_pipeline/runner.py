"""Running ffmpeg: progress from `-progress pipe:1`, errors from stderr.

ffmpeg is started so that it dies with the worker that started it (Linux
PR_SET_PDEATHSIG): a killed worker never leaves an orphan encode behind.
"""

import ctypes
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable

PR_SET_PDEATHSIG = 1


class FFmpegFailed(Exception):
    """ffmpeg exited with an error; `detail` is the end of what it printed."""

    def __init__(self, detail: str, returncode: int):
        super().__init__(detail)
        self.detail = detail
        self.returncode = returncode


def _die_with_parent():  # runs in the child between fork and exec
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def run(
    command: list[str],
    *,
    duration: float | None = None,
    on_progress: Callable[[float], None] | None = None,
) -> str:
    """Run ffmpeg; call on_progress(0..1) as it goes; return what it printed on stderr."""
    with tempfile.TemporaryFile(mode="w+t") as stderr:
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE if on_progress else subprocess.DEVNULL,
            stderr=stderr,
            text=True,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        try:
            if on_progress and process.stdout is not None:
                for line in process.stdout:
                    key, _, value = line.strip().partition("=")
                    if key == "out_time_us" and duration and value.isdigit():
                        on_progress(min(1.0, int(value) / 1_000_000 / duration))
            returncode = process.wait()
        finally:
            # A time limit or any error in the progress callback: never leave ffmpeg behind.
            if process.poll() is None:
                process.kill()
                process.wait()
        stderr.seek(0)
        output = stderr.read()
    if returncode != 0:
        raise FFmpegFailed(_last_lines(output), returncode)
    return output


def _last_lines(text: str, count: int = 4) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(lines[-count:])[-800:] or "ffmpeg failed without a message"
