"""What the player shows for a media item: only finished outputs, never a half-made one.

The page carries the poster and the addresses; nothing is fetched before the parent taps
play (media_pipeline/static/media_pipeline/player.js). The no-JavaScript fallback and the
default MP4 is the smallest rendition: on a weak link the smallest one is the one that plays.
"""

import json
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from .ffmpeg_commands import first_segment
from .models import LessonMedia, MediaOutput, MediaStatus


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    url: str
    size: int


@dataclass(frozen=True)
class Picture:
    """The poster in two formats (WebP for phones that show it, JPEG otherwise) and two sizes."""

    jpeg_url: str
    webp_url: str | None
    width: int
    height: int
    thumb_jpeg_url: str | None = None
    thumb_webp_url: str | None = None
    thumb_width: int | None = None

    @property
    def jpeg_srcset(self) -> str:
        return _srcset((self.thumb_jpeg_url, self.thumb_width), (self.jpeg_url, self.width))

    @property
    def webp_srcset(self) -> str:
        if not self.webp_url:
            return ""
        return _srcset((self.thumb_webp_url, self.thumb_width), (self.webp_url, self.width))


def _srcset(*candidates) -> str:
    return ", ".join(f"{url} {width}w" for url, width in candidates if url and width)


@dataclass(frozen=True)
class Player:
    media_id: int
    title: str
    hls_url: str | None
    renditions: tuple[Rendition, ...]  # MP4s, smallest first
    poster: Picture | None
    warm_urls: tuple[str, ...]  # fetched with hls.js on the tap: lowest variant, first segment
    listen_url: str | None  # speech-grade audio for "audio only" (older outputs: broadcast AAC)
    listen_size: int
    broadcast_mp3_url: str | None
    captions_url: str | None
    width: int | None
    height: int | None
    duration: float

    @property
    def is_audio_only(self) -> bool:
        return not self.renditions

    @property
    def mp4_url(self) -> str | None:
        """The no-JavaScript fallback: the smallest rendition."""
        return self.renditions[0].url if self.renditions else None

    @property
    def video_size(self) -> int:
        """Bytes of the smallest rendition: what a lesson costs at the quality a weak link gets."""
        return self.renditions[0].size if self.renditions else 0

    @property
    def sizes_label(self) -> str:
        """What the lesson costs a metered plan, e.g. 视频 约 3.2 MB · 只听声音 约 0.5 MB."""
        parts = []
        if self.video_size:
            parts.append(_("Video about %(size)s") % {"size": _megabytes(self.video_size)})
        if self.listen_size:
            label = _("About %(size)s") if self.is_audio_only else _("Audio only about %(size)s")
            parts.append(label % {"size": _megabytes(self.listen_size)})
        return " · ".join(parts)

    @property
    def renditions_json(self) -> str:
        """For player.js's MP4 choice (the smallest rendition at least as wide as the player)."""
        return json.dumps([{"w": r.width, "u": r.url} for r in self.renditions])


def _megabytes(size: int) -> str:
    """Sizes as phone plans count them: MB with one decimal, never "0.0"."""
    return f"{max(0.1, size / 1024**2):.1f} MB"


def player_for(media: LessonMedia | None) -> Player | None:
    """The player for a ready item (one query for its outputs), else None."""
    if media is None or media.status != MediaStatus.READY:
        return None
    by_kind: dict[str, dict[str, MediaOutput]] = {}
    for output in media.outputs.all():
        by_kind.setdefault(output.kind, {})[output.name] = output

    def first(kind: str) -> MediaOutput | None:
        return next(iter(by_kind.get(kind, {}).values()), None)

    def url(output: MediaOutput | None) -> str | None:
        return default_storage.url(output.path) if output else None

    Kind = MediaOutput.Kind
    renditions = tuple(
        Rendition(o.name, o.width or 0, o.height or 0, url(o), o.size)
        for o in sorted(
            by_kind.get(Kind.MP4, {}).values(), key=lambda o: (o.width or 0) * (o.height or 0)
        )
    )
    listen = first(Kind.LISTEN) or first(Kind.AUDIO_AAC)
    lowest = by_kind.get(Kind.HLS_VARIANT, {}).get(renditions[0].name) if renditions else None
    return Player(
        media_id=media.pk,
        title=media.title,
        hls_url=url(first(Kind.HLS_MASTER)),
        renditions=renditions,
        warm_urls=(url(lowest), default_storage.url(first_segment(lowest.path))) if lowest else (),
        poster=_picture(first, url),
        listen_url=url(listen),
        listen_size=listen.size if listen else 0,
        broadcast_mp3_url=url(first(Kind.AUDIO_MP3)),
        captions_url=media.captions.url if media.captions else None,
        width=media.width,
        height=media.height,
        duration=media.duration,
    )


def _picture(first, url) -> Picture | None:
    Kind = MediaOutput.Kind
    jpeg = first(Kind.POSTER_JPEG)
    if jpeg is None:
        return None
    webp = first(Kind.POSTER_WEBP)
    thumb_jpeg, thumb_webp = first(Kind.THUMB_JPEG), first(Kind.THUMB_WEBP)
    return Picture(
        jpeg_url=url(jpeg),
        webp_url=url(webp),
        width=jpeg.width or 0,
        height=jpeg.height or 0,
        thumb_jpeg_url=url(thumb_jpeg),
        thumb_webp_url=url(thumb_webp) if thumb_jpeg else None,
        thumb_width=thumb_jpeg.width if thumb_jpeg else None,
    )
