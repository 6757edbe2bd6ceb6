"""The player's sources of a lesson in the lessons API (media_pipeline.player)."""

from media_pipeline.models import MediaOutput
from media_pipeline.player import player_for

from .fields import PageField, absolute


class MediaField(PageField):
    """The player's sources for a processed video or audio: HLS master, MP4 rungs (smallest
    first), speech-grade audio only, broadcast MP3, captions and poster; null until the
    media pipeline has finished (media_pipeline.player)."""

    def to_representation(self, page):
        player = player_for(page.video)
        if player is None:
            return None

        def url(value):
            return absolute(self.request, value)

        bit_rates = {
            o.name: o.bit_rate for o in page.video.outputs.all() if o.kind == MediaOutput.Kind.MP4
        }
        poster = player.poster
        return {
            "duration": player.duration,
            "width": player.width,
            "height": player.height,
            "audio_only": player.is_audio_only,
            "hls": url(player.hls_url),
            "mp4": [
                {
                    "name": r.name,
                    "width": r.width,
                    "height": r.height,
                    "bitrate": bit_rates.get(r.name),
                    "size": r.size,
                    "url": url(r.url),
                }
                for r in player.renditions
            ],
            "audio": {"url": url(player.listen_url), "size": player.listen_size}
            if player.listen_url
            else None,
            "broadcast_mp3": url(player.broadcast_mp3_url),
            "captions": url(player.captions_url),
            "poster": {
                "jpeg": url(poster.jpeg_url),
                "webp": url(poster.webp_url),
                "width": poster.width,
                "height": poster.height,
            }
            if poster
            else None,
        }
