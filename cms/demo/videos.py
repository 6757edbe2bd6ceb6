"""Short generated videos for the demo, run through the real media pipeline.

ffmpeg is required: without it the demo would have no video, its weekly episodes no audio and
the podcast feed nothing in it, so the loader stops with a message saying what to install
(`make demo` installs it as root: deploy/packages.sh install runtime)."""

import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from lessons.models import LessonPage
from media_pipeline.ingest import ingest_file

# (lesson external id, ffmpeg test pattern)
DEMO_VIDEOS = [
    ("demo-micro-01", "testsrc2"),
    ("demo-micro-02", "smptehdbars"),
    ("demo-micro-03", "testsrc2"),
    ("demo-required-01", "rgbtestsrc"),
    ("demo-concept-07", "smptehdbars"),
]
SECONDS = 12
# A voice-like tone: a low note with the rhythm of syllables.
SPEECH = "sine=frequency=180:sample_rate=44100,tremolo=f=3.5:d=0.8,vibrato=f=5:d=0.3"


def _generate(path: Path, pattern: str) -> None:
    subprocess.run(
        [settings.FFMPEG_BINARY, "-hide_banner", "-v", "error", "-y",
         "-f", "lavfi", "-i", f"{pattern}=size=960x540:rate=25",
         "-f", "lavfi", "-i", SPEECH, "-t", str(SECONDS),
         "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-b:a", "96k", str(path)],
        check=True,
    )  # fmt: skip


class FfmpegMissing(RuntimeError):
    """The demo's media cannot be made without ffmpeg and ffprobe."""


def require_ffmpeg() -> None:
    """Raise FfmpegMissing, saying what to install, unless ffmpeg and ffprobe are on PATH."""
    missing = [b for b in (settings.FFMPEG_BINARY, settings.FFPROBE_BINARY) if not shutil.which(b)]
    if missing:
        raise FfmpegMissing(
            _(
                "%(programs)s not found. The demo's videos, the weekly episodes' audio and the "
                "podcast feed are made with ffmpeg. Install it (as root: "
                "deploy/packages.sh install runtime, or apt-get install ffmpeg), then run "
                "make demo again."
            )
            % {"programs": ", ".join(missing)}
        )


def generate_speech(path: Path, seconds: int) -> None:
    """A voice-like audio file for demo episodes."""
    require_ffmpeg()
    subprocess.run(
        [settings.FFMPEG_BINARY, "-hide_banner", "-v", "error", "-y", "-f", "lavfi",
         "-i", SPEECH, "-t", str(seconds), "-c:a", "aac", "-b:a", "96k", str(path)],
        check=True,
    )  # fmt: skip


def attach_demo_videos(work_dir: Path) -> list[str]:
    """Give a few demo lessons a video (once); returns what was attached."""
    require_ffmpeg()
    work_dir.mkdir(parents=True, exist_ok=True)
    notes = []
    pages = {p.external_id: p for p in LessonPage.objects.filter(
        external_id__in=[lesson for lesson, _ in DEMO_VIDEOS]).specific()}  # fmt: skip
    for lesson_id, pattern in DEMO_VIDEOS:
        page = pages.get(lesson_id)
        if page is None or page.video_id:
            continue
        path = work_dir / f"{lesson_id}.mp4"
        _generate(path, pattern)
        page.video = ingest_file(path, title=page.title)
        page.save_revision().publish()
        notes.append(f"video for {lesson_id}")
    return notes
