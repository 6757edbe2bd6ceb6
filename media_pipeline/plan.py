"""What to make from a source: the ladder of rungs, the listening and broadcast audio.

Every rung has a keyframe every GOP_SECONDS on the same timestamps and the same
HLS segment boundaries; a rung is remuxed from the source (`-c:v copy`) only when
the source's own keyframes give exactly those boundaries (`keyframes_fit`). The
ffmpeg commands that make a plan's files are built in `ffmpeg_commands`.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .probe import ProbeResult, SourcePackets

# Bumped whenever the outputs change shape; `manage.py retranscode` re-makes the outputs of
# every ready item published with an older version (LessonMedia.ladder_version).
LADDER_VERSION = 2


@dataclass(frozen=True)
class Step:
    """One rung of the ladder: short side, x264 rate control (kbit/s), AAC audio."""

    short: int
    video_kbps: int
    maxrate_kbps: int
    bufsize_kbps: int
    audio_kbps: int
    channels: int


# 240p fits a weak 3G link (~400 kbit/s) with room to spare: a tight VBV keeps every 2 s HLS
# segment under 250 kbit/s on the wire, MPEG-TS overhead (~30 kbit/s at 30 fps: a PES header
# and a stuffed TS packet per frame) and mono audio included. Measured on noisy 30 fps
# sources: peak 230 kbit/s; with 150/170/170 it reached 251 (docs/media-pipeline.md).
LADDER = (
    Step(240, 135, 150, 150, 32, 1),
    Step(360, 400, 600, 800, 64, 2),
    Step(540, 900, 1350, 1800, 96, 2),
    Step(720, 1600, 2400, 3200, 128, 2),
)
GOP_SECONDS = 2
HLS_SEGMENT_SECONDS = 2  # short segments: the first frame comes fast on a slow link
MAX_FPS = 30
LISTEN_AUDIO_KBPS = 48  # speech-grade "audio only", mono AAC-LC
BROADCAST_AUDIO_KBPS = 128
SOURCE_SHARE = 0.9  # an encoded rung gets at most this share of the source's bits per stream
MIN_RUNG_STEP = 1.3  # a rung must carry at least 1.3 × the bits of the rung below it
MIN_AUDIO_KBPS = 24
OWN_SIZE_STEP = 1.2  # a source this much taller than the highest step below it gets a rung at
# its own size too (with the next step's rates): a 480p source keeps its 480 lines
REMUX_CAP = 1.5  # a remuxed rung may carry up to 1.5 × the rung's video target


@dataclass(frozen=True)
class Rung:
    name: str
    width: int
    height: int
    video_kbps: int
    audio_kbps: int
    maxrate_kbps: int = 0
    bufsize_kbps: int = 0
    channels: int = 2
    remux: bool = False


@dataclass(frozen=True)
class Plan:
    rungs: tuple[Rung, ...]
    has_audio: bool
    fps: float

    @property
    def gop(self) -> int:
        return gop_frames(self.fps)

    @property
    def remuxes(self) -> bool:
        return any(rung.remux for rung in self.rungs)

    @property
    def listen(self) -> bool:
        """Speech-grade audio (listen.m4a, and the HLS audio variant when there is video)."""
        return self.has_audio

    def encoded_only(self) -> "Plan":
        """The same ladder with every rung encoded (no remux)."""
        return replace(self, rungs=tuple(replace(rung, remux=False) for rung in self.rungs))


def gop_frames(fps: float) -> int:
    """Frames between keyframes: at least GOP_SECONDS, so every keyframe starts a segment."""
    return max(1, math.ceil(fps * GOP_SECONDS - 1e-6))


def _even(value: float) -> int:
    """Round down to an even number (H.264 4:2:0 needs even sizes; never round up)."""
    return max(2, int(value) // 2 * 2)


def source_video_kbps(source: ProbeResult) -> float:
    """The source's video bit rate (kbit/s); 0 when unknown."""
    bits = source.video_bit_rate or max(0, (source.bit_rate or 0) - (source.audio_bit_rate or 0))
    return bits / 1000


def _remuxable(source: ProbeResult, width: int, height: int, video_kbps: int) -> bool:
    """H.264 8-bit 4:2:0 at this size, upright, ≤ 30 fps, within the rung's bit rate cap."""
    kbps = source_video_kbps(source)
    return (
        source.video_codec == "h264"
        and source.pix_fmt in ("yuv420p", "yuvj420p")
        and source.rotation == 0
        and (source.width, source.height) == (width, height)
        and (source.fps or 0) <= MAX_FPS
        and 0 < kbps <= video_kbps * REMUX_CAP
    )


