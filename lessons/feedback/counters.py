"""Counts per key per ISO week, incremented atomically and correct under concurrency."""

from datetime import date, timedelta

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone


def week_of(day: date | None = None) -> date:
    """The Monday of the ISO week of `day` (default: today, in the site's time zone)."""
    day = day or timezone.localdate()
    return day - timedelta(days=day.weekday())


def increment(model: type[models.Model], field: str, **key) -> bool:
    """Add one to `field` of the row of `model` with `key` (its unique fields), creating the
    row at zero first when there is none. One UPDATE when the row exists; else an
    INSERT … ON CONFLICT DO NOTHING and the UPDATE again: two requests racing to create
    the row both count, since the UPDATE is `field = field + 1` in the database.
    False when the row cannot be created (a key's foreign row was deleted meanwhile)."""
    rows = model.objects.filter(**key)
    if rows.update(**{field: F(field) + 1}):
        return True
    try:
        with transaction.atomic():
            model.objects.bulk_create([model(**key)], ignore_conflicts=True)
    except IntegrityError:
        return False
    return bool(rows.update(**{field: F(field) + 1}))
