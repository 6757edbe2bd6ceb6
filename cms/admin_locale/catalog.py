"""Wagtail's own Simplified Chinese catalogs lack about 400 of its admin strings (Wagtail 8:
workflow messages, scheduling, privacy, autosave, wagtailmedia's listing …), which editors
would see in English. Our translations of them live in cms/admin_locale/locale (a LOCALE_PATHS entry: it
overrides the apps' catalogs). This module finds the strings still missing, for the test that
keeps the list complete and for `manage.py wagtail_missing_strings` after an upgrade."""

from dataclasses import dataclass
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings

LOCALE = "zh_Hans"
CATALOGS = Path(settings.BASE_DIR) / "cms" / "admin_locale" / "locale" / LOCALE / "LC_MESSAGES"
DOMAINS = ("django", "djangojs")  # templates and Python; the admin's JavaScript


def overrides(domain: str) -> Path:
    return CATALOGS / f"{domain}.po"


@dataclass(frozen=True)
class Message:
    context: str | None
    text: str
    plural: str | None


def _admin_apps():
    """Installed Wagtail apps and add-ons whose templates and views editors see."""
    for config in apps.get_app_configs():
        if config.name == "wagtail" or config.name.startswith(("wagtail.", "wagtailmedia")):
            yield Path(config.path)


def _translated(po_path: Path) -> set[tuple[str | None, str]]:
    if not po_path.exists():
        return set()
    return {
        (e.msgctxt, e.msgid)
        for e in polib.pofile(str(po_path))
        if not e.obsolete and (e.msgstr or e.msgstr_plural.get(0))
    }


def untranslated(domain: str = "django") -> list[Message]:
    """Admin strings of a domain with no translation in their app's catalog or ours.
    (JavaScript catalogs merge LOCALE_PATHS too, so ours covers the djangojs domain.)"""
    ours = _translated(overrides(domain))
    found, missing = set(), []
    for path in _admin_apps():
        source = path / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not source.exists():
            continue
        theirs = _translated(path / "locale" / LOCALE / "LC_MESSAGES" / f"{domain}.po")
        for entry in polib.pofile(str(source)):
            key = (entry.msgctxt, entry.msgid)
            if entry.msgid and key not in theirs and key not in ours and key not in found:
                found.add(key)
                missing.append(Message(entry.msgctxt, entry.msgid, entry.msgid_plural or None))
    return missing
