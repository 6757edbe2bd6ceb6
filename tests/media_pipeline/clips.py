"""Tiny real clips made with ffmpeg for the pipeline tests (seconds to generate)."""

import subprocess
from pathlib import Path

SPEECH = "sine=frequency=220:sample_rate=44100,tremolo=f=4:d=0.7"


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-hide_banner", "-v", "error", "-y", *args], check=True)


def video(path: Path, *, size="640x360", seconds=3, audio=True, vcodec=("-c:v", "libx264"),
          pix_fmt="yuv420p", extra=(), acodec=("-c:a", "aac")) -> Path:  # fmt: skip
    inputs = ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25"]
    if audio:
        inputs += ["-f", "lavfi", "-i", SPEECH]
    ffmpeg(*inputs, "-t", str(seconds), *vcodec, "-pix_fmt", pix_fmt,
           *(acodec if audio else ["-an"]), *extra, str(path))  # fmt: skip
    return path


def audio_only(path: Path, seconds=3) -> Path:
    ffmpeg("-f", "lavfi", "-i", SPEECH, "-t", str(seconds), "-c:a", "aac", str(path))
    return path


def rotated(path: Path, source: Path) -> Path:
    """A phone video: stored landscape, displayed portrait (rotation metadata 90)."""
    ffmpeg("-i", str(source), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(path))
    return path


def truncated(path: Path, source: Path, keep=0.5) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def picture_renamed(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (320, 240), (200, 30, 30)).save(path, "PNG")
    return path
