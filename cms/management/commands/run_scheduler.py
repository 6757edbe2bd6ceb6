import time

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "The embedded demo's scheduler: publish scheduled pages every minute (production runs "
        "`celery -A cms beat`, which sends lessons.tasks.publish_scheduled on the same schedule)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=60)

    def handle(self, *args, interval, **options):
        while True:
            call_command("publish_scheduled", verbosity=0)
            time.sleep(interval)
