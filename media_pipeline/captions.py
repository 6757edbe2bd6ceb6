"""The spoken text of a WebVTT captions file (for search)."""

import re

_TIMING = re.compile(r"^\s*(\d+:)?\d+:\d+[.,]\d+\s*-->")
_TAG = re.compile(r"<[^>]+>")
MAX_BYTES = 2 * 1024 * 1024


def vtt_text(content: str) -> str:
    """Cue text only: no header, cue ids, timings, NOTE/STYLE blocks or voice tags."""
    lines = []
    for block in re.split(r"\n\s*\n", content.replace("\r\n", "\n")):
        rows = block.strip().split("\n")
        if not rows or rows[0].startswith(("WEBVTT", "NOTE", "STYLE", "REGION")):
            continue
        timing = next((i for i, row in enumerate(rows) if _TIMING.match(row)), None)
        if timing is None:
            continue
        lines.extend(_TAG.sub("", row).strip() for row in rows[timing + 1 :])
    return "\n".join(line for line in lines if line)


def captions_text(media) -> str:
    """The captions' text of a LessonMedia, or "" when it has none or it cannot be read."""
    if media is None or not media.captions:
        return ""
    try:
        with media.captions.open("rb") as handle:
            return vtt_text(handle.read(MAX_BYTES).decode("utf-8", errors="replace"))
    except OSError:
        return ""
