import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone


class Command(BaseCommand):
    help = (
        "The embedded demo's scheduler: publish scheduled pages every minute, and once a day "
        "delete the parents' record backups unused for RECORD_BACKUP_KEEP_DAYS days "
        "(production runs `celery -A cms beat`, which sends lessons.tasks.publish_scheduled "
        "and lessons.tasks.purge_record_backups on the same schedule)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60)

    def handle(self, *args, interval, **options):
        purged_on = None
        while True:
            call_command("publish_scheduled", verbosity=0)
            today = timezone.localdate()
            if purged_on != today:  # at start, then on the first run of each day
                call_command("purge_record_backups", verbosity=0)
                purged_on = today
            time.sleep(interval)
