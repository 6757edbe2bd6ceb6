"""Starting and restarting transcoding jobs (after the surrounding transaction commits)."""

from django.db import transaction

from .models import LessonMedia, MediaStatus
from .tasks import transcode_media


def queue_transcode(media: LessonMedia) -> None:
    """Mark the item queued and send its job once the upload is committed."""
    LessonMedia.objects.filter(pk=media.pk).update(status=MediaStatus.QUEUED, progress=0, error="")
    media.status, media.progress, media.error = MediaStatus.QUEUED, 0, ""
    transaction.on_commit(lambda: transcode_media.delay(media.pk))


def retry(media: LessonMedia) -> bool:
    """Retry a failed item; False when it is not failed."""
    if media.status != MediaStatus.FAILED:
        return False
    queue_transcode(media)
    return True
