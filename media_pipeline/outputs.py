"""Checking, illustrating and publishing a finished job's files.

Outputs are made in a private work directory; only when every file is complete
and checked are they copied into storage under a fresh prefix and recorded, in
one transaction, as the item's outputs. Parents therefore never see a half-made
rendition, and a re-run replaces the previous set in one step.
"""

import math
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
from .plan import HLS_SEGMENT_SECONDS, Plan
from .probe import MediaRejected, ProbeResult, probe

POSTER_MAX_WIDTH = 1280
THUMB_SIZE = (320, 180)
MIN_DURATION_RATIO = 0.9  # an output shorter than this share of the source means it was cut short
AAC_LC = "mp4a.40.2"  # every audio track we encode is AAC-LC


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
    size: int | None = None  # bytes; None: the file's own size (an HLS variant: its segments too)


def _check_duration(result: ProbeResult, source: ProbeResult, name: str) -> None:
    if result.duration < source.duration * MIN_DURATION_RATIO - 0.5:
        raise OutputInvalid(
            _(
                "The source is incomplete or damaged: only %(got).1f of %(want).1f seconds "
                "could be decoded (%(name)s)."
            )
            % {"got": result.duration, "want": source.duration, "name": name}
        )


@dataclass(frozen=True)
class Variant:
    """An HLS variant playlist as written: its segments and what they cost on the wire."""

    playlist: Path
    segments: tuple[tuple[Path, float], ...]  # (file, EXTINF seconds)
    target: int  # EXT-X-TARGETDURATION

    @property
    def size(self) -> int:
        return self.playlist.stat().st_size + sum(f.stat().st_size for f, _ in self.segments)

    @property
    def starts(self) -> list[float]:
        """Segment start times from the playlist, the first at 0."""
        starts, at = [], 0.0
        for _file, seconds in self.segments:
            starts.append(at)
            at += seconds
        return starts

    def peak_bit_rate(self) -> int:
        """HLS BANDWIDTH: the largest bit rate of any run of consecutive segments lasting 0.5 to
        1.5 × the target duration (RFC 8216 4.3.4.2), i.e. of every full segment, with a short
        last one counted together with the one before it."""
        sizes = [(f.stat().st_size * 8, seconds) for f, seconds in self.segments]
        low, high = 0.5 * self.target, 1.5 * self.target
        peak = 0.0
        for i in range(len(sizes)):
            bits = seconds = 0.0
            for size, duration in sizes[i:]:
                bits, seconds = bits + size, seconds + duration
                if seconds > high:
                    break
                if seconds >= low:
                    peak = max(peak, bits / seconds)
        return math.ceil(peak) or self.average_bit_rate()

    def average_bit_rate(self) -> int:
        """HLS AVERAGE-BANDWIDTH: all segments' bits over their duration."""
        seconds = sum(duration for _f, duration in self.segments)
        bits = sum(f.stat().st_size * 8 for f, _ in self.segments)
        return math.ceil(bits / seconds) if seconds else 0


def read_variant(playlist: Path) -> Variant:
    """Parse a VOD variant playlist we wrote; OutputInvalid when it is missing or incomplete."""
    try:
        text = playlist.read_text()
    except FileNotFoundError as exc:
        raise OutputInvalid(
            _("An output is missing or unreadable: %(error)s") % {"error": exc}
        ) from exc
    if "#EXT-X-ENDLIST" not in text:
        raise OutputInvalid(_("HLS playlist %(name)s is incomplete.") % {"name": playlist.stem})
    segments, duration, target = [], None, 0
    for line in text.splitlines():
        if line.startswith("#EXT-X-TARGETDURATION:"):
            target = int(line.split(":", 1)[1])
        elif line.startswith("#EXTINF:"):
            duration = float(line.split(":", 1)[1].split(",", 1)[0])
        elif line and not line.startswith("#") and duration is not None:
            segments.append((playlist.parent / line, duration))
            duration = None
    if not segments:
        raise OutputInvalid(_("HLS playlist %(name)s is incomplete.") % {"name": playlist.stem})
    return Variant(playlist, tuple(segments), target or HLS_SEGMENT_SECONDS)


