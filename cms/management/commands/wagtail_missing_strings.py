"""List (or add to cms/admin_locale/locale) the Wagtail admin strings with no Chinese translation."""

import polib
from django.core.management.base import BaseCommand

from cms.admin_locale.catalog import DOMAINS, overrides, untranslated


class Command(BaseCommand):
    help = "Wagtail admin strings that no catalog translates into Simplified Chinese."

    def add_arguments(self, parser):
        parser.add_argument(
            "--add", action="store_true", help="append them, untranslated, to our catalog"
        )

    def handle(self, *args, add=False, **options):
        for domain in DOMAINS:
            self._domain(domain, add)

    def _domain(self, domain, add):
        missing = untranslated(domain)
        for message in missing:
            self.stdout.write(f"{domain}: {message.text}")
        if add and missing:
            path = overrides(domain)
            catalog = polib.pofile(str(path)) if path.exists() else _new_catalog()
            for message in missing:
                catalog.append(
                    polib.POEntry(
                        msgctxt=message.context,
                        msgid=message.text,
                        msgid_plural=message.plural or "",
                        msgstr_plural={0: ""} if message.plural else {},
                    )
                )
            catalog.save(str(path))
        self.stderr.write(f"{domain}: {len(missing)} untranslated")


def _new_catalog() -> polib.POFile:
    catalog = polib.POFile()
    catalog.metadata = {
        "Language": "zh_Hans",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    return catalog
