"""A parent's optional backup of their own record (我的学习 → 备份与恢复), to keep it across
phones. Explicit: nothing is sent until the parent taps 备份我的学习记录.

The server keeps the record (cleaned by backup_clean: the lesson list and nothing else) and
the SHA-256 of a recovery code only the parent holds (backup_code); no name, phone number,
child, school, cookie or address. The parent can update, restore and delete it with the code;
a backup not used for RECORD_BACKUP_KEEP_DAYS days is deleted (purge_expired(): the command
purge_record_backups, the Celery task lessons.tasks.purge_record_backups, the demo scheduler).

POST only, JSON or form body (backup_request), answers JSON, never cached, no cookie:
  /my/backup/          record        → {"code", "restore_url", "qr" (an SVG of restore_url)}
  /my/backup/update/   code, record  → {"ok": true}    (replaces the record)
  /my/backup/restore/  code          → {"record": …, "code" (as shown)}
  (these three also say "keep_days", for the page)
  /my/backup/delete/   code          → {"ok": true}
A code that is malformed is a 400, one that matches no backup a 404, each with a message.
The QR code comes inside the JSON: a GET with the code in its URL would be in access logs.
"""

from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ..classroom.qr import qr_svg
from ..feedback.checks import Refused
from ..models import RecordBackup
from ..site_address import absolute_url
from .backup_clean import BadRecord, clean_record
from .backup_code import code_hash, display, new_code, normalise
from .backup_request import answer, read_post, refused

# --- The service -------------------------------------------------------------------------


def create_backup(record: dict) -> str:
    """Store a cleaned record under a new code; the code (normalised), shown once."""
    for _attempt in range(5):  # 60 random bits: a clash is practically impossible
        code = new_code()
        try:
            with transaction.atomic():
                RecordBackup.objects.create(
                    code_hash=code_hash(code), record=record, last_used=timezone.localdate()
                )
            return code
        except IntegrityError:
            continue
    raise RuntimeError("no free recovery code")


def _backups(code: str):
    return RecordBackup.objects.filter(code_hash=code_hash(code))


def update_backup(code: str, record: dict) -> bool:
    """Replace the record of the code's backup; False if there is none."""
    return bool(_backups(code).update(record=record, last_used=timezone.localdate()))


def restore_backup(code: str) -> dict | None:
    """The record of the code's backup (and it counts as used), or None."""
    backup = _backups(code).only("record", "last_used").first()
    if backup is None:
        return None
    today = timezone.localdate()
    if backup.last_used != today:
        RecordBackup.objects.filter(pk=backup.pk).update(last_used=today)
    return backup.record


def delete_backup(code: str) -> bool:
    """Delete the code's backup; False if there was none."""
    return _backups(code).delete()[0] > 0


def purge_expired(today=None) -> int:
    """Delete the backups not used for RECORD_BACKUP_KEEP_DAYS days; how many were deleted."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=settings.RECORD_BACKUP_KEEP_DAYS)
    return RecordBackup.objects.filter(last_used__lt=cutoff).delete()[0]


def restore_url(code: str) -> str:
    """/my/ with the code in the fragment, which browsers never send to the server."""
    return absolute_url(reverse("my_learning") + "#restore=" + display(code))


# --- The endpoints -----------------------------------------------------------------------


def _code(data: dict) -> str:
    code = normalise(data.get("code"))
    if code is None:
        raise Refused(
            _("A recovery code has 12 letters and digits, like ABCD-EFGH-JKMN. Please check it.")
        )
    return code


def _record(data: dict) -> dict:
    try:
        return clean_record(data.get("record"))
    except BadRecord as error:
        raise Refused(str(error)) from error


def _not_found():
    return Refused(
        _(
            "No backup has this recovery code. Please check the code; a backup is kept until "
            "you delete it or for %(days)d days after it was last used."
        )
        % {"days": settings.RECORD_BACKUP_KEEP_DAYS},
        status=404,
    )


def _kept() -> dict:
    """How long an unused backup is kept, for the page to say."""
    return {"keep_days": settings.RECORD_BACKUP_KEEP_DAYS}


def endpoint(handler):
    """A csrf-exempt POST view: `handler(data)` → the JSON answer; Refused → a 4xx."""

    @csrf_exempt
    @wraps(handler)
    def view(request):
        try:
            return answer(handler(read_post(request)))
        except Refused as error:
            return refused(error)

    return view


@endpoint
def create(data):
    code = create_backup(_record(data))
    url = restore_url(code)
    return {"code": display(code), "restore_url": url, "qr": qr_svg(url), **_kept()}


@endpoint
def update(data):
    code, record = _code(data), _record(data)
    if not update_backup(code, record):
        raise _not_found()
    return {"ok": True, **_kept()}


@endpoint
def restore(data):
    code = _code(data)
    record = restore_backup(code)
    if record is None:
        raise _not_found()
    return {"record": record, "code": display(code), **_kept()}


@endpoint
def delete(data):
    if not delete_backup(_code(data)):
        raise _not_found()
    return {"ok": True}


urlpatterns = [
    path("my/backup/", create, name="record_backup_create"),
    path("my/backup/update/", update, name="record_backup_update"),
    path("my/backup/restore/", restore, name="record_backup_restore"),
    path("my/backup/delete/", delete, name="record_backup_delete"),
]
