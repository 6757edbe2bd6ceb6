"""Wagtail's background work (django-tasks) runs on a real Celery worker in production."""

import pytest
from django.test import override_settings

from search.service import Filters, find
from tests.factories import ConceptLessonFactory
from tests.worker import celery_worker, purge_queues, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CELERY_TASKS = {"default": {"BACKEND": "cms.task_backend.CeleryTaskBackend"}}


def found_titles(text):
    matched = find(text, Filters())
    return [page.title for page in matched[0]] if matched else []


def test_a_published_lesson_is_indexed_by_the_celery_worker(tmp_path):
    purge_queues()
    with override_settings(TASKS=CELERY_TASKS):
        ConceptLessonFactory(title="陪伴孩子整理书包的小窍门")
    # Nothing in this process indexed it: the index update waits on the broker.
    assert found_titles("整理书包") == []

    with celery_worker(tmp_path / "worker.log"):
        titles = wait_for(
            lambda: found_titles("整理书包"), 60, "the worker to index the published lesson"
        )
    assert titles == ["陪伴孩子整理书包的小窍门"]
