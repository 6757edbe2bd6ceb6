"""Which files ffprobe and ffmpeg may read, and how.

An upload is read by one demuxer, from one local file, and by nothing else:

- `INPUT_OPTIONS` go before the one input path of every ffprobe and ffmpeg command we
  build: `protocol_whitelist=file` (no http, data:, subfile, concat: or pipe protocols)
  and `format_whitelist` = the real container demuxers below. Playlist and list demuxers
  (HLS, ffconcat/concat, DASH, image sequences, SDP…) open *other* files or URLs named
  inside the upload: a text playlist saved as `.mp4` would have ffmpeg read another
  organisation's original. None of them is on the list, so ffmpeg refuses to open such a
  file at all.
- `sniff` looks at the first bytes before ffprobe runs, so that playlists and pictures
  are refused with a reason an editor understands rather than ffmpeg's "invalid data".
"""

import os

# Demuxer names (ffmpeg -demuxers). One name enables a demuxer that has several
# ("mov" is "mov,mp4,m4a,3gp,3g2,mj2"; "matroska" is "matroska,webm").
ALLOWED_DEMUXERS = (
    "mov",  # MP4, MOV, M4A, M4V, 3GP
    "matroska",  # MKV, WebM
    "mpegts",  # TS, MTS (camcorders)
    "mpeg",  # MPEG-PS (.mpg, .mpeg, DVD)
    "avi",
    "flv",
    "asf",  # WMV, WMA
    "ogg",  # Ogg, Opus
    "mp3",
    "aac",  # ADTS
    "wav",
    "flac",
    "aiff",
    "amr",  # phone voice recordings
)

INPUT_OPTIONS = {
    "protocol_whitelist": "file",
    "format_whitelist": ",".join(ALLOWED_DEMUXERS),
}

# Text that playlist and list demuxers recognise (lower case, after a BOM and blank space).
PLAYLIST_MARKERS = (
    b"#extm3u",  # HLS, M3U
    b"#ext-x-",
    b"ffconcat",  # ffconcat
    b"file ",  # concat demuxer lists
    b"file\t",
    b"<?xml",  # DASH manifests, SMIL, XSPF
    b"<mpd",
    b"<smil",
    b"[playlist]",  # PLS
    b"v=0",  # SDP (RTP sessions)
)
PICTURE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",  # TIFF
    b"MM\x00*",
)


def input_args() -> list[str]:
    """INPUT_OPTIONS as command-line arguments, to go right before `-i PATH`."""
    args = []
    for name, value in INPUT_OPTIONS.items():
        args += [f"-{name}", value]
    return args


def is_allowed(format_name: str) -> bool:
    """ffprobe's format_name (e.g. "mov,mp4,m4a,3gp,3g2,mj2") is one of the allowed demuxers."""
    return any(part in ALLOWED_DEMUXERS for part in format_name.split(","))


def sniff(path: str | os.PathLike) -> str | None:
    """Says "playlist" or "picture" when the first bytes show one, else None."""
    with open(path, "rb") as fh:
        head = fh.read(1024)
    webp = head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    bmp = head[:2] == b"BM" and head[6:10] == b"\x00\x00\x00\x00"
    if webp or bmp or head.startswith(PICTURE_MAGIC):
        return "picture"
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith(PLAYLIST_MARKERS):
        return "playlist"
    return None
