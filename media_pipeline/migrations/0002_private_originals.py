"""Originals become private: their own storage, random-token names; existing ones are moved."""

from django.db import migrations, models

import media_pipeline.originals


def move_originals(apps, schema_editor):
    media_pipeline.originals.move_public_originals(apps.get_model("media_pipeline", "LessonMedia"))


class Migration(migrations.Migration):
    dependencies = [
        ("media_pipeline", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="lessonmedia",
            name="file",
            field=models.FileField(
                max_length=255,
                storage=media_pipeline.originals.originals_storage,
                upload_to=media_pipeline.originals.original_upload_to,
                verbose_name="file",
            ),
        ),
        migrations.RunPython(move_originals, migrations.RunPython.noop, elidable=True),
    ]
