"""PostgreSQL: the body vector holds the title's words, so the match reads one column.

Our backend now matches `body @@ query`, served by modelsearch's own GIN index on `body`, so
the `(title || body)` expression index of 0002 goes. Entries written before this get the
title's words added here (unweighted, as the backend writes them); no re-index is needed.
"""

from django.db import migrations

OLD_INDEX = "search_indexentry_title_body_gin"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_INDEX}")
        schema_editor.execute(f"UPDATE {table} SET body = setweight(title, 'D') || body")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON {table} USING gin ((title || body))"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_title_body_index")]

    operations = [migrations.RunPython(forwards, backwards)]
