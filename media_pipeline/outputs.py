"""Checking, illustrating and publishing a finished job's files.

Outputs are made in a private work directory; only when every file is complete
and checked are they copied into storage under a fresh prefix and recorded, in
one transaction, as the item's outputs. Parents therefore never see a half-made
rendition, and a re-run replaces the previous set in one step.
"""

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image

from . import formats, runner
from .models import MediaOutput
from .plan import Plan
from .probe import MediaRejected, ProbeResult, probe

POSTER_MAX_WIDTH = 1280
THUMB_SIZE = (320, 180)
MIN_DURATION_RATIO = 0.9  # an output shorter than this share of the source means it was cut short


class OutputInvalid(Exception):
    """A produced file is not what it should be (message in Chinese)."""


@dataclass(frozen=True)
class Output:
    kind: str
    name: str
    file: Path
    width: int | None = None
    height: int | None = None
    bit_rate: int | None = None
    duration: float | None = None
    remuxed: bool = False


def _check_duration(result: ProbeResult, source: ProbeResult, name: str) -> None:
    if result.duration < source.duration * MIN_DURATION_RATIO - 0.5:
        raise OutputInvalid(
            _(
                "The source is incomplete or damaged: only %(got).1f of %(want).1f seconds "
                "could be decoded (%(name)s)."
            )
            % {"got": result.duration, "want": source.duration, "name": name}
        )


def check(work: Path, plan: Plan, source: ProbeResult) -> list[Output]:
    """ffprobe every output; return them described, or raise OutputInvalid."""
    outputs = []
    try:
        for rung in plan.rungs:
            mp4 = work / f"{rung.name}.mp4"
            result = probe(mp4)
            if (result.video_codec, result.pix_fmt) != ("h264", "yuv420p") and not rung.remux:
                raise OutputInvalid(
                    _("Rendition %(name)s is not H.264 4:2:0.") % {"name": rung.name}
                )
            if (result.width, result.height) != (rung.width, rung.height):
                raise OutputInvalid(
                    _("Rendition %(name)s has the wrong size.") % {"name": rung.name}
                )
            _check_duration(result, source, rung.name)
            outputs.append(
                Output(
                    MediaOutput.Kind.MP4,
                    rung.name,
                    mp4,
                    rung.width,
                    rung.height,
                    result.bit_rate,
                    result.duration,
                    rung.remux,
                )  # fmt: skip
            )
            playlist = work / "hls" / f"{rung.name}.m3u8"
            if "#EXT-X-ENDLIST" not in playlist.read_text():
                raise OutputInvalid(_("HLS playlist %(name)s is incomplete.") % {"name": rung.name})
            outputs.append(
                Output(MediaOutput.Kind.HLS_VARIANT, rung.name, playlist, rung.width, rung.height)
            )
        if plan.rungs:
            outputs.append(Output(MediaOutput.Kind.HLS_MASTER, "master", work / "hls/master.m3u8"))
        if plan.has_audio:
            for kind, suffix in (
                (MediaOutput.Kind.AUDIO_MP3, "mp3"),
                (MediaOutput.Kind.AUDIO_AAC, "m4a"),
            ):
                result = probe(work / f"broadcast.{suffix}")
                _check_duration(result, source, suffix)
                outputs.append(Output(kind, "broadcast", work / f"broadcast.{suffix}",
                                      bit_rate=result.bit_rate, duration=result.duration))  # fmt: skip
    except (MediaRejected, FileNotFoundError) as exc:
        raise OutputInvalid(
            _("An output is missing or unreadable: %(error)s") % {"error": exc}
        ) from exc
    return outputs


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


def upload(work: Path, media_id: int) -> str:
    """Copy the whole work directory into storage under a new prefix; return the prefix."""
    prefix = f"outputs/{media_id}/{uuid.uuid4().hex[:12]}"
    for root, _dirs, files in os.walk(work):
        for name in sorted(files):
            path = Path(root) / name
            if path.suffix in (".png",) or name.startswith("."):
                continue  # the raw frame is not an output
            relative = path.relative_to(work).as_posix()
            with path.open("rb") as fh:
                stored = default_storage.save(f"{prefix}/{relative}", File(fh))
            if stored != f"{prefix}/{relative}":
                raise OSError(f"storage renamed {relative} to {stored}")
    return prefix


def delete_prefix(prefix: str) -> None:
    """Remove a previous set of outputs (after the new set is recorded)."""
    if not prefix:
        return
    try:
        directories, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{prefix}/{name}")
    for directory in directories:
        delete_prefix(f"{prefix}/{directory}")
    try:
        os.rmdir(default_storage.path(prefix))  # local storage keeps empty directories
    except (NotImplementedError, OSError):
        pass
