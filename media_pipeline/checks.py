"""`manage.py check`: settings that would make uploads public or run jobs in a request."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register

JOB_RUNNERS = ("celery", "background")


@register()
def media_pipeline_settings(app_configs, **kwargs):
    problems = []
    if settings.MEDIA_PIPELINE_JOBS not in JOB_RUNNERS:
        problems.append(
            Error(
                f"MEDIA_PIPELINE_JOBS must be one of {JOB_RUNNERS}.",
                id="media_pipeline.E001",
            )
        )
    if not settings.MEDIA_PIPELINE_ORIGINALS_STORAGE:
        originals = Path(settings.MEDIA_PIPELINE_ORIGINALS_ROOT).resolve()
        public = Path(settings.MEDIA_ROOT).resolve()
        if originals == public or public in originals.parents:
            problems.append(
                Error(
                    "MEDIA_PIPELINE_ORIGINALS_ROOT must lie outside MEDIA_ROOT (which is public).",
                    id="media_pipeline.E002",
                )
            )
    from .jobs import sends_to_celery

    if settings.MEDIA_PIPELINE_JOBS == "celery" and not sends_to_celery():
        problems.append(
            Warning(
                "Celery runs tasks eagerly (CELERY_TASK_ALWAYS_EAGER): transcoding jobs are not "
                "run in the web request but wait for `manage.py run_media_jobs`.",
                hint='Set MEDIA_PIPELINE_JOBS = "background" and run run_media_jobs.',
                id="media_pipeline.W001",
            )
        )
    return problems
