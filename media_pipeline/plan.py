"""What to make from a source, and the single ffmpeg command that makes it.

One decode, several encodes: the video is decoded once and `split` into one
scaled branch per rung; each rung is encoded once and written both as a
faststart MP4 and as an HLS variant (tee muxer). The EBU R128 broadcast files
come from the audio alone (cheap to decode): one command measures the loudness,
a second applies it. The pipeline runs those two beside the video pass, so they
cost almost no wall time.
"""

from dataclasses import dataclass

import ffmpeg

from .formats import INPUT_OPTIONS
from .probe import ProbeResult

# (short side, video kbit/s, audio kbit/s). 360p is the weak-network rung.
LADDER = ((360, 400, 64), (540, 900, 96), (720, 1600, 128))
GOP_SECONDS = 2
HLS_SEGMENT_SECONDS = 4
MAX_FPS = 30
LOUDNESS = {"I": -16.0, "TP": -1.5, "LRA": 11.0}
BROADCAST_AUDIO_KBPS = 128


ENCODED_CODEC = "avc1.4d401f"  # H.264 Main, level 3.1 (set explicitly below)
H264_PROFILE_IDC = {"Baseline": "42", "Constrained Baseline": "42", "Main": "4d", "High": "64"}


@dataclass(frozen=True)
class Rung:
    name: str
    width: int
    height: int
    video_kbps: int
    audio_kbps: int
    remux: bool = False
    codec: str = ENCODED_CODEC  # RFC 6381 string for the HLS master playlist

    @property
    def bandwidth(self) -> int:
        """Peak bits per second for the HLS master playlist."""
        return int((self.video_kbps * 1.5 + self.audio_kbps) * 1000)


@dataclass(frozen=True)
class Plan:
    rungs: tuple[Rung, ...]
    has_audio: bool
    fps: float

    @property
    def gop(self) -> int:
        return max(1, round(self.fps * GOP_SECONDS))


