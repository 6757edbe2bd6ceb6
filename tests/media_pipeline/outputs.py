"""Checks on a finished item's outputs with ffprobe (shared by the pipeline tests)."""

import json
import subprocess
from pathlib import Path

from django.conf import settings

from media_pipeline.models import LessonMedia, MediaOutput


def ffprobe(path: Path) -> dict:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
         str(path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return json.loads(out)


def stored(output: MediaOutput) -> Path:
    return Path(settings.MEDIA_ROOT) / output.path


def streams(info: dict, kind: str) -> list[dict]:
    return [s for s in info["streams"] if s["codec_type"] == kind]


def assert_playable(media: LessonMedia) -> dict[str, MediaOutput]:
    """Every MP4 is H.264 8-bit 4:2:0 with even sizes; HLS playlists parse; audio plays."""
    outputs = {(o.kind, o.name): o for o in media.outputs.all()}
    for (kind, name), output in outputs.items():
        assert stored(output).is_file(), (kind, name)
        if kind == "mp4":
            info = ffprobe(stored(output))
            (video,) = streams(info, "video")
            assert video["codec_name"] == "h264" and video["pix_fmt"] == "yuv420p"
            assert (video["width"], video["height"]) == (output.width, output.height)
            assert video["width"] % 2 == 0 and video["height"] % 2 == 0
            for audio in streams(info, "audio"):
                assert audio["codec_name"] == "aac"
        if kind == "hls_variant":
            lines = stored(output).read_text().splitlines()
            assert lines[0] == "#EXTM3U" and "#EXT-X-ENDLIST" in lines
            segments = [line for line in lines if line and not line.startswith("#")]
            assert segments and all((stored(output).parent / s).is_file() for s in segments)
            info = ffprobe(stored(output))
            if name == "audio":  # the audio-only variant: speech-grade mono AAC
                assert not streams(info, "video"), name
                (audio,) = streams(info, "audio")
                assert audio["codec_name"] == "aac" and audio["channels"] == 1
            else:
                assert streams(info, "video")[0]["codec_name"] == "h264"
        if kind == "hls":
            master = stored(output).read_text()
            variants = [line for line in master.splitlines() if line.endswith(".m3u8")]
            assert variants and all((stored(output).parent / v).is_file() for v in variants)
            assert "#EXT-X-STREAM-INF:BANDWIDTH=" in master
        if kind in ("mp3", "aac", "listen"):
            info = ffprobe(stored(output))
            assert not streams(info, "video"), (kind, name)
            assert streams(info, "audio")[0]["codec_name"] == ("mp3" if kind == "mp3" else "aac")
        if kind == "listen":
            assert streams(info, "audio")[0]["channels"] == 1
    return outputs
