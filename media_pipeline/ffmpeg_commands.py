"""The ffmpeg commands that make a plan's files (see `plan`), built with ffmpeg-python.

One decode, several encodes: the video is decoded once and `split` into one
scaled branch per rung; each rung is encoded once and written both as a
faststart MP4 and as an HLS variant (tee muxer). The same pass encodes the
speech-grade listening audio (mono AAC 48 kbit/s), written as `listen.m4a` and as
the HLS audio-only variant. The EBU R128 broadcast files come from the audio alone
(cheap to decode): one command measures the loudness, a second applies it. The
pipeline runs those two beside the video pass, so they cost almost no wall time.
"""

import ffmpeg

from .formats import INPUT_OPTIONS
from .plan import BROADCAST_AUDIO_KBPS, HLS_SEGMENT_SECONDS, LISTEN_AUDIO_KBPS, Plan, Rung

# Every HLS output's timestamps start here (+ the MPEG-TS muxer's 1.4 s), whatever the
# encoder delay or the source's B-frames: remuxed and encoded variants start together.
HLS_TS_OFFSET_SECONDS = 1
HLS_MUX_DELAY_US = 700_000  # ffmpeg's usual -muxdelay: audio is packed ~0.35 s per PES
LOUDNESS = {"I": -16.0, "TP": -1.5, "LRA": 11.0}  # the broadcast audio's EBU R128 target


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
        "b:v": f"{rung.video_kbps}k", "maxrate": f"{rung.maxrate_kbps}k",
        "bufsize": f"{rung.bufsize_kbps}k", "g": plan.gop, "keyint_min": plan.gop,
        "sc_threshold": 0,
    }  # fmt: skip


def _aac(kbps: int, channels: int) -> dict:
    return {"c:a": "aac", "b:a": f"{kbps}k", "ac": channels}


def _hls(out: str, name: str) -> str:
    """A tee slave writing an HLS variant (MPEG-TS segments) as out/hls/<name>.m3u8."""
    return (
        f"[f=hls:hls_time={HLS_SEGMENT_SECONDS}:hls_playlist_type=vod"
        f":hls_flags=independent_segments:output_ts_offset={HLS_TS_OFFSET_SECONDS}"
        f":max_delay={HLS_MUX_DELAY_US}"
        f":hls_segment_filename={out}/hls/{name}{SEGMENT_SUFFIX}]{out}/hls/{name}.m3u8"
    )


SEGMENT_SUFFIX = "_%04d.ts"  # out/hls/240p.m3u8 lists out/hls/240p_0000.ts, 240p_0001.ts, ...


def first_segment(playlist: str) -> str:
    """The first segment of a variant playlist made by _hls (what a player fetches first)."""
    return playlist.removesuffix(".m3u8") + SEGMENT_SUFFIX % 0


def _tee(mp4: str, out: str, name: str) -> tuple[str, dict]:
    """One encode written twice: a faststart MP4 and an HLS variant."""
    return f"[f=mp4:movflags=+faststart]{mp4}|{_hls(out, name)}", {
        "f": "tee", "flags": "+global_header",
    }  # fmt: skip


def transcode_command(binary: str, source: str, out: str, plan: Plan) -> list[str]:
    """The single-pass video command (built with ffmpeg-python) for a plan with rungs.
    `out` is a fresh directory: rungs go to out/<name>.mp4 and out/hls/<name>.m3u8, the
    listening audio to out/listen.m4a and out/hls/audio.m3u8."""
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
            target, tee = _tee(f"{out}/{rung.name}.mp4", out, rung.name)
            sound = _aac(rung.audio_kbps, rung.channels) if audio else {}
            outputs.append(
                ffmpeg.output(video, *audio, target, **_x264(rung, plan), **sound, **tee)
            )
    for rung in plan.rungs:
        if rung.remux:  # the source's own video; the audio encoded like the other rungs'
            target, tee = _tee(f"{out}/{rung.name}.mp4", out, rung.name)
            sound = _aac(rung.audio_kbps, rung.channels) if audio else {}
            outputs.append(ffmpeg.output(src["v:0"], *audio, target, **{"c:v": "copy"},
                                         **sound, **tee))  # fmt: skip
    if plan.listen:
        target, tee = _tee(f"{out}/listen.m4a", out, "audio")
        outputs.append(ffmpeg.output(*audio, target, **_aac(LISTEN_AUDIO_KBPS, 1), **tee))
    return _compile(ffmpeg.merge_outputs(*outputs), binary)


def listen_command(binary: str, source: str, out: str) -> list[str]:
    """Speech-grade audio of an audio-only item: out/listen.m4a (mono AAC 48 kbit/s)."""
    return _compile(
        ffmpeg.output(_source(source)["a:0"], f"{out}/listen.m4a", movflags="+faststart",
                      **_aac(LISTEN_AUDIO_KBPS, 1)),
        binary,
    )  # fmt: skip


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
