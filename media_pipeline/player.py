"""What the player shows for a media item: only finished outputs, never a half-made one."""

from dataclasses import dataclass

from django.core.files.storage import default_storage

from .models import LessonMedia, MediaOutput, MediaStatus

# The MP4 used where HLS cannot play: modest, so weak connections cope.
MP4_FALLBACK_ORDER = ("540p", "360p", "720p")


@dataclass(frozen=True)
class Player:
    media_id: int
    title: str
    hls_url: str | None
    mp4_url: str | None
    poster_url: str | None
    audio_url: str | None
    broadcast_mp3_url: str | None
    captions_url: str | None
    is_audio_only: bool
    width: int | None
    height: int | None
    duration: float


def player_for(media: LessonMedia | None) -> Player | None:
    """The player for a ready item (one query for its outputs), else None."""
    if media is None or media.status != MediaStatus.READY:
        return None
    by_kind: dict[str, dict[str, MediaOutput]] = {}
    for output in media.outputs.all():
        by_kind.setdefault(output.kind, {})[output.name] = output

    def url(kind: str, name: str | None = None) -> str | None:
        outputs = by_kind.get(kind, {})
        output = outputs.get(name) if name else next(iter(outputs.values()), None)
        return default_storage.url(output.path) if output else None

    mp4s = by_kind.get(MediaOutput.Kind.MP4, {})
    fallback = next((name for name in MP4_FALLBACK_ORDER if name in mp4s), next(iter(mp4s), None))
    return Player(
        media_id=media.pk,
        title=media.title,
        hls_url=url(MediaOutput.Kind.HLS_MASTER),
        mp4_url=url(MediaOutput.Kind.MP4, fallback) if fallback else None,
        poster_url=url(MediaOutput.Kind.POSTER_JPEG),
        audio_url=url(MediaOutput.Kind.AUDIO_AAC),
        broadcast_mp3_url=url(MediaOutput.Kind.AUDIO_MP3),
        captions_url=media.captions.url if media.captions else None,
        is_audio_only=not mp4s,
        width=media.width,
        height=media.height,
        duration=media.duration,
    )
