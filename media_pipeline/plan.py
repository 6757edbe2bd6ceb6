"""What to make from a source, and the single ffmpeg command that makes it.

One decode, several encodes: the video is decoded once and `split` into one
scaled branch per rung; each rung is encoded once and written both as a
faststart MP4 and as an HLS variant (tee muxer). The audio is decoded once for
the rungs and once more (audio only, cheap) to measure loudness for the
EBU R128 broadcast files.
"""

from dataclasses import dataclass

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


def loudness_command(binary: str, source: str) -> list[str]:
    """First pass of loudnorm: measure (prints JSON on stderr)."""
    target = ":".join(f"{k}={v}" for k, v in LOUDNESS.items())
    return [
        binary, "-hide_banner", "-nostdin", "-i", source, "-map", "0:a:0", "-vn",
        "-af", f"loudnorm={target}:print_format=json", "-f", "null", "-",
    ]  # fmt: skip


def _loudnorm_filter(measured: dict | None) -> str:
    target = ":".join(f"{k}={v}" for k, v in LOUDNESS.items())
    if not measured:
        return f"loudnorm={target}"
    return (
        f"loudnorm={target}:measured_I={measured['input_i']}:measured_TP={measured['input_tp']}"
        f":measured_LRA={measured['input_lra']}:measured_thresh={measured['input_thresh']}"
        f":offset={measured['target_offset']}:linear=true"
    )


def transcode_command(
    binary: str, source: str, out: str, plan: Plan, measured: dict | None
) -> list[str]:
    """The single-pass command. `out` is a fresh directory: rungs go to
    out/<name>.mp4 and out/hls/<name>.m3u8, broadcast audio to out/broadcast.*"""
    args = [binary, "-hide_banner", "-nostdin", "-y", "-v", "error", "-progress", "pipe:1",
            "-nostats", "-i", source]  # fmt: skip
    graph = []
    encoded = [r for r in plan.rungs if not r.remux]
    if encoded:
        labels = "".join(f"[s{i}]" for i in range(len(encoded)))
        graph.append(f"[0:v:0]split={len(encoded)}{labels}")
        for i, rung in enumerate(encoded):
            graph.append(
                f"[s{i}]fps={plan.fps:g},scale={rung.width}:{rung.height}:flags=bicubic,"
                f"setsar=1,format=yuv420p[v{i}]"
            )
    if plan.has_audio:
        graph.append(f"[0:a:0]{_loudnorm_filter(measured)},aresample=44100,asplit=2[bmp3][baac]")
    if graph:
        args += ["-filter_complex", ";".join(graph)]

    for i, rung in enumerate(encoded):
        args += ["-map", f"[v{i}]"]
        if plan.has_audio:
            args += ["-map", "0:a:0", "-c:a", "aac", "-b:a", f"{rung.audio_kbps}k", "-ac", "2"]
        args += [
            "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-level:v", "3.1",
            "-b:v", f"{rung.video_kbps}k", "-maxrate", f"{int(rung.video_kbps * 1.5)}k",
            "-bufsize", f"{rung.video_kbps * 2}k", "-g", str(plan.gop),
            "-keyint_min", str(plan.gop), "-sc_threshold", "0",
        ]  # fmt: skip
        args += _rung_outputs(out, rung)
    for rung in plan.rungs:
        if rung.remux:
            args += ["-map", "0:v:0"] + (["-map", "0:a:0"] if plan.has_audio else [])
            args += ["-c", "copy"] + _rung_outputs(out, rung)
    if plan.has_audio:
        args += ["-map", "[bmp3]", "-c:a", "libmp3lame", "-b:a", f"{BROADCAST_AUDIO_KBPS}k",
                 "-ac", "2", f"{out}/broadcast.mp3"]  # fmt: skip
        args += ["-map", "[baac]", "-c:a", "aac", "-b:a", f"{BROADCAST_AUDIO_KBPS}k", "-ac", "2",
                 "-movflags", "+faststart", f"{out}/broadcast.m4a"]  # fmt: skip
    return args


def _rung_outputs(out: str, rung: Rung) -> list[str]:
    hls = (
        f"[f=hls:hls_time={HLS_SEGMENT_SECONDS}:hls_playlist_type=vod:hls_flags=independent_segments"
        f":hls_segment_filename={out}/hls/{rung.name}_%04d.ts]{out}/hls/{rung.name}.m3u8"
    )
    return [
        "-flags", "+global_header", "-f", "tee",
        f"[f=mp4:movflags=+faststart]{out}/{rung.name}.mp4|{hls}",
    ]  # fmt: skip


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
