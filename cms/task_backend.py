"""A django-tasks backend that hands Wagtail's background work (search index updates on
publish and unpublish) to our Celery workers, after the transaction commits.

TASKS = {"default": {"BACKEND": "cms.task_backend.CeleryTaskBackend"}} (production).
Development and tests keep django-tasks' ImmediateBackend.
"""

from django.db import transaction
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id


class CeleryTaskBackend(BaseTaskBackend):
    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        result = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        from .tasks import run_django_task

        transaction.on_commit(
            lambda: run_django_task.apply_async(
                (task.module_path, result.args, result.kwargs), task_id=result.id
            )
        )
        return result
