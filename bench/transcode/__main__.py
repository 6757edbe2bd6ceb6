"""Transcoding benchmark: our single-pass pipeline against the limit and per-rendition encoding.

    .venv/bin/python -m bench.transcode [--seconds 60] [--repeat 1] [--source phone]

A generated 1080p source (testsrc2 picture, tremolo sine "speech") is made first, outside the
timings: `synthetic` is the clean pattern at 25 fps (cheap to decode), `phone` and
`phone-hevc` add sensor-like noise at 30 fps and the bit rates phones record at. Then the same
240p/360p/540p/720p ladder and the speech-grade listening audio are produced three ways:

  pipeline       what a job costs minus the storage upload: probe, pipeline.encode (the single
                 video pass from ffmpeg_commands.transcode_command: MP4 + HLS per rung and listen.m4a +
                 the HLS audio variant, with the loudness measurement and broadcast MP3 + AAC
                 running beside it), outputs.check (ffprobe of every output), the master
                 playlist measured from the segments (hls_master), posters.illustrate
                 (poster and thumbnails). No database is touched.
  limit          one hand-written ffmpeg process: split filter, four x264 encodes, four MP4
                 files (with their AAC audio) and listen.m4a (mono AAC), nothing else.
  per rendition  what MediaCMS does: one ffmpeg per rung, each decoding the source itself and
                 writing an MP4, then one `ffmpeg -c copy -f hls` packaging step per rung, all
                 one after another; the same for the listening audio.

Encoder options (x264 preset/profile/level, bit rates, VBV, GOP, the fps/scale chain and the
per-rung and listening AAC options) are cut out of the command ffmpeg_commands.transcode_command builds,
so all three ways encode exactly alike. MP4s are written with +faststart in all three.

Each way runs --repeat times (interleaved); the median wall time (time.perf_counter) is used
and judged against the targets. CPU seconds (user + sys of the ffmpeg/ffprobe children and of
this process) are printed beside it: they move much less than wall time when something else
loads the machine. The load average is printed at the start and the end (our own ffmpeg
threads raise it too). Run it on an otherwise idle machine. Exit status is 1 when the
pipeline misses a target.
"""

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from bench.transcode.encodes import Encodes  # noqa: E402
from bench.transcode.sources import SOURCES, make_source  # noqa: E402
from bench.transcode.ways import (  # noqa: E402
    references,
    run_limit,
    run_per_rendition,
    run_pipeline,
    verify,
)
from media_pipeline.plan import LISTEN_AUDIO_KBPS, could_remux, plan_for  # noqa: E402
from media_pipeline.probe import probe, video_packets  # noqa: E402

TARGET_VS_LIMIT = 1.10
TARGET_VS_PER_RENDITION = 0.75


def _variants(master: str) -> list[tuple[str, int, int]]:
    """(name, BANDWIDTH, AVERAGE-BANDWIDTH) of each variant in a master playlist."""
    lines = master.splitlines()
    found = []
    for info, uri in zip(lines, lines[1:], strict=False):
        if info.startswith("#EXT-X-STREAM-INF:"):
            peak = re.search(r"[:,]BANDWIDTH=(\d+)", info).group(1)
            average = re.search(r"AVERAGE-BANDWIDTH=(\d+)", info).group(1)
            found.append((uri.removesuffix(".m3u8"), int(peak), int(average)))
    return found


