"""Accepting a file: probe first, then store the original and queue its job.

Shared by the admin upload form and `manage.py ingest_video`, so both refuse the
same files with the same (Chinese) reasons and nothing half-created is left.
"""

import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from . import limits
from .jobs import queue_transcode
from .models import LessonMedia
from .probe import MediaRejected, ProbeResult, probe


def check_size(size: int) -> None:
    limit = settings.MEDIA_PIPELINE_MAX_UPLOAD_SIZE
    if size > limit:
        raise MediaRejected(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)}
        )


def probe_and_check(path: str | os.PathLike) -> ProbeResult:
    """ffprobe (playlists and other non-containers refused), then the cost limits."""
    source = probe(path)
    limits.check(source)
    return source


def probe_upload(upload: UploadedFile) -> ProbeResult:
    """Probe an upload where it lies: large ones are already streamed to a temporary file."""
    check_size(upload.size)
    if hasattr(upload, "temporary_file_path"):
        return probe_and_check(upload.temporary_file_path())
    suffix = Path(upload.name or "").suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        upload.seek(0)
        return probe_and_check(tmp.name)


def apply_probe(media: LessonMedia, source: ProbeResult) -> None:
    """What the probe found, on the item (not saved): audio-only files make audio items;
    the duration, and the size as displayed."""
    media.type = source.kind
    media.duration = source.duration
    media.width, media.height = source.width, source.height


def check_file(path: str | os.PathLike) -> ProbeResult:
    """A file on disk as an upload is checked: it exists, its size, ffprobe, the limits."""
    path = Path(path)
    if not path.is_file():
        raise MediaRejected(_("No such file: %(path)s") % {"path": path})
    check_size(path.stat().st_size)
    return probe_and_check(path)


def ingest_file(
    path: str | os.PathLike, title: str, source: ProbeResult | None = None, **fields
) -> LessonMedia:
    """Create a media item from a file on disk; raises MediaRejected for bad input.
    `source`: the file's probe when the caller has checked it already (check_file)."""
    path = Path(path)
    source = source or check_file(path)
    with transaction.atomic(), path.open("rb") as fh:
        media = LessonMedia(title=title, **fields)
        apply_probe(media, source)
        media.file.save(path.name, File(fh), save=False)  # streamed copy into storage
        media.save()
        queue_transcode(media)
    return media
