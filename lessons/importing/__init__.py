"""Bulk import of existing lesson libraries from JSON Lines (see docs/import-format.md).

All or nothing: every line is checked first (each problem reported as
``line N: reason``), then all lessons are written and published in one
transaction. Idempotent by external id: importing again updates in place.
References between lessons (series, micro-lessons) resolve in any line order.
"""

from collections.abc import Iterable
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from .parse import read_lines
from .resolve import Resolver
from .write import ImportFailed, ImportReport, Writer

__all__ = ["ImportFailed", "ImportReport", "import_lessons"]


def import_lessons(lines: Iterable[str], base_dir: Path | None = None) -> ImportReport:
    """Import JSON Lines; raise ImportFailed (nothing written) on any bad line.

    Relative video paths are read from base_dir (the file's directory, for the command)."""
    records, errors = read_lines(lines)
    resolver = Resolver(records, base_dir)
    resolver.resolve()
    errors = sorted(errors + resolver.errors, key=lambda error: error[0])
    if errors:
        raise ImportFailed([f"line {line}: {message}" for line, message in errors])
    if not records:
        raise ImportFailed([_("the file holds no lessons")])
    report = ImportReport()
    with transaction.atomic():
        Writer(resolver, report).write()
    return report
