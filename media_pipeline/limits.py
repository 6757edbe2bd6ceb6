"""What a valid upload may cost: picture size, pixel rate, length and projected output.

Checked on the probe result, before anything is stored (admin form, `ingest_video`) and
again at the start of every job, so a retried over-limit item fails at once instead of
decoding for an hour. The limits are settings (cms/settings/base.py, MEDIA_PIPELINE_MAX_*);
docs/media-pipeline.md says why they have the values they have.
"""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .plan import BROADCAST_AUDIO_KBPS, LISTEN_AUDIO_KBPS, Plan, plan_for
from .probe import MediaRejected, ProbeResult

BROADCAST_KBPS = 2 * BROADCAST_AUDIO_KBPS  # broadcast.mp3 + broadcast.m4a


def _span(seconds: float) -> str:
    """A limit in words: "2 小时", "90 分钟", "45 秒"."""
    seconds = int(seconds)
    if seconds % 3600 == 0:
        hours = seconds // 3600
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    if seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def projected_output_bytes(plan: Plan, source: ProbeResult) -> int:
    """What the job will write, estimated from the plan's bit rates.

    Each rung is written twice (a faststart MP4 and the HLS variant's segments): an encoded
    rung at its target bit rate, a remuxed one at the source's (at most the rung's cap,
    1.5 × the target); the listening audio twice for video (listen.m4a and the HLS audio
    variant), once for audio alone; plus the two broadcast audio files. Posters and
    playlists are negligible.
    """
    source_kbps = (source.video_bit_rate or source.bit_rate or 0) / 1000
    kbps = 0.0
    for rung in plan.rungs:
        video = min(source_kbps, rung.video_kbps * 1.5) if rung.remux else rung.video_kbps
        kbps += 2 * (video + (rung.audio_kbps if plan.has_audio else 0))
    if plan.has_audio:
        kbps += BROADCAST_KBPS + LISTEN_AUDIO_KBPS * (2 if plan.rungs else 1)
    return int(kbps * 1000 / 8 * source.duration)


def check(source: ProbeResult) -> None:
    """Raise MediaRejected (the limit stated, in Chinese) when the source is over a limit."""
    if source.has_video:
        _check_picture(source)
        limit = settings.MEDIA_PIPELINE_MAX_VIDEO_DURATION
        if source.duration > limit:
            raise MediaRejected(
                _("The video is too long (%(duration)s); the limit is %(limit)s.")
                % {"duration": _clock(source.duration), "limit": _span(limit)}
            )
    else:
        limit = settings.MEDIA_PIPELINE_MAX_AUDIO_DURATION
        if source.duration > limit:
            raise MediaRejected(
                _("The audio is too long (%(duration)s); the limit is %(limit)s.")
                % {"duration": _clock(source.duration), "limit": _span(limit)}
            )
    projected = projected_output_bytes(plan_for(source), source)
    budget = settings.MEDIA_PIPELINE_MAX_OUTPUT_BYTES
    if projected > budget:
        raise MediaRejected(
            _(
                "Transcoding this file would write about %(size)s of video and audio; "
                "the limit is %(limit)s per item."
            )
            % {"size": filesizeformat(projected), "limit": filesizeformat(budget)}
        )


def _check_picture(source: ProbeResult) -> None:
    # Either orientation: a portrait 2160×3840 phone video is as costly as a landscape one.
    max_long, max_short = settings.MEDIA_PIPELINE_MAX_WIDTH, settings.MEDIA_PIPELINE_MAX_HEIGHT
    long, short = sorted((source.width, source.height), reverse=True)
    if long > max_long or short > max_short:
        raise MediaRejected(
            _(
                "The picture is too large (%(width)d×%(height)d); the limit is "
                "%(max_width)d×%(max_height)d (landscape or portrait)."
            )
            % {
                "width": source.width,
                "height": source.height,
                "max_width": max_long,
                "max_height": max_short,
            }
        )
    # Frames per second as measured from the timestamps, rounded (29.97 and 30.02 are 30);
    # unknown rates are not guessed (a container's nominal r_frame_rate may say 1000).
    rate = settings.MEDIA_PIPELINE_MAX_PIXEL_RATE
    if source.avg_fps and source.width * source.height * round(source.avg_fps) > rate:
        raise MediaRejected(
            _(
                "The video has too many pixels per second (%(width)d×%(height)d at %(fps)d "
                "frames per second); the limit is %(limit)s million pixels per second, "
                "e.g. %(max_width)d×%(max_height)d at %(max_fps)d frames per second."
            )
            % {
                "width": source.width,
                "height": source.height,
                "fps": round(source.avg_fps),
                "limit": f"{rate / 1e6:.3g}",
                "max_width": max_long,
                "max_height": max_short,
                "max_fps": rate // (max_long * max_short),
            }
        )
