"""Celery tasks of the lessons app: thin wrappers around Wagtail's own operations."""

from celery import shared_task
from django.core.management import call_command


@shared_task(acks_late=True)
def publish_scheduled() -> None:
    """Publish pages (e.g. next week's episode) whose go-live time has come, and unpublish
    expired ones: Wagtail's scheduled publishing, run by Celery beat every minute."""
    call_command("publish_scheduled")


@shared_task(acks_late=True)
def purge_record_backups() -> None:
    """Delete the parents' record backups unused for RECORD_BACKUP_KEEP_DAYS days
    (lessons.record.backup.purge_expired): run by Celery beat once a day."""
    call_command("purge_record_backups", verbosity=0)