def _cpu_seconds() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime + time.process_time()


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def ffmpeg_version() -> str:
    out = subprocess.run([settings.FFMPEG_BINARY, "-version"], capture_output=True, text=True)
    return out.stdout.split("\n", 1)[0].removeprefix("ffmpeg version ").split(" Copyright")[0]


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.transcode", description=__doc__.split("\n", 1)[0]
    )
    parser.add_argument("--seconds", type=int, default=60, help="source length (default 60)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per way (median is used)")
    parser.add_argument(
        "--source", choices=sorted(SOURCES), default="synthetic", help="what the source looks like"
    )
    options = parser.parse_args()

    print(f"CPUs: {os.cpu_count()}   ffmpeg {ffmpeg_version()}   load {_load()}")
    with tempfile.TemporaryDirectory(prefix="transcode-bench-") as tmp:
        tmp = Path(tmp)
        source = str(tmp / "source.mp4")
        t = time.perf_counter()
        make_source(Path(source), options.seconds, options.source)
        probed = probe(source)
        plan = plan_for(probed, video_packets(source) if could_remux(probed) else None)
        encodes = Encodes(source, plan)
        print(
            f"source: {options.seconds} s 1920x1080 {SOURCES[options.source][0]} fps "
            f"{SOURCES[options.source][2]} + AAC "
            f"(made in {time.perf_counter() - t:.1f} s, not timed); ladder "
            + "/".join(f"{r.name} {r.video_kbps}k" for r in plan.rungs)
            + f" + listen {LISTEN_AUDIO_KBPS}k mono, x264 veryfast, GOP {plan.gop}"
        )

        ways = {"pipeline": [], "limit": [], "per rendition": []}
        cpu = {way: [] for way in ways}
        steps: dict[str, dict[str, list[float]]] = {way: {} for way in ways}
        sizes = {}
        for run in range(options.repeat):
            for way in ways:
                work = tmp / f"{way.replace(' ', '-')}-{run}"
                c = _cpu_seconds()
                t = time.perf_counter()
                if way == "pipeline":
                    parts = run_pipeline(source, work)
                elif way == "limit":
                    parts = run_limit(source, work, encodes)
                else:
                    parts = run_per_rendition(source, work, encodes)
                ways[way].append(time.perf_counter() - t)
                cpu[way].append(_cpu_seconds() - c)
                for name, seconds in parts.items():
                    steps[way].setdefault(name, []).append(seconds)
                sizes[way] = verify(work, encodes)
                if way == "pipeline":
                    master = (work / "hls" / "master.m3u8").read_text()
                shutil.rmtree(work)
                print(f"  run {run + 1}/{options.repeat} {way}: {ways[way][-1]:.1f} s", flush=True)
        reference = references(source, tmp, plan)

    median = {way: statistics.median(times) for way, times in ways.items()}
    median_cpu = {way: statistics.median(times) for way, times in cpu.items()}
    labels = {
        "pipeline": "pipeline (ours, minus upload)",
        "limit": f"limit (1 process, {len(encodes.rungs)} MP4 + listen)",
        "per rendition": f"per rendition ({len(encodes.rungs) + 1} encodes + HLS)",
    }
    print()
    print(f"{'way':<36}{'wall s':>8}{'CPU s':>8}{'MP4 MB':>8}   wall runs (s)")
    for way, label in labels.items():
        runs = " ".join(f"{value:.1f}" for value in ways[way])
        print(f"{label:<36}{median[way]:>8.1f}{median_cpu[way]:>8.1f}{sizes[way]:>8.1f}   {runs}")
    print()
    results = []
    for label, other, target in (
        ("pipeline / limit", "limit", TARGET_VS_LIMIT),
        ("pipeline / per rendition", "per rendition", TARGET_VS_PER_RENDITION),
    ):
        ratio = median["pipeline"] / median[other]
        cpu_ratio = median_cpu["pipeline"] / median_cpu[other]
        results.append(ratio <= target)
        verdict = "PASS" if ratio <= target else "FAIL"
        print(
            f"{label:<36}{ratio:>8.3f}   target <= {target:.2f}   {verdict}"
            f"   (CPU ratio {cpu_ratio:.2f})"
        )
    print()
    for way in ("pipeline", "per rendition"):
        print(f"{way} steps (median s): " + ", ".join(
            f"{name} {statistics.median(values):.2f}" for name, values in steps[way].items()
        ))  # fmt: skip
    print("for reference (once): " + ", ".join(f"{k} {v:.2f} s" for k, v in reference.items()))
    print("HLS variants on the wire (pipeline, measured from its segments, kbit/s): " + ", ".join(
        f"{name} peak {peak / 1000:.0f} avg {average / 1000:.0f}"
        for name, peak, average in _variants(master)
    ))  # fmt: skip
    print(f"load at the end: {_load()}")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
