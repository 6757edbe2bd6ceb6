import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections, connection
from django.utils import translation

from media_pipeline.background import run_pending

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Transcode queued media items, one at a time, in this process (the embedded demo's "
        "background runner; production runs Celery workers on the transcode queue)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between looks")
        parser.add_argument("--once", action="store_true", help="run what is queued, then stop")

    def handle(self, *args, interval, once, **options):
        translation.activate(settings.LANGUAGE_CODE)
        first = True
        while True:
            if not connection.in_atomic_block:  # (a test's transaction is left alone)
                close_old_connections()  # as Django does around each request
            try:
                for media_id, outcome in run_pending(resume_processing=first):
                    self.stdout.write(f"media {media_id}: {outcome}")
                first = False
            except DatabaseError as exc:  # the database went away: look again later
                logger.warning("media jobs: %s", exc)
            if once:
                return
            time.sleep(interval)