def avc_codec(mp4: Path) -> str:
    """The RFC 6381 string of an MP4's H.264 track (avc1.PPCCLL), read from its avcC box
    (near the start of a faststart file): profile, constraint flags and level as written."""
    with mp4.open("rb") as fh:
        head = fh.read(4 * 1024 * 1024)
    at = head.find(b"avcC")
    if at < 0 or len(head) < at + 8:
        raise OutputInvalid(_("Rendition %(name)s is not H.264 4:2:0.") % {"name": mp4.stem})
    return "avc1." + head[at + 5 : at + 8].hex()


def segments_aligned(work: Path, plan: Plan) -> bool:
    """Every rung's HLS segments start at the same times (within a quarter of a frame)."""
    starts = [read_variant(work / "hls" / f"{rung.name}.m3u8").starts for rung in plan.rungs]
    tolerance = 0.25 / plan.fps
    return all(
        len(other) == len(starts[0])
        and all(abs(a - b) <= tolerance for a, b in zip(other, starts[0], strict=True))
        for other in starts[1:]
    )


def master_playlist(work: Path, plan: Plan) -> str:
    """The HLS master playlist, measured from the files: variants by peak bit rate, lowest
    first, then the audio-only variant (speech-grade) last."""
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
    entries = []
    for rung in plan.rungs:
        variant = read_variant(work / "hls" / f"{rung.name}.m3u8")
        codec = avc_codec(work / f"{rung.name}.mp4")
        codecs = f"{codec},{AAC_LC}" if plan.has_audio else codec
        entries.append((variant.peak_bit_rate(), variant.average_bit_rate(),
                        f",RESOLUTION={rung.width}x{rung.height}", codecs, rung.name))  # fmt: skip
    entries.sort()
    if plan.rungs and plan.listen:
        audio = read_variant(work / "hls" / "audio.m3u8")
        entries.append((audio.peak_bit_rate(), audio.average_bit_rate(), "", AAC_LC, "audio"))
    for peak, average, resolution, codecs, name in entries:
        lines.append(
            f"#EXT-X-STREAM-INF:BANDWIDTH={peak},AVERAGE-BANDWIDTH={average}{resolution},"
            f'CODECS="{codecs}"'
        )
        lines.append(f"{name}.m3u8")
    return "\n".join(lines) + "\n"


def write_master(work: Path, plan: Plan) -> None:
    if plan.rungs:
        (work / "hls" / "master.m3u8").write_text(master_playlist(work, plan))


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
            variant = read_variant(work / "hls" / f"{rung.name}.m3u8")
            outputs.append(
                Output(MediaOutput.Kind.HLS_VARIANT, rung.name, variant.playlist, rung.width,
                       rung.height, bit_rate=variant.average_bit_rate(), size=variant.size)
            )  # fmt: skip
        if plan.listen:
            result = probe(work / "listen.m4a")
            _check_duration(result, source, "listen")
            outputs.append(Output(MediaOutput.Kind.LISTEN, "listen", work / "listen.m4a",
                                  bit_rate=result.bit_rate, duration=result.duration))  # fmt: skip
            if plan.rungs:
                variant = read_variant(work / "hls" / "audio.m3u8")
                outputs.append(
                    Output(MediaOutput.Kind.HLS_VARIANT, "audio", variant.playlist,
                           bit_rate=variant.average_bit_rate(), size=variant.size)
                )  # fmt: skip
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


def delete_stale_prefixes(media_id: int, keep: str) -> None:
    """Remove output sets of this item other than `keep` (left by a run killed after its
    upload and before its swap). Call only while holding the item's lock."""
    root = f"outputs/{media_id}"
    try:
        directories, _files = default_storage.listdir(root)
    except (FileNotFoundError, NotImplementedError):
        return
    for directory in directories:
        if f"{root}/{directory}" != keep:
            delete_prefix(f"{root}/{directory}")
