"""Transcoding benchmark: our single-pass pipeline against the limit and per-rendition encoding.

    .venv/bin/python bench/transcode.py [--seconds 60] [--repeat 1] [--source phone]

A generated 1080p source (testsrc2 picture, tremolo sine "speech") is made first, outside the
timings: `synthetic` is the clean pattern at 25 fps (cheap to decode), `phone` and
`phone-hevc` add sensor-like noise at 30 fps and the bit rates phones record at. Then the same
240p/360p/540p/720p ladder and the speech-grade listening audio are produced three ways:

  pipeline       what a job costs minus the storage upload: probe, pipeline.encode (the single
                 video pass from plan.transcode_command: MP4 + HLS per rung and listen.m4a +
                 the HLS audio variant, with the loudness measurement and broadcast MP3 + AAC
                 running beside it), outputs.check (ffprobe of every output), the master
                 playlist measured from the segments, outputs.illustrate (poster and
                 thumbnails). No database is touched.
  limit          one hand-written ffmpeg process: split filter, four x264 encodes, four MP4
                 files (with their AAC audio) and listen.m4a (mono AAC), nothing else.
  per rendition  what MediaCMS does: one ffmpeg per rung, each decoding the source itself and
                 writing an MP4, then one `ffmpeg -c copy -f hls` packaging step per rung, all
                 one after another; the same for the listening audio.

Encoder options (x264 preset/profile/level, bit rates, VBV, GOP, the fps/scale chain and the
per-rung and listening AAC options) are cut out of the command plan.transcode_command builds,
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from media_pipeline import outputs, runner  # noqa: E402
from media_pipeline.pipeline import _measure_loudness, encode  # noqa: E402
from media_pipeline.plan import (  # noqa: E402
    HLS_SEGMENT_SECONDS,
    LISTEN_AUDIO_KBPS,
    broadcast_command,
    could_remux,
    plan_for,
    transcode_command,
)
from media_pipeline.probe import probe, video_packets  # noqa: E402

TARGET_VS_LIMIT = 1.10
TARGET_VS_PER_RENDITION = 0.75


SOURCES = {
    # testsrc2 compresses extremely well: cheap to decode, the hardest case for one pass.
    "synthetic": ("25", ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20",
                         "-pix_fmt", "yuv420p"], "H.264 CRF 20 (clean test pattern)"),
    # What a phone records: 1080p30 H.264 High at ~16 Mbit/s with sensor noise.
    "phone": ("30", ["-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high",
                     "-b:v", "16M", "-maxrate", "20M", "-bufsize", "32M",
                     "-pix_fmt", "yuv420p"], "phone-like H.264 High 16 Mbit/s with noise"),
    # Newer phones' default: HEVC Main 10 at ~10 Mbit/s with sensor noise.
    "phone-hevc": ("30", ["-c:v", "libx265", "-preset", "ultrafast", "-b:v", "10M",
                          "-pix_fmt", "yuv420p10le", "-x265-params", "log-level=error"],
                   "phone-like HEVC Main 10 10 Mbit/s with noise"),
}  # fmt: skip


def make_source(path: Path, seconds: int, kind: str) -> None:
    rate, video, _ = SOURCES[kind]
    picture = f"testsrc2=size=1920x1080:rate={rate}"
    if kind != "synthetic":
        picture += ",noise=alls=10:allf=t"
    subprocess.run(
        [settings.FFMPEG_BINARY, "-hide_banner", "-nostdin", "-y", "-v", "error",
         "-f", "lavfi", "-i", picture,
         "-f", "lavfi", "-i", "sine=frequency=220,tremolo=f=4:d=0.7",
         "-t", str(seconds), *video, "-c:a", "aac", "-b:a", "128k", str(path)],
        check=True,
    )  # fmt: skip


class Encodes:
    """Per-rung filter chain and encoder arguments, cut out of our own single-pass command.

    Read from the built argument list (not from plan.py's source), so whichever way plan.py
    builds the command, the other two ways encode exactly like the pipeline does.
    """

    def __init__(self, source: str, plan):
        out = "/BENCH-OUT"
        command = transcode_command(settings.FFMPEG_BINARY, source, out, plan)
        self.rungs = [r for r in plan.rungs if not r.remux]
        if not self.rungs or len(self.rungs) != len(plan.rungs):
            sys.exit("the source would be remuxed for some rung; the comparison needs encodes")
        self.audio_map = ["-map", "0:a:0"] if plan.has_audio else []
        graph = _parse_graph(command[command.index("-filter_complex") + 1])
        split = next(outs for _ins, name, outs in graph if name.startswith("split="))
        self.filters, self.codec_args = [], []
        begin = command.index("-filter_complex") + 2
        for i, rung in enumerate(self.rungs):
            target = next(
                n for n, arg in enumerate(command) if f"{out}/{rung.name}.mp4" in arg and n >= begin
            )
            options = command[begin:target]
            if not options or options[0] != "-map" or len(options) % 2:
                sys.exit(f"cannot read the {rung.name} options from {options}")
            pairs = list(zip(options[::2], options[1::2], strict=True))
            mapped = pairs[0][1].strip("[]")  # the first -map is the rung's video
            self.filters.append(_chain(graph, split[i], mapped))
            skip = {("-f", "tee"), ("-flags", "+global_header")}  # the tee muxer's needs
            self.codec_args.append(
                [a for pair in pairs if pair[0] != "-map" and pair not in skip for a in pair]
            )
            begin = target + 1
        # The listening audio (mono AAC): the last output of the command, audio only.
        self.listen_args = []
        if plan.listen:
            target = next(n for n, arg in enumerate(command) if f"{out}/listen.m4a" in arg)
            options = command[begin:target]
            pairs = list(zip(options[::2], options[1::2], strict=True))
            skip = {("-f", "tee"), ("-flags", "+global_header")}
            self.listen_args = [a for pair in pairs if pair[0] != "-map" and pair not in skip
                                for a in pair]  # fmt: skip


def _parse_graph(text: str) -> list[tuple[list[str], str, list[str]]]:
    """'[a][b]f=x[c]' statements as (inputs, filters, outputs)."""
    parsed = []
    for statement in text.split(";"):
        match = re.fullmatch(r"((?:\[[^\]]+\])*)(.*?)((?:\[[^\]]+\])*)", statement)
        ins, body, outs = match.groups()
        parsed.append((re.findall(r"\[([^\]]+)\]", ins), body, re.findall(r"\[([^\]]+)\]", outs)))
    return parsed


def _chain(graph, label: str, until: str) -> str:
    """The filters from a split output to the mapped label, as one -vf chain."""
    filters = []
    while label != until:
        _ins, body, outs = next(s for s in graph if s[0] == [label])
        filters.append(body)
        label = outs[0]
    return ",".join(filters)


def _ffmpeg(*args: str) -> list[str]:
    return [settings.FFMPEG_BINARY, "-hide_banner", "-nostdin", "-y", "-v", "error", *args]


# --- the three ways -------------------------------------------------------------------------


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
    outputs.write_master(work, plan)
    steps["checks+playlist"] = time.perf_counter() - t

    t = time.perf_counter()
    made += outputs.illustrate(work, plan, probed)
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


# --- main -----------------------------------------------------------------------------------


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
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
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
