"""List (or add to cms/wagtail_locale) the Wagtail admin strings with no Chinese translation."""

import polib
from django.core.management.base import BaseCommand

from cms.admin_catalog import OVERRIDES, untranslated


class Command(BaseCommand):
    help = "Wagtail admin strings that no catalog translates into Simplified Chinese."

    def add_arguments(self, parser):
        parser.add_argument(
            "--add", action="store_true", help="append them, untranslated, to our catalog"
        )

    def handle(self, *args, add=False, **options):
        missing = untranslated()
        for message in missing:
            self.stdout.write(message.text)
        if add and missing:
            catalog = polib.pofile(str(OVERRIDES))
            for message in missing:
                catalog.append(
                    polib.POEntry(
                        msgctxt=message.context,
                        msgid=message.text,
                        msgid_plural=message.plural or "",
                        msgstr_plural={0: ""} if message.plural else {},
                    )
                )
            catalog.save()
        self.stderr.write(f"{len(missing)} untranslated")
