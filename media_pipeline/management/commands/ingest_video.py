import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from media_pipeline.background import run_job
from media_pipeline.ingest import ingest_file
from media_pipeline.jobs import sends_to_celery
from media_pipeline.models import LessonMedia, MediaStatus
from media_pipeline.probe import MediaRejected


class Command(BaseCommand):
    help = "Validate a video or audio file, store it and queue its transcoding job."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--title", required=True)
        parser.add_argument("--wait", action="store_true", help="wait for the job and report")
        parser.add_argument("--timeout", type=int, default=3600, help="seconds to wait")

    def handle(self, *args, path, title, wait, timeout, **options):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            media = ingest_file(path, title)
        except MediaRejected as exc:
            raise CommandError(f"{path}: {exc}") from exc
        self.stdout.write(f"media {media.pk} queued: {media.title}")
        if not wait:
            return
        if not sends_to_celery():  # no workers (the demo): this command is the background
            run_job(media.pk)
        deadline = time.monotonic() + timeout
        while True:
            media.refresh_from_db()
            if media.status in (MediaStatus.READY, MediaStatus.FAILED):
                break
            if time.monotonic() > deadline:
                raise CommandError(f"media {media.pk}: still {media.status} after {timeout}s")
            time.sleep(1)
        if media.status == MediaStatus.FAILED:
            raise CommandError(f"media {media.pk} failed: {media.error}")
        self._report(media)

    def _report(self, media: LessonMedia):
        self.stdout.write(f"media {media.pk} ready, {media.duration:.1f}s")
        for output in media.outputs.order_by("kind", "height"):
            size = filesizeformat(output.size)
            dims = f"{output.width}x{output.height}" if output.width else ""
            duration = f"{output.duration:.1f}s" if output.duration else ""
            remux = " (remux)" if output.remuxed else ""
            self.stdout.write(
                f"  {output.kind:<12} {output.name:<10} {dims:<10} {size:>10} {duration}{remux}"
            )
