"""Give existing media the current ladder's outputs (240p, listening audio, aligned segments).

    manage.py retranscode            every ready item published with an older ladder
    manage.py retranscode 17 23      only these (if ready and older)
    manage.py retranscode --dry-run  list what would be done

Idempotent: an item is done once its outputs carry plan.LADDER_VERSION, so a second run
does nothing. Resumable: killed midway, the next run carries on with what is left (the item
being worked on keeps its old outputs and is started again). While an item is re-made it
stays ready and parents play its old outputs; the new set replaces them in one transaction.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import translation

from media_pipeline import pipeline
from media_pipeline.jobs import sends_to_celery
from media_pipeline.models import LessonMedia, MediaStatus
from media_pipeline.plan import LADDER_VERSION
from media_pipeline.tasks import transcode_media

PROGRESS_EVERY_SECONDS = 10.0


class Command(BaseCommand):
    help = "Re-make the outputs of ready media published with an older ladder (one at a time)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="media ids (default: all)")
        parser.add_argument("--dry-run", action="store_true", help="list, do nothing")

    def handle(self, *args, ids, dry_run, **options):
        translation.activate(settings.LANGUAGE_CODE)
        todo = LessonMedia.objects.filter(
            status=MediaStatus.READY, ladder_version__lt=LADDER_VERSION
        )
        if ids:
            todo = todo.filter(pk__in=ids)
            left_out = sorted(set(ids) - set(todo.values_list("pk", flat=True)))
            for pk in left_out:
                self.stdout.write(f"media {pk}: skipped (no such item, not ready, or current)")
        pending = list(todo.order_by("pk").values_list("pk", "title"))
        if not pending:
            self.stdout.write(f"Nothing to do: every ready item has ladder {LADDER_VERSION}.")
            return
        self.stdout.write(f"{len(pending)} item(s) to re-transcode to ladder {LADDER_VERSION}.")
        failed = 0
        for number, (pk, title) in enumerate(pending, 1):
            label = f"[{number}/{len(pending)}] media {pk} {title}"
            if dry_run:
                self.stdout.write(label)
                continue
            failed += not self._one(pk, label)
        if failed:
            raise CommandError(
                f"{failed} item(s) not re-transcoded (old outputs kept); run the command again."
            )

    def _one(self, pk: int, label: str) -> bool:
        self.stdout.write(f"{label}: re-transcoding", ending="\n")
        self.stdout.flush()
        started = time.monotonic()
        try:
            outcome = pipeline.refresh(pk, on_progress=self._progress(label))
        except pipeline.PermanentFailure as exc:
            self.stdout.write(f"{label}: failed, old outputs kept: {exc}")
            return False
        except pipeline.Superseded:
            self._resend(pk)
            self.stdout.write(f"{label}: changed meanwhile (a new file); its own job remakes it")
            return True
        except (OSError, DatabaseError) as exc:
            self.stdout.write(f"{label}: temporary error, old outputs kept: {exc}")
            return False
        self.stdout.write(f"{label}: {outcome} in {time.monotonic() - started:.1f} s")
        return True

    def _progress(self, label: str):
        last = {"at": time.monotonic()}

        def report(fraction: float) -> None:
            now = time.monotonic()
            if now - last["at"] >= PROGRESS_EVERY_SECONDS:
                self.stdout.write(f"{label}: {int(fraction * 100)}%")
                self.stdout.flush()
                last["at"] = now

        return report

    def _resend(self, pk: int) -> None:
        """A job sent while we held the item's lock found it busy and did nothing: send again."""
        status = LessonMedia.objects.values_list("status", flat=True).get(pk=pk)
        if status == MediaStatus.QUEUED and sends_to_celery():
            transcode_media.delay(pk)
