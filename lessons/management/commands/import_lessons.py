from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lessons.importing import ImportFailed, import_lessons


class Command(BaseCommand):
    help = "Import lessons from a JSON Lines file (docs/import-format.md). All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to a .jsonl file, UTF-8")

    def handle(self, *args, file, **options):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            with open(file, encoding="utf-8") as fh:
                report = import_lessons(fh, base_dir=Path(file).resolve().parent)
        except OSError as exc:
            raise CommandError(f"{file}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file}: not UTF-8 ({exc.reason})") from exc
        except ImportFailed as exc:
            raise CommandError("\n".join(exc.errors)) from exc
        self.stdout.write(f"created {report.created}, updated {report.updated}")
