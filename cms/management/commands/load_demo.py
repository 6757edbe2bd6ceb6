from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from cms.demo.site import DEMO_URL, load_demo
from cms.demo.videos import FfmpegMissing
from lessons.importing import ImportFailed


class Command(BaseCommand):
    help = "Load the demo: organisations, permissions, lessons and accounts (prints passwords)."

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            report, accounts, videos = load_demo()
        except ImportFailed as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        except FfmpegMissing as exc:
            raise CommandError(str(exc)) from exc
        for note in videos:
            self.stdout.write(note)
        self.stdout.write(
            f"Demo lessons: {report.created} created, {report.updated} updated.\n"
            "Accounts (passwords are new each time this runs):"
        )
        for username, password, role in accounts:
            self.stdout.write(f"  {username:<18} {password:<14} {role}")
        self.stdout.write(f"Admin: {DEMO_URL}/admin/")
