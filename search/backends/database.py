"""`WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}`:
SQLite FTS5 or PostgreSQL, whichever the default database is."""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection


def SearchBackend(params):  # noqa: N802 - the name modelsearch looks up
    if connection.vendor == "postgresql":
        from .postgres import ChinesePostgresSearchBackend

        return ChinesePostgresSearchBackend(params)
    if connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.utils import fts5_available

        if not fts5_available():
            raise ImproperlyConfigured("This SQLite has no FTS5; search needs it.")
        from .sqlite import ChineseSQLiteSearchBackend

        return ChineseSQLiteSearchBackend(params)
    raise ImproperlyConfigured(f"No Chinese search backend for {connection.vendor}.")
