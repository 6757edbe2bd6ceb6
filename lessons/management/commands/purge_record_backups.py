from django.conf import settings
from django.core.management.base import BaseCommand

from lessons.record.backup import purge_expired


class Command(BaseCommand):
    help = (
        "Delete the parents' record backups not used for RECORD_BACKUP_KEEP_DAYS days "
        "(run daily: Celery beat's purge-record-backups, or the demo's run_scheduler)."
    )

    def handle(self, *args, **options):
        deleted = purge_expired()
        self.stdout.write(
            f"deleted {deleted} record backup(s) unused for {settings.RECORD_BACKUP_KEEP_DAYS} days"
        )
