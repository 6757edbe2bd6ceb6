"""Celery side of cms.task_backend: run a django-tasks task by its module path."""

from celery import shared_task
from django.db import DatabaseError
from django.utils.module_loading import import_string


@shared_task(
    acks_late=True,
    autoretry_for=(DatabaseError,),
    retry_backoff=5,
    max_retries=5,
)
def run_django_task(module_path: str, args: list, kwargs: dict):
    """Thin: the task (e.g. modelsearch's index update) does the work; database errors
    (a restarting database) are retried with backoff, anything else fails with its message."""
    import_string(module_path).call(*args, **kwargs)
