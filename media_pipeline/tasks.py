"""Celery tasks: thin. Take an id, call the pipeline, map errors to retry or fail."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import DatabaseError
from django.utils.translation import gettext as _

from . import pipeline


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=5,
    time_limit=settings.MEDIA_PIPELINE_TIME_LIMIT,
    soft_time_limit=settings.MEDIA_PIPELINE_TIME_LIMIT - 60,
)
def transcode_media(self, media_id: int) -> str:
    try:
        return pipeline.transcode(media_id)
    except SoftTimeLimitExceeded:
        pipeline.mark_failed(media_id, _("Transcoding took too long and was stopped."))
        return "failed"
    except (OSError, DatabaseError) as exc:  # storage or database trouble: try again later
        if self.request.retries >= self.max_retries:
            pipeline.mark_failed(media_id, _("Temporary error, retries used up: %s") % exc)
            return "failed"
        pipeline.requeue(media_id, _("Temporary error, retrying soon: %s") % exc)
        raise self.retry(exc=exc, countdown=min(600, 15 * 2**self.request.retries)) from exc
