"""Starting and restarting transcoding jobs (after the surrounding transaction commits).

A job never runs inside the request that queued it: with MEDIA_PIPELINE_JOBS = "celery"
it goes to the transcode queue's workers; with "background" (the embedded demo) the item
just stays queued and `manage.py run_media_jobs` picks it up. Celery's eager mode (which
would run the task right here, in the web request) is never used for transcoding: the job
is then left to `run_media_jobs` as well, and `manage.py check` warns.
"""

from django.conf import settings
from django.db import transaction

from .models import LessonMedia, MediaStatus
from .tasks import transcode_media


def sends_to_celery() -> bool:
    """True when jobs go to Celery workers; False when a background runner takes them."""
    eager = transcode_media.app.conf.task_always_eager or getattr(
        settings, "CELERY_TASK_ALWAYS_EAGER", False
    )
    return settings.MEDIA_PIPELINE_JOBS == "celery" and not eager


def queue_transcode(media: LessonMedia) -> None:
    """Mark the item queued and, with Celery, send its job once the upload is committed."""
    LessonMedia.objects.filter(pk=media.pk).update(status=MediaStatus.QUEUED, progress=0, error="")
    media.status, media.progress, media.error = MediaStatus.QUEUED, 0, ""
    if sends_to_celery():
        transaction.on_commit(lambda: transcode_media.delay(media.pk))


def retry(media: LessonMedia) -> bool:
    """Retry a failed item; False when it is not failed."""
    if media.status != MediaStatus.FAILED:
        return False
    queue_transcode(media)
    return True
