"""The weekly episode as parents meet it: this week's episode and the broadcast feed items."""

from dataclasses import dataclass

from django.db.models import Prefetch

from media_pipeline.models import MediaOutput

from ..models import CloudClassroomEpisode


@dataclass(frozen=True)
class EpisodeCard:
    number: int
    title: str
    summary: str
    air_date: object
    url: str


def live_episodes():
    return CloudClassroomEpisode.objects.for_parents().order_by("-number")


def this_weeks_episode(request) -> EpisodeCard | None:
    """The newest live episode: shown on the home page for every grade."""
    episode = live_episodes().first()
    if episode is None:
        return None
    return EpisodeCard(
        episode.number, episode.title, episode.summary, episode.air_date, episode.get_url(request)
    )


def broadcast_episodes(limit: int = 100):
    """Live episodes with their loudness-normalised MP3 (two queries)."""
    mp3 = MediaOutput.objects.filter(kind=MediaOutput.Kind.AUDIO_MP3)
    return (
        live_episodes()
        .filter(video__status="ready")
        .select_related("video")
        .prefetch_related(Prefetch("video__outputs", queryset=mp3, to_attr="mp3s"))[:limit]
    )
