"""Background work of dense retrieval: thin, idempotent (an unchanged lesson is skipped)."""

from django_tasks import task

from . import indexing


@task()
def embed_lesson(page_id: int) -> str:
    """Embed a published lesson, or forget an unpublished one. In production this runs on
    the Celery workers (cms.task_backend), after the publishing transaction commits."""
    return indexing.embed(page_id)
