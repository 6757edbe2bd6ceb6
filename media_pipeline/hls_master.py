"""The HLS master playlist, measured from the variants a job wrote (see `outputs`)."""

from pathlib import Path

from django.utils.translation import gettext as _

from .outputs import OutputInvalid, read_variant
from .plan import Plan

AAC_LC = "mp4a.40.2"  # every audio track we encode is AAC-LC


def avc_codec(mp4: Path) -> str:
    """The RFC 6381 string of an MP4's H.264 track (avc1.PPCCLL), read from its avcC box
    (near the start of a faststart file): profile, constraint flags and level as written."""
    with mp4.open("rb") as fh:
        head = fh.read(4 * 1024 * 1024)
    at = head.find(b"avcC")
    if at < 0 or len(head) < at + 8:
        raise OutputInvalid(_("Rendition %(name)s is not H.264 4:2:0.") % {"name": mp4.stem})
    return "avc1." + head[at + 5 : at + 8].hex()


def master_playlist(work: Path, plan: Plan) -> str:
    """The HLS master playlist, measured from the files: variants by peak bit rate, lowest
    first, then the audio-only variant (speech-grade) last."""
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
    entries = []
    for rung in plan.rungs:
        variant = read_variant(work / "hls" / f"{rung.name}.m3u8")
        codec = avc_codec(work / f"{rung.name}.mp4")
        codecs = f"{codec},{AAC_LC}" if plan.has_audio else codec
        entries.append((variant.peak_bit_rate(), variant.average_bit_rate(),
                        f",RESOLUTION={rung.width}x{rung.height}", codecs, rung.name))  # fmt: skip
    entries.sort()
    if plan.rungs and plan.listen:
        audio = read_variant(work / "hls" / "audio.m3u8")
        entries.append((audio.peak_bit_rate(), audio.average_bit_rate(), "", AAC_LC, "audio"))
    for peak, average, resolution, codecs, name in entries:
        lines.append(
            f"#EXT-X-STREAM-INF:BANDWIDTH={peak},AVERAGE-BANDWIDTH={average}{resolution},"
            f'CODECS="{codecs}"'
        )
        lines.append(f"{name}.m3u8")
    return "\n".join(lines) + "\n"


def write_master(work: Path, plan: Plan) -> None:
    if plan.rungs:
        (work / "hls" / "master.m3u8").write_text(master_playlist(work, plan))