def _even(value: float) -> int:
    """Round down to an even number (H.264 4:2:0 needs even sizes; never round up)."""
    return max(2, int(value) // 2 * 2)


def _can_remux(source: ProbeResult, width: int, height: int, video_kbps: int) -> bool:
    """Already H.264 8-bit 4:2:0 (+ AAC) at this size and within the rung's bit rate cap."""
    bit_rate = source.video_bit_rate or source.bit_rate or 0
    return (
        source.video_codec == "h264"
        and source.pix_fmt in ("yuv420p", "yuvj420p")
        and source.rotation == 0
        and (source.width, source.height) == (width, height)
        and (source.fps or 0) <= MAX_FPS
        and 0 < bit_rate <= video_kbps * 1500  # 1.5 × the target is the rung's cap
        and source.audio_codec in (None, "aac")
    )


def plan_for(source: ProbeResult) -> Plan:
    fps = min(source.fps or 25.0, MAX_FPS)
    if not source.has_video:
        return Plan(rungs=(), has_audio=source.has_audio, fps=fps)
    portrait = source.height > source.width
    short, long = sorted((source.width, source.height))
    rungs = []
    for target, video_kbps, audio_kbps in LADDER:
        if target > short:
            break  # never upscale
        other = _even(long * target / short)
        width, height = (target, other) if portrait else (other, target)
        rungs.append((f"{target}p", width, height, video_kbps, audio_kbps))
    if not rungs:  # smaller than the lowest rung: one rung at its own (even) size
        target, video_kbps, audio_kbps = LADDER[0]
        rungs.append(
            (f"{short}p", _even(source.width), _even(source.height), video_kbps, audio_kbps)
        )
    return Plan(
        rungs=tuple(_rung(source, *spec) for spec in rungs),
        has_audio=source.has_audio,
        fps=fps,
    )


def _rung(source: ProbeResult, name, width, height, video_kbps, audio_kbps) -> Rung:
    if not _can_remux(source, width, height, video_kbps):
        return Rung(name, width, height, video_kbps, audio_kbps)
    profile = H264_PROFILE_IDC.get(source.video_profile or "", "64")
    level = source.video_level or 31
    return Rung(
        name, width, height, video_kbps, audio_kbps, remux=True,
        codec=f"avc1.{profile}00{level:02x}",
    )  # fmt: skip


def _source(path: str):
    """The upload, read from this one local file by an allowed container demuxer only."""
    return ffmpeg.input(path, **INPUT_OPTIONS)


def loudness_command(binary: str, source: str) -> list[str]:
    """First pass of loudnorm: measure (prints JSON on stderr)."""
    measure = _source(source)["a:0"].filter("loudnorm", **LOUDNESS, print_format="json")
    return (
        ffmpeg.output(measure, "-", f="null")
        .global_args("-hide_banner", "-nostdin")
        .compile(cmd=binary)
    )


def _loudnorm(stream, measured: dict | None):
    """Bring the broadcast audio to −16 LUFS.

    With a measurement, two-pass loudnorm in linear mode only applies one gain; a plain
    `volume` filter does the same at a fraction of the cost (loudnorm resamples to 192 kHz),
    as long as that gain keeps the true peak under the ceiling. Otherwise loudnorm limits.
    """
    if measured:
        gain = LOUDNESS["I"] - float(measured["input_i"])
        if float(measured["input_tp"]) + gain <= LOUDNESS["TP"]:
            return stream.filter("volume", f"{gain:.2f}dB")
    if not measured:
        return stream.filter("loudnorm", **LOUDNESS)
    return stream.filter(
        "loudnorm",
        **LOUDNESS,
        measured_I=measured["input_i"],
        measured_TP=measured["input_tp"],
        measured_LRA=measured["input_lra"],
        measured_thresh=measured["input_thresh"],
        offset=measured["target_offset"],
        linear="true",
    )


def _x264(rung: Rung, plan: Plan) -> dict:
    return {
        "c:v": "libx264", "preset": "veryfast", "profile:v": "main", "level:v": "3.1",
        "b:v": f"{rung.video_kbps}k", "maxrate": f"{int(rung.video_kbps * 1.5)}k",
        "bufsize": f"{rung.video_kbps * 2}k", "g": plan.gop, "keyint_min": plan.gop,
        "sc_threshold": 0,
    }  # fmt: skip


def _tee(out: str, rung: Rung) -> tuple[str, dict]:
    """One encode written twice: a faststart MP4 and an HLS variant."""
    hls = (
        f"[f=hls:hls_time={HLS_SEGMENT_SECONDS}:hls_playlist_type=vod:hls_flags=independent_segments"
        f":hls_segment_filename={out}/hls/{rung.name}_%04d.ts]{out}/hls/{rung.name}.m3u8"
    )
    return f"[f=mp4:movflags=+faststart]{out}/{rung.name}.mp4|{hls}", {
        "f": "tee", "flags": "+global_header",
    }  # fmt: skip


def transcode_command(binary: str, source: str, out: str, plan: Plan) -> list[str]:
    """The single-pass video command (built with ffmpeg-python) for a plan with rungs.
    `out` is a fresh directory: rungs go to out/<name>.mp4 and out/hls/<name>.m3u8."""
    src = _source(source)
    audio = [src["a:0"]] if plan.has_audio else []
    outputs = []
    encoded = [r for r in plan.rungs if not r.remux]
    if encoded:
        branches = src["v:0"].filter_multi_output("split", len(encoded))
        for i, rung in enumerate(encoded):
            video = (
                branches[i]
                .filter("fps", fps=f"{plan.fps:g}")
                .filter("scale", rung.width, rung.height, flags="bicubic")
                .filter("setsar", 1)
                .filter("format", "yuv420p")
            )
            target, tee = _tee(out, rung)
            sound = {"c:a": "aac", "b:a": f"{rung.audio_kbps}k", "ac": 2} if audio else {}
            outputs.append(
                ffmpeg.output(video, *audio, target, **_x264(rung, plan), **sound, **tee)
            )
    for rung in plan.rungs:
        if rung.remux:
            target, tee = _tee(out, rung)
            outputs.append(ffmpeg.output(src["v:0"], *audio, target, c="copy", **tee))
    return _compile(ffmpeg.merge_outputs(*outputs), binary)


def broadcast_command(binary: str, source: str, out: str, measured: dict | None) -> list[str]:
    """Broadcast audio at −16 LUFS, 44.1 kHz: out/broadcast.mp3 and out/broadcast.m4a."""
    broadcast = (
        _loudnorm(_source(source)["a:0"], measured)
        .filter("aresample", 44100)
        .filter_multi_output("asplit", 2)
    )
    bitrate = f"{BROADCAST_AUDIO_KBPS}k"
    outputs = ffmpeg.merge_outputs(
        ffmpeg.output(broadcast[0], f"{out}/broadcast.mp3",
                      **{"c:a": "libmp3lame", "b:a": bitrate, "ac": 2}),
        ffmpeg.output(broadcast[1], f"{out}/broadcast.m4a", movflags="+faststart",
                      **{"c:a": "aac", "b:a": bitrate, "ac": 2}),
    )  # fmt: skip
    return _compile(outputs, binary)


def _compile(outputs, binary: str) -> list[str]:
    """Quiet, with machine-readable progress on stdout (parsed by runner.run)."""
    return (
        outputs.global_args("-hide_banner", "-nostdin", "-v", "error", "-progress", "pipe:1",
                            "-nostats")
        .overwrite_output()
        .compile(cmd=binary)
    )  # fmt: skip


def master_playlist(plan: Plan) -> str:
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for rung in sorted(plan.rungs, key=lambda r: r.height * r.width):
        codecs = f"{rung.codec},mp4a.40.2" if plan.has_audio else rung.codec
        lines.append(
            f"#EXT-X-STREAM-INF:BANDWIDTH={rung.bandwidth},RESOLUTION={rung.width}x{rung.height},"
            f'CODECS="{codecs}"'
        )
        lines.append(f"{rung.name}.m3u8")
    return "\n".join(lines) + "\n"
