"""Transcoding benchmark, the three ways to make the ladder (our pipeline, the single-process
limit, one process per rendition), what single pieces cost, and the check that each way made
the whole ladder (bench/transcode/__main__.py describes the run)."""

import shutil
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from bench.transcode.encodes import Encodes
from media_pipeline import hls_master, outputs, posters, runner
from media_pipeline.ffmpeg_commands import broadcast_command
from media_pipeline.pipeline import _measure_loudness, encode
from media_pipeline.plan import HLS_SEGMENT_SECONDS, could_remux, plan_for
from media_pipeline.probe import probe, video_packets


def _ffmpeg(*args: str) -> list[str]:
    return [settings.FFMPEG_BINARY, "-hide_banner", "-nostdin", "-y", "-v", "error", *args]


def run_pipeline(source: str, work: Path) -> dict[str, float]:
    """Our job minus the upload, step by step (same calls, same order as pipeline._run)."""
    steps = {}
    t = time.perf_counter()
    probed = probe(source)
    plan = plan_for(probed, video_packets(source) if could_remux(probed) else None)
    steps["probe"] = time.perf_counter() - t

    t = time.perf_counter()
    (work / "hls").mkdir(parents=True)
    # The job reads -progress from stdout; a no-op callback keeps that part identical.
    encode(Path(source), work, probed, plan, on_progress=lambda fraction: None)
    steps["single pass ∥ loudness+broadcast"] = time.perf_counter() - t

    t = time.perf_counter()
    if plan.rungs and not outputs.segments_aligned(work, plan):
        sys.exit("pipeline: the rungs' segments are not aligned")
    made = outputs.check(work, plan, probed)
    hls_master.write_master(work, plan)
    steps["checks+playlist"] = time.perf_counter() - t

    t = time.perf_counter()
    made += posters.illustrate(work, plan, probed)
    steps["poster+thumbs"] = time.perf_counter() - t
    return steps


def run_limit(source: str, work: Path, encodes: Encodes) -> dict[str, float]:
    work.mkdir(parents=True)
    count = len(encodes.rungs)
    graph = [f"[0:v:0]split={count}" + "".join(f"[s{i}]" for i in range(count))]
    graph += [f"[s{i}]{chain}[v{i}]" for i, chain in enumerate(encodes.filters)]
    args = ["-i", source, "-filter_complex", ";".join(graph)]
    for i, rung in enumerate(encodes.rungs):
        args += ["-map", f"[v{i}]", *encodes.audio_map, *encodes.codec_args[i]]
        args += ["-movflags", "+faststart", str(work / f"{rung.name}.mp4")]
    if encodes.listen_args:
        args += [*encodes.audio_map, *encodes.listen_args, "-movflags", "+faststart",
                 str(work / "listen.m4a")]  # fmt: skip
    subprocess.run(_ffmpeg(*args), check=True)
    return {}


def run_per_rendition(source: str, work: Path, encodes: Encodes) -> dict[str, float]:
    (work / "hls").mkdir(parents=True)
    steps = {}
    for i, rung in enumerate(encodes.rungs):
        mp4 = work / f"{rung.name}.mp4"
        t = time.perf_counter()
        subprocess.run(
            _ffmpeg("-i", source, "-map", "0:v:0", *encodes.audio_map, "-vf", encodes.filters[i],
                    *encodes.codec_args[i], "-movflags", "+faststart", str(mp4)),
            check=True,
        )  # fmt: skip
        steps[f"encode {rung.name}"] = time.perf_counter() - t
        t = time.perf_counter()
        subprocess.run(
            _ffmpeg("-i", str(mp4), "-map", "0", "-c", "copy", "-f", "hls",
                    "-hls_time", str(HLS_SEGMENT_SECONDS), "-hls_playlist_type", "vod",
                    "-hls_flags", "independent_segments",
                    "-hls_segment_filename", str(work / "hls" / f"{rung.name}_%04d.ts"),
                    str(work / "hls" / f"{rung.name}.m3u8")),
            check=True,
        )  # fmt: skip
        steps[f"hls {rung.name}"] = time.perf_counter() - t
    if encodes.listen_args:
        listen = work / "listen.m4a"
        t = time.perf_counter()
        subprocess.run(_ffmpeg("-i", source, "-map", "0:a:0", *encodes.listen_args,
                               "-movflags", "+faststart", str(listen)), check=True)  # fmt: skip
        subprocess.run(
            _ffmpeg("-i", str(listen), "-map", "0", "-c", "copy", "-f", "hls",
                    "-hls_time", str(HLS_SEGMENT_SECONDS), "-hls_playlist_type", "vod",
                    "-hls_segment_filename", str(work / "hls" / "audio_%04d.ts"),
                    str(work / "hls" / "audio.m3u8")),
            check=True,
        )  # fmt: skip
        steps["listen + hls"] = time.perf_counter() - t
    return steps


def references(source: str, tmp: Path, plan) -> dict[str, float]:
    """Not part of any way: what single pieces cost, to explain the differences."""
    timings = {}
    t = time.perf_counter()
    subprocess.run(_ffmpeg("-i", source, "-map", "0:v:0", "-f", "null", "-"), check=True)
    timings["decode the 1080p source once"] = time.perf_counter() - t
    if plan.has_audio:
        work = tmp / "broadcast-only"
        work.mkdir()
        t = time.perf_counter()
        measured = _measure_loudness(Path(source))
        timings["loudness measurement alone"] = time.perf_counter() - t
        t = time.perf_counter()
        runner.run(broadcast_command(settings.FFMPEG_BINARY, source, str(work), measured))
        timings["broadcast MP3 + AAC alone"] = time.perf_counter() - t
        shutil.rmtree(work)
    return timings


def verify(work: Path, encodes: Encodes) -> float:
    """Outside the timings: every way must have made the whole ladder. Returns MP4 MB."""
    total = 0
    for rung in encodes.rungs:
        result = probe(work / f"{rung.name}.mp4")
        if (result.width, result.height, result.video_codec) != (rung.width, rung.height, "h264"):
            sys.exit(f"{work.name}: {rung.name}.mp4 is {result.width}x{result.height}")
        if not result.has_audio:
            sys.exit(f"{work.name}: {rung.name}.mp4 has no audio")
        total += result.size
    if encodes.listen_args:
        listen = probe(work / "listen.m4a")
        if (listen.has_video, listen.audio_codec, listen.audio_channels) != (False, "aac", 1):
            sys.exit(f"{work.name}: listen.m4a is not mono AAC")
        total += listen.size
    return total / 1e6
