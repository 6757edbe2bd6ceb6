"""Tiny real clips made with ffmpeg for the pipeline tests (seconds to generate)."""

import subprocess
from pathlib import Path

SPEECH = "sine=frequency=220:sample_rate=44100,tremolo=f=4:d=0.7"
GOP_2S = ("-g", "50", "-keyint_min", "50", "-sc_threshold", "0")  # at 25 fps: the pipeline's GOP
GOP_10S = ("-g", "250", "-keyint_min", "250", "-sc_threshold", "0")  # a camera's long GOP


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-hide_banner", "-v", "error", "-y", *args], check=True)


def video(path: Path, *, size="640x360", seconds=3, audio=True, vcodec=("-c:v", "libx264"),
          pix_fmt="yuv420p", extra=(), acodec=("-c:a", "aac")) -> Path:  # fmt: skip
    inputs = ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate=25"]
    if audio:
        inputs += ["-f", "lavfi", "-i", SPEECH]
    ffmpeg(*inputs, "-t", str(seconds), *vcodec, "-pix_fmt", pix_fmt,
           *(acodec if audio else ["-an"]), *extra, str(path))  # fmt: skip
    return path


def noisy(path: Path, *, size="640x360", seconds=8) -> Path:
    """Hard to compress: the test pattern under strong temporal noise at 30 fps (the most
    frames, so the most MPEG-TS overhead), kept nearly lossless: a dim phone recording."""
    ffmpeg("-f", "lavfi", "-i", f"testsrc2=size={size}:rate=30,noise=alls=30:allf=t+u",
           "-f", "lavfi", "-i", SPEECH, "-t", str(seconds), "-c:v", "libx264", "-preset",
           "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p", "-c:a", "aac", str(path))  # fmt: skip
    return path


def audio_only(path: Path, seconds=3) -> Path:
    ffmpeg("-f", "lavfi", "-i", SPEECH, "-t", str(seconds), "-c:a", "aac", str(path))
    return path


def rotated(path: Path, source: Path) -> Path:
    """A phone video: stored landscape, displayed portrait (rotation metadata 90)."""
    ffmpeg("-i", str(source), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(path))
    return path


def truncated(path: Path, source: Path, keep=0.5) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def picture_renamed(path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (320, 240), (200, 30, 30)).save(path, "PNG")
    return path


def still(path: Path, size: str) -> Path:
    """One black frame at `size`, as a 1 s H.264 video (cheap even at 8192x8192)."""
    ffmpeg("-f", "lavfi", "-i", f"color=c=black:s={size}:r=1", "-t", "1", "-c:v", "libx264",
           "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path))  # fmt: skip
    return path


def hls_playlist(path: Path, segment: Path) -> Path:
    """An HLS playlist naming another file (what an attacker uploads as .mp4)."""
    path.write_text(
        f"#EXTM3U\n#EXT-X-TARGETDURATION:3\n#EXT-X-MEDIA-SEQUENCE:0\n#EXTINF:3.0,\n{segment}\n"
        "#EXT-X-ENDLIST\n"
    )
    return path


def ffconcat(path: Path, segment: Path) -> Path:
    """An ffconcat script (auto-detected by ffmpeg); a bare name passes its "safe" check."""
    path.write_text(f"ffconcat version 1.0\nfile {segment.name}\n")
    return path


def concat_list(path: Path, segment: Path) -> Path:
    """A concat demuxer list (ffmpeg -f concat)."""
    path.write_text(f"file '{segment}'\n")
    return path
