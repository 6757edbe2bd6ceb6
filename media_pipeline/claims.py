"""Who works on a media item: a conditional update, guarded by a lock that dies with its holder.

A job moves queued → processing only while its worker holds a PostgreSQL
session-level advisory lock on the item. If the worker is killed, its
connection closes and the lock goes with it, so a redelivered task can take over
an item left in "processing"; a duplicate delivery while the first worker is
alive finds the lock taken and leaves the item alone. `manage.py retranscode` takes the
same lock on a ready item (claim_for_refresh) without changing its status.
"""

from contextlib import contextmanager

from django.db import connection
from django.db.models import F
from django.utils import timezone

from .models import LessonMedia, MediaStatus

LOCK_NAMESPACE = 0x5053  # "PS": keeps our advisory locks apart from anyone else's


@contextmanager
def _advisory_lock(media_id: int):
    if connection.vendor != "postgresql":
        yield True  # SQLite (the embedded demo): one run_media_jobs process, one job at a time
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, media_id])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, media_id])


@contextmanager
def claim(media_id: int):
    """Yield the item, now "processing" and ours, or None if there is nothing to do."""
    with _advisory_lock(media_id) as acquired:
        if not acquired:
            yield None
            return
        claimed = LessonMedia.objects.filter(
            pk=media_id, status__in=[MediaStatus.QUEUED, MediaStatus.PROCESSING]
        ).update(
            status=MediaStatus.PROCESSING,
            progress=0,
            error="",
            attempts=F("attempts") + 1,
            started_at=timezone.now(),
            finished_at=None,
        )
        yield LessonMedia.objects.get(pk=media_id) if claimed else None


@contextmanager
def claim_for_refresh(media_id: int, version: int):
    """Yield a ready item whose outputs predate ladder `version`, held under the same advisory
    lock as a job (so no job and no other re-transcode works on it meanwhile), or None.

    Its status is left alone: it stays ready and parents keep playing its current outputs.
    """
    with _advisory_lock(media_id) as acquired:
        if not acquired:
            yield None
            return
        yield LessonMedia.objects.filter(
            pk=media_id, status=MediaStatus.READY, ladder_version__lt=version
        ).first()
