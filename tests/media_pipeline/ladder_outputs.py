"""An upload transcoded by the real pipeline, and its ladder's outputs read back: the HLS
master and variant playlists, their segments and measured bit rates, and whether every rung's
segments start together (test_ladder*.py)."""

from pathlib import Path

import pytest

from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from media_pipeline.models import LessonMedia, MediaOutput, MediaStatus
from media_pipeline.plan import HLS_SEGMENT_SECONDS

from .outputs import ffprobe, stored, streams

H264_PROFILE_IDC = {"Constrained Baseline": 0x42, "Baseline": 0x42, "Main": 0x4D, "High": 0x64}


def run(path: Path, title="阶梯测试") -> LessonMedia:
    media = ingest_file(path, title)
    assert pipeline.transcode(media.pk) == "done"
    media.refresh_from_db()
    assert media.status == MediaStatus.READY, media.error
    return media


def output(media, kind, name) -> MediaOutput:
    return media.outputs.get(kind=kind, name=name)


def master(media) -> list[tuple[dict, str]]:
    """The master playlist's variants in order: (attributes, URI)."""
    lines = stored(output(media, "hls", "master")).read_text().splitlines()
    assert lines[0] == "#EXTM3U"
    variants = []
    for line, uri in zip(lines, lines[1:], strict=False):
        if line.startswith("#EXT-X-STREAM-INF:"):
            attributes = {}
            for part in line.split(":", 1)[1].replace('"', "").split(","):
                if "=" in part:
                    key, value = part.split("=", 1)
                    attributes[key] = value
                else:  # the second codec of CODECS="a,b"
                    attributes[key] += "," + part
            variants.append((attributes, uri))
    return variants


def segments(playlist: Path) -> list[tuple[Path, float]]:
    result, duration = [], None
    for line in playlist.read_text().splitlines():
        if line.startswith("#EXTINF:"):
            duration = float(line.split(":", 1)[1].split(",", 1)[0])
        elif line and not line.startswith("#"):
            result.append((playlist.parent / line, duration))
    return result


def wire_rates(playlist: Path) -> list[float]:
    """bit/s of each segment on the wire (whole MPEG-TS file) over its EXTINF, ignoring a short
    last segment (under half a segment long), which HLS counts with the one before it."""
    return [
        file.stat().st_size * 8 / seconds
        for file, seconds in segments(playlist)
        if seconds >= HLS_SEGMENT_SECONDS / 2
    ]


def peak_rate(playlist: Path) -> float:
    """HLS BANDWIDTH by its definition (RFC 8216 4.3.4.2): the largest bit rate of any run of
    consecutive segments lasting between 0.5 and 1.5 times the target duration."""
    parts = [(f.stat().st_size * 8, s) for f, s in segments(playlist)]
    target = int(next(line for line in playlist.read_text().splitlines()
                      if line.startswith("#EXT-X-TARGETDURATION:")).split(":")[1])  # fmt: skip
    rates = []
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            seconds = sum(s for _, s in parts[i:j])
            if 0.5 * target <= seconds <= 1.5 * target:
                rates.append(sum(b for b, _ in parts[i:j]) / seconds)
    return max(rates)


def average_rate(playlist: Path) -> float:
    parts = segments(playlist)
    return sum(f.stat().st_size * 8 for f, _ in parts) / sum(s for _, s in parts)


def video_starts(playlist: Path) -> list[float]:
    """Each segment's first video timestamp, read with ffprobe from the .ts file itself."""
    starts = []
    for file, _seconds in segments(playlist):
        info = ffprobe(file)
        (video,) = streams(info, "video")
        starts.append(float(video["start_time"]))
    return starts


def variant_playlists(media) -> dict[str, Path]:
    return {o.name: stored(o) for o in media.outputs.filter(kind="hls_variant")}


def assert_aligned(media) -> None:
    """Every rung's segments start on the same timestamps; the MP4s start together too."""
    rungs = {n: p for n, p in variant_playlists(media).items() if n != "audio"}
    starts = {name: video_starts(playlist) for name, playlist in rungs.items()}
    reference = next(iter(starts.values()))
    assert len(reference) >= 3, starts
    for name, times in starts.items():
        assert times == pytest.approx(reference, abs=0.001), (name, starts)
    steps = [b - a for a, b in zip(reference, reference[1:], strict=False)]
    assert steps == pytest.approx([HLS_SEGMENT_SECONDS] * len(steps), abs=0.001)
    mp4_starts = {
        o.name: [float(s["start_time"]) for s in ffprobe(stored(o))["streams"]]
        for o in media.outputs.filter(kind="mp4")
    }
    assert len({tuple(v) for v in mp4_starts.values()}) == 1, mp4_starts
