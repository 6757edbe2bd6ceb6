"""Synonym groups learn where they came from: the shipped thesaurus' `key` and the terms it
shipped (so an editor's edit can be told apart), and `active` (in use). The groups
themselves are written by search.thesaurus.sync after every migrate, not here, so that
a release that changes groups.txt needs no migration.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_postgres_body_holds_title"),
    ]

    operations = [
        migrations.AddField(
            model_name="synonymgroup",
            name="active",
            field=models.BooleanField(
                default=True,
                help_text="Untick to stop using this group in search without deleting it.",
                verbose_name="in use",
            ),
        ),
        migrations.AddField(
            model_name="synonymgroup",
            name="key",
            field=models.CharField(blank=True, default="", editable=False, max_length=30),
        ),
        migrations.AddField(
            model_name="synonymgroup",
            name="shipped_terms",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddConstraint(
            model_name="synonymgroup",
            constraint=models.UniqueConstraint(
                condition=models.Q(("key", ""), _negated=True),
                fields=("key",),
                name="search_synonym_unique_key",
            ),
        ),
    ]
