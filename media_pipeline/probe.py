"""ffprobe every upload before it is accepted.

`probe(path)` returns what the pipeline needs to know about a file or raises
MediaRejected with a message in Chinese that editors (admin) and operators (CLI)
see as is.
"""

import json
import os
import subprocess
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext as _

from . import formats

IMAGE_CODECS = {"png", "mjpeg", "bmp", "gif", "webp", "tiff", "apng"}


class MediaRejected(Exception):
    """The file is not a usable video or audio file; the message says why."""


@dataclass(frozen=True)
class ProbeResult:
    duration: float
    format_name: str
    size: int
    bit_rate: int | None
    has_video: bool
    has_audio: bool
    width: int | None = None  # as displayed (rotation applied)
    height: int | None = None
    rotation: int = 0
    video_codec: str | None = None
    pix_fmt: str | None = None
    bit_depth: int | None = None
    fps: float | None = None
    avg_fps: float | None = None  # measured from the timestamps only (None when unknown)
    video_bit_rate: int | None = None
    video_profile: str | None = None
    video_level: int | None = None
    audio_codec: str | None = None
    audio_channels: int | None = None
    audio_sample_rate: int | None = None
    audio_bit_rate: int | None = None

    @property
    def kind(self) -> str:
        return "video" if self.has_video else "audio"

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def probe_command(path: str) -> list[str]:
    """ffprobe, allowed to read this one local file with a real container demuxer only."""
    return [settings.FFPROBE_BINARY, "-v", "error", "-show_format", "-show_streams",
            "-of", "json", *formats.input_args(), path]  # fmt: skip


@dataclass(frozen=True)
class SourcePackets:
    """A source's video packets, read without decoding (`video_packets`)."""

    keyframes: tuple[float, ...]  # presentation times of the keyframes, ascending
    first: float  # earliest presentation time of any video packet
    last: float  # latest


def packets_command(path: str) -> list[str]:
    """ffprobe listing the first video stream's packet times and flags (no decoding)."""
    return [settings.FFPROBE_BINARY, "-v", "error", "-select_streams", "v:0",
            "-show_entries", "packet=pts_time,flags", "-of", "compact=p=0",
            *formats.input_args(), path]  # fmt: skip


def video_packets(path: str | os.PathLike) -> SourcePackets | None:
    """Where the source's keyframes are (None when it has no timed video packets).

    Reads the packet headers of the whole file (about a second per GB), decodes nothing."""
    result = subprocess.run(packets_command(os.path.abspath(path)), capture_output=True)
    if result.returncode != 0:
        return None
    times, keyframes = [], []
    for line in result.stdout.decode("ascii", "replace").splitlines():
        fields = dict(item.partition("=")[::2] for item in line.split("|"))
        try:
            time = float(fields.get("pts_time", ""))
        except ValueError:
            continue  # no timestamp (N/A)
        times.append(time)
        if fields.get("flags", "").startswith("K"):
            keyframes.append(time)
    if not times:
        return None
    return SourcePackets(tuple(sorted(keyframes)), min(times), max(times))


def _run_ffprobe(path: str) -> dict:
    result = subprocess.run(probe_command(path), capture_output=True)
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace").strip()
        detail = (stderr.splitlines() or [""])[-1].removeprefix(f"{path}: ")
        raise MediaRejected(
            _("Not a video or audio file, or the file is damaged or incomplete (%(detail)s).")
            % {"detail": detail[:200]}
        )
    return json.loads(result.stdout)


def _rotation(stream: dict) -> int:
    for side_data in stream.get("side_data_list") or []:
        if "rotation" in side_data:
            return int(float(side_data["rotation"])) % 360
    rotate = (stream.get("tags") or {}).get("rotate")
    return int(rotate) % 360 if rotate else 0


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _fps(stream: dict, keys=("avg_frame_rate", "r_frame_rate")) -> float | None:
    rate = next((stream[k] for k in keys if stream.get(k) not in (None, "", "0/0")), None)
    try:
        value = float(Fraction(rate))
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return value or None


def _bit_depth(stream: dict) -> int | None:
    depth = _int(stream.get("bits_per_raw_sample"))
    if depth:
        return depth
    pix_fmt = stream.get("pix_fmt") or ""
    for marker in ("16", "12", "10"):
        if marker in pix_fmt:
            return int(marker)
    return 8 if pix_fmt else None


def probe(path: str | os.PathLike) -> ProbeResult:
    path = os.path.abspath(path)  # a relative "x:y.mp4" must not look like a protocol
    size = os.path.getsize(path)
    if size == 0:
        raise MediaRejected(_("The file is empty (0 bytes)."))
    sniffed = formats.sniff(path)
    if sniffed == "playlist":
        raise MediaRejected(
            _(
                "This is a playlist or a list of other files, not a video or audio file; "
                "upload the video or audio file itself."
            )
        )
    if sniffed == "picture":
        raise MediaRejected(_("This is a picture, not a video or audio file."))
    data = _run_ffprobe(path)
    fmt = data.get("format") or {}
    streams = data.get("streams") or []
    video = next(
        (
            s
            for s in streams
            if s.get("codec_type") == "video"
            and not (s.get("disposition") or {}).get("attached_pic")
        ),
        None,
    )
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    format_name = fmt.get("format_name", "")
    if not formats.is_allowed(format_name):  # the whitelist already refuses them; be sure
        raise MediaRejected(
            _("Unsupported file format (%(format)s): upload an MP4, MOV, MKV or WebM video.")
            % {"format": format_name[:40]}
        )
    if video is not None and video.get("codec_name") in IMAGE_CODECS and audio is None:
        raise MediaRejected(_("This is a picture, not a video or audio file."))
    if video is None and audio is None:
        raise MediaRejected(_("The file contains neither video nor audio."))
    try:
        duration = float(fmt.get("duration") or (video or audio).get("duration") or 0)
    except ValueError:
        duration = 0.0
    if duration <= 0:
        raise MediaRejected(_("The file has no playable length; it may be damaged."))

    result = {
        "duration": duration,
        "format_name": format_name,
        "size": size,
        "bit_rate": _int(fmt.get("bit_rate")),
        "has_video": video is not None,
        "has_audio": audio is not None,
    }
    if video is not None:
        rotation = _rotation(video)
        width, height = _int(video.get("width")), _int(video.get("height"))
        if not width or not height:
            raise MediaRejected(_("The video has no picture size; it may be damaged."))
        if rotation in (90, 270):
            width, height = height, width
        result.update(
            width=width,
            height=height,
            rotation=rotation,
            video_codec=video.get("codec_name"),
            pix_fmt=video.get("pix_fmt"),
            bit_depth=_bit_depth(video),
            fps=_fps(video),
            avg_fps=_fps(video, keys=("avg_frame_rate",)),
            video_bit_rate=_int(video.get("bit_rate")),
            video_profile=video.get("profile"),
            video_level=_int(video.get("level")),
        )
    if audio is not None:
        result.update(
            audio_codec=audio.get("codec_name"),
            audio_channels=_int(audio.get("channels")),
            audio_sample_rate=_int(audio.get("sample_rate")),
            audio_bit_rate=_int(audio.get("bit_rate")),
        )
    return ProbeResult(**result)
