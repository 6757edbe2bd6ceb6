"""Transcoding benchmark, the source: a generated 1080p clip, clean or phone-like
(bench/transcode/__main__.py describes the run)."""

import subprocess
from pathlib import Path

from django.conf import settings

SOURCES = {
    # testsrc2 compresses extremely well: cheap to decode, the hardest case for one pass.
    "synthetic": ("25", ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
                         "-pix_fmt", "yuv420p"], "H.264 CRF 20 (clean test pattern)"),
    # What a phone records: 1080p30 H.264 High at ~16 Mbit/s with sensor noise.
    "phone": ("30", ["-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high",
                     "-b:v", "16M", "-maxrate", "20M", "-bufsize", "32M",
                     "-pix_fmt", "yuv420p"], "phone-like H.264 High 16 Mbit/s with noise"),
    # Newer phones' default: HEVC Main 10 at ~10 Mbit/s with sensor noise.
    "phone-hevc": ("30", ["-c:v", "libx265", "-preset", "ultrafast", "-b:v", "10M",
                          "-pix_fmt", "yuv420p10le", "-x265-params", "log-level=error"],
                   "phone-like HEVC Main 10 10 Mbit/s with noise"),
}  # fmt: skip


def make_source(path: Path, seconds: int, kind: str) -> None:
    rate, video, _ = SOURCES[kind]
    picture = f"testsrc2=size=1920x1080:rate={rate}"
    if kind != "synthetic":
        picture += ",noise=alls=10:allf=t"
    subprocess.run(
        [settings.FFMPEG_BINARY, "-hide_banner", "-nostdin", "-y", "-v", "error",
         "-f", "lavfi", "-i", picture,
         "-f", "lavfi", "-i", "sine=frequency=220,tremolo=f=4:d=0.7",
         "-t", str(seconds), *video, "-c:a", "aac", "-b:a", "128k", str(path)],
        check=True,
    )  # fmt: skip
