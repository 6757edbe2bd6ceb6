"""PostgreSQL ranks only the matches with the best title rank in full (CANDIDATES); the
candidates count here is lowered so that three lessons exceed it."""

import pytest
from django.db import connection

from lessons.models import LessonPage
from search.backends import ranked_sql
from search.backends.postgres import ChinesePostgresSearchQueryCompiler
from tests.factories import ConceptLessonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL backend only"),
]


@pytest.fixture
def few_candidates(monkeypatch):
    monkeypatch.setattr(ChinesePostgresSearchQueryCompiler, "candidates", 2)
    monkeypatch.setattr(ranked_sql, "WINDOW", 2)


@pytest.fixture
def lessons():
    """Three lessons with 阅读 once in the title. The oldest also has it all through its
    body: the best full rank, but the worst title-rank tie-break (newest first)."""
    oldest = ConceptLessonFactory(title="亲子阅读", summary="阅读 " * 30)
    ConceptLessonFactory(title="阅读习惯", summary="每天半小时。")
    ConceptLessonFactory(title="睡前阅读", summary="读绘本。")
    return oldest


def search():
    return LessonPage.objects.live().search("阅读")


def test_every_match_is_counted_beyond_the_candidates(few_candidates, lessons):
    assert search().count() == 3


def test_the_best_title_ranks_are_preselected_for_the_first_page(few_candidates, lessons):
    assert lessons.pk not in [page.pk for page in search()[0:2]]


def test_pages_past_the_candidates_neither_repeat_nor_skip_a_lesson(few_candidates, lessons):
    found = search()
    paged = [page.pk for page in found[0:2]] + [page.pk for page in found[2:4]]
    assert paged == [page.pk for page in search()[0:]]
    assert sorted(paged) == sorted(LessonPage.objects.values_list("pk", flat=True))


def test_within_the_candidates_the_full_rank_decides(monkeypatch, lessons):
    monkeypatch.setattr(ChinesePostgresSearchQueryCompiler, "candidates", 3)
    assert search()[0].pk == lessons.pk
