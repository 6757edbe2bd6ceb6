"""Checking a finished job's files: every output ffprobed, every HLS variant read back.

Outputs are made in a private work directory and checked there (`check`), before anything
is copied into storage (`output_storage`): parents never see a half-made rendition.
"""

import math
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from .models import MediaOutput
from .plan import HLS_SEGMENT_SECONDS, Plan
from .probe import MediaRejected, ProbeResult, probe

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


def segments_aligned(work: Path, plan: Plan) -> bool:
    """Every rung's HLS segments start at the same times (within a quarter of a frame)."""
    starts = [read_variant(work / "hls" / f"{rung.name}.m3u8").starts for rung in plan.rungs]
    tolerance = 0.25 / plan.fps
    return all(
        len(other) == len(starts[0])
        and all(abs(a - b) <= tolerance for a, b in zip(other, starts[0], strict=True))
        for other in starts[1:]
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