def could_remux(source: ProbeResult) -> bool:
    """Whether some rung might be a remux: only then are the source's keyframes read."""
    if not source.has_video:
        return False
    return any(spec.remux for spec in _specs(source, keyframes=None, optimistic=True))


def segment_starts(keyframes: Sequence[float], segment: float = HLS_SEGMENT_SECONDS) -> list:
    """Where ffmpeg's HLS muxer starts segments for these keyframe times: at the first
    keyframe at or after each multiple of the segment length, counted from the first."""
    if not keyframes:
        return []
    start, starts, number = keyframes[0], [keyframes[0]], 1
    for time in keyframes[1:]:
        if time - start >= number * segment - 1e-6:
            starts.append(time)
            number += 1
    return starts


def keyframes_fit(packets: SourcePackets | None, fps: float) -> bool:
    """Whether the source's keyframes give the segments of an encoded rung: keyframes every
    GOP (gop_frames) from the first frame, cut every HLS_SEGMENT_SECONDS."""
    if packets is None or not packets.keyframes:
        return False
    frame = 1 / fps
    if abs(packets.keyframes[0] - packets.first) > frame / 4:
        return False  # the first frame is not a keyframe
    gop_seconds = gop_frames(fps) * frame
    count = int((packets.last - packets.first + frame / 4) // gop_seconds) + 1
    encoded = segment_starts([k * gop_seconds for k in range(count)])
    source = [t - packets.first for t in segment_starts(list(packets.keyframes))]
    return len(encoded) == len(source) and all(
        abs(a - b) <= frame / 4 for a, b in zip(encoded, source, strict=True)
    )


def plan_for(source: ProbeResult, packets: SourcePackets | None = None) -> Plan:
    """The ladder for a source. Without `packets` (the source's keyframes) nothing is
    remuxed: every rung is encoded with aligned keyframes."""
    fps = min(source.fps or 25.0, MAX_FPS)
    if not source.has_video:
        return Plan(rungs=(), has_audio=source.has_audio, fps=fps)
    return Plan(
        rungs=tuple(_specs(source, packets, optimistic=False)),
        has_audio=source.has_audio,
        fps=fps,
    )


def _specs(source: ProbeResult, keyframes: SourcePackets | None, optimistic: bool) -> list[Rung]:
    portrait = source.height > source.width
    short, long = sorted((source.width, source.height))
    fps = min(source.fps or 25.0, MAX_FPS)
    sized = []
    for step in LADDER:
        if step.short > short:  # never upscale; a source between two steps (480p, 359p)
            if not sized or short >= sized[-1][3].short * OWN_SIZE_STEP:  # gets its own size
                sized.append((f"{short}p", _even(source.width), _even(source.height), step))
            break
        other = _even(long * step.short / short)
        width, height = (step.short, other) if portrait else (other, step.short)
        sized.append((f"{step.short}p", width, height, step))
    aligned = optimistic or keyframes_fit(keyframes, fps)
    rungs: list[Rung] = []
    for name, width, height, step in sized:
        remux = aligned and _remuxable(source, width, height, step.video_kbps)
        rung = _rung(source, name, width, height, step, remux)
        if rungs and rung.video_kbps < rungs[-1].video_kbps * MIN_RUNG_STEP:
            continue  # not meaningfully better than the rung below: the source has no more
        rungs.append(rung)
    return rungs


def _rung(source: ProbeResult, name, width, height, step: Step, remux: bool) -> Rung:
    """A rung's rates: the step's, never more than the source has (SOURCE_SHARE of it)."""
    source_kbps = source_video_kbps(source)
    audio_kbps = step.audio_kbps
    if source.audio_bit_rate:
        audio_kbps = max(
            MIN_AUDIO_KBPS, min(audio_kbps, int(source.audio_bit_rate / 1000 * SOURCE_SHARE))
        )
    channels = min(step.channels, source.audio_channels or step.channels)
    if remux:
        return Rung(
            name, width, height, int(source_kbps), audio_kbps, channels=channels, remux=True
        )
    video_kbps = step.video_kbps
    if source_kbps:
        video_kbps = min(video_kbps, int(source_kbps * SOURCE_SHARE))
    scale = video_kbps / step.video_kbps
    return Rung(
        name, width, height, video_kbps, audio_kbps,
        maxrate_kbps=max(1, int(step.maxrate_kbps * scale)),
        bufsize_kbps=max(1, int(step.bufsize_kbps * scale)),
        channels=channels,
    )  # fmt: skip
