"""Wagtail's background work (django-tasks) runs on a real Celery worker in production."""

import pytest
from django.conf import settings
from django.test import override_settings

from search.dense.models import LessonVector
from search.service import Filters, search_lessons
from tests.factories import ConceptLessonFactory
from tests.worker import celery_worker, purge_queues, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CELERY_TASKS = {"default": {"BACKEND": "cms.task_backend.CeleryTaskBackend"}}


def found_titles(text):
    return [hit.page.title for hit in search_lessons(text, Filters()).hits]


def test_a_published_lesson_is_indexed_and_embedded_by_the_celery_worker(tmp_path):
    purge_queues()
    with override_settings(TASKS=CELERY_TASKS, SEARCH_EMBEDDINGS=settings.DENSE_SEARCH):
        lesson = ConceptLessonFactory(title="陪伴孩子整理书包的小窍门")
        lesson.save_revision().publish()  # as the admin publishes: page_published
    # Nothing in this process indexed or embedded it: both wait on the broker.
    assert found_titles("整理书包") == []
    assert not LessonVector.objects.filter(page=lesson).exists()

    with celery_worker(tmp_path / "worker.log", TEST_DENSE_SEARCH="1"):
        titles = wait_for(
            lambda: found_titles("整理书包"), 60, "the worker to index the published lesson"
        )
        wait_for(
            lambda: LessonVector.objects.filter(page=lesson).exists(),
            60,
            "the worker to embed the published lesson",
        )
    assert titles == ["陪伴孩子整理书包的小窍门"]
