"""The poster frame and thumbnails (WebP and JPEG) of a finished job."""

from pathlib import Path

from django.conf import settings
from PIL import Image

from . import formats, runner
from .models import MediaOutput
from .outputs import Output
from .plan import Plan
from .probe import ProbeResult

POSTER_MAX_WIDTH = 1280
THUMB_SIZE = (320, 180)


def frame_command(source: str, at: float, frame: str) -> list[str]:
    """One frame of a rendition as PNG (our own file, read under the same whitelist)."""
    return [settings.FFMPEG_BINARY, "-hide_banner", "-nostdin", "-y", "-v", "error",
            "-ss", f"{at:.2f}", *formats.input_args(), "-i", source, "-frames:v", "1",
            frame]  # fmt: skip


def illustrate(work: Path, plan: Plan, source: ProbeResult) -> list[Output]:
    """Poster frame and thumbnails (WebP and JPEG) from the best rendition."""
    if not plan.rungs:
        return []
    best = max(plan.rungs, key=lambda r: r.height * r.width)
    frame = work / "frame.png"
    at = min(3.0, source.duration / 3)
    runner.run(frame_command(str(work / f"{best.name}.mp4"), at, str(frame)))
    outputs = []
    with Image.open(frame) as image:
        poster = image.convert("RGB")
        if poster.width > POSTER_MAX_WIDTH:
            poster.thumbnail((POSTER_MAX_WIDTH, POSTER_MAX_WIDTH))
        thumb = poster.copy()
        thumb.thumbnail(THUMB_SIZE)
        for picture, stem, kinds in (
            (poster, "poster", (MediaOutput.Kind.POSTER_JPEG, MediaOutput.Kind.POSTER_WEBP)),
            (thumb, "thumb", (MediaOutput.Kind.THUMB_JPEG, MediaOutput.Kind.THUMB_WEBP)),
        ):
            jpeg, webp = work / f"{stem}.jpg", work / f"{stem}.webp"
            picture.save(jpeg, "JPEG", quality=80, optimize=True, progressive=True)
            picture.save(webp, "WEBP", quality=75)
            outputs += [
                Output(kinds[0], stem, jpeg, picture.width, picture.height),
                Output(kinds[1], stem, webp, picture.width, picture.height),
            ]
    return outputs
