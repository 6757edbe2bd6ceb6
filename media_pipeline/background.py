"""Running queued jobs without a broker: `manage.py run_media_jobs` (the embedded demo).

The same service as the Celery task (pipeline.transcode), one job at a time, in a process
of its own beside the web server, so an upload request returns as soon as the file is
stored. Transient errors (storage, database) put the item back in the queue for a later
pass, up to MAX_ATTEMPTS; anything else fails the item with the reason.
"""

import logging

from django.db import DatabaseError
from django.utils.translation import gettext as _

from . import pipeline
from .models import LessonMedia, MediaStatus

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def run_pending(*, resume_processing: bool = False) -> list[tuple[int, str]]:
    """Run every queued job (oldest first); return (id, outcome) pairs.

    resume_processing: also take items left "processing" by a runner that was stopped
    (only the runner's first pass; on PostgreSQL the job's advisory lock keeps it from
    taking one a live worker holds).
    """
    statuses = [MediaStatus.QUEUED] + ([MediaStatus.PROCESSING] if resume_processing else [])
    done: list[tuple[int, str]] = []
    while True:
        pending = LessonMedia.objects.filter(status__in=statuses).exclude(
            pk__in=[pk for pk, _outcome in done]
        )
        media_id = pending.order_by("pk").values_list("pk", flat=True).first()
        if media_id is None:
            return done
        done.append((media_id, run_job(media_id)))


def run_job(media_id: int) -> str:
    """One job, as the Celery task runs it: done, failed, skipped, or requeued."""
    try:
        return pipeline.transcode(media_id)
    except (OSError, DatabaseError) as exc:  # storage or database trouble: a later pass
        attempts = LessonMedia.objects.values_list("attempts", flat=True).get(pk=media_id)
        if attempts >= MAX_ATTEMPTS:
            pipeline.mark_failed(media_id, _("Temporary error, retries used up: %s") % exc)
            return "failed"
        pipeline.requeue(media_id, _("Temporary error, retrying soon: %s") % exc)
        return "requeued"
    except Exception as exc:  # a bug: say so on the item rather than retry for ever
        logger.exception("media %s: job crashed", media_id)
        pipeline.mark_failed(media_id, _("Transcoding failed: %(detail)s") % {"detail": exc})
        return "failed"
