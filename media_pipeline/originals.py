"""Where originals are kept: a storage nothing serves, under names nobody can guess.

Outputs (renditions, HLS, posters) are public and live in the default storage under
MEDIA_URL. Originals do not: they may belong to a private section or never be attached
to a page at all. They go to their own storage (MEDIA_PIPELINE_ORIGINALS_ROOT, outside
MEDIA_ROOT, or MEDIA_PIPELINE_ORIGINALS_STORAGE, e.g. a private bucket), under
`YYYY/MM/<random token>/<file name>`; editors who may change an item download its
original through a permission-checked admin view (admin_views.original).
"""

import logging
import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
LEGACY_PREFIX = "originals/"  # where originals used to be: public, under MEDIA_URL


def originals_storage() -> Storage:
    """The originals' storage (FileField(storage=...) calls this once, when models load)."""
    config = settings.MEDIA_PIPELINE_ORIGINALS_STORAGE
    if config:
        return import_string(config["BACKEND"])(**config.get("OPTIONS", {}))
    # base_url: an address that matches no URL pattern, so that a stray `file.url` can
    # never point into MEDIA_URL (LessonMedia.url is the admin download view).
    return FileSystemStorage(
        location=os.fspath(settings.MEDIA_PIPELINE_ORIGINALS_ROOT), base_url="/private-originals/"
    )


def original_upload_to(instance, filename: str) -> str:
    """`YYYY/MM/<token>/<name>`: 128 random bits per file; the editor's file name is kept."""
    return f"{timezone.now():%Y/%m}/{secrets.token_urlsafe(16)}/{os.path.basename(filename)}"


def move_public_originals(model) -> int:
    """Move originals still in the public storage into the private one; returns how many.

    Idempotent: an item whose file is already in the private storage is left alone, so a
    run interrupted half-way can be run again (used by migration 0002).
    """
    private = originals_storage()
    moved = 0
    for pk, name in model.objects.exclude(file="").values_list("pk", "file").iterator():
        if private.exists(name):
            continue
        if not default_storage.exists(name):
            logger.warning("media %s: original %s is missing", pk, name)
            continue
        with default_storage.open(name, "rb") as fh:
            new_name = private.save(original_upload_to(None, name), fh)
        model.objects.filter(pk=pk).update(file=new_name)
        default_storage.delete(name)
        moved += 1
    return moved
