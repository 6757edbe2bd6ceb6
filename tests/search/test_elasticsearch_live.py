"""The Elasticsearch backend against a real cluster: ELASTICSEARCH_URL=http://localhost:9200.

Each test creates its own uniquely prefixed index and deletes it afterwards; nothing else on the
cluster is touched. Skipped when ELASTICSEARCH_URL is not set.
"""

import importlib
import os
import uuid

import pytest
from django.test.utils import override_settings

from lessons.models import LessonPage
from search.backends.elasticsearch import TEXT_ANALYZER, ChineseElasticsearchSearchBackend
from search.models import SynonymGroup
from search.query import Words, analyse
from search.service import Filters, lesson_queryset
from tests.factories import ConceptLessonFactory, RequiredLessonFactory

ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.skipif(
        not ELASTICSEARCH_URL,
        reason="needs a live Elasticsearch 8: set ELASTICSEARCH_URL (e.g. http://localhost:9200)",
    ),
    pytest.mark.django_db,
]


@pytest.fixture
def backend():
    backend = ChineseElasticsearchSearchBackend(
        {
            "URLS": [u.strip() for u in ELASTICSEARCH_URL.split(",") if u.strip()],
            "INDEX_PREFIX": f"test_{uuid.uuid4().hex[:12]}_",
            "TIMEOUT": 30,
            "ATOMIC_REBUILD": False,
        }
    )
    try:
        yield backend
    finally:
        backend.get_index_for_model(LessonPage).delete()
        backend.es.close()


def build_index(backend, *pages):
    """Create the page index (with the synonym groups that exist now) and add the pages,
    as `manage.py update_index` does."""
    index = backend.get_index_for_model(LessonPage)
    index.put()
    for model in dict.fromkeys(type(page) for page in pages):
        index.add_model(model)
        index.add_items(model, [page for page in pages if type(page) is model])
    index.refresh()
    return index


def titles(results) -> list[str]:
    return sorted(page.title for page in results)


def search(backend, text, filters=None):
    return backend.search(analyse(text).strict, lesson_queryset(filters or Filters()))


def test_the_index_splits_text_on_whitespace_only(backend):
    index = build_index(backend)
    analysed = backend.es.indices.analyze(
        index=index.name, analyzer=TEXT_ANALYZER, text="孩子 焦虑"
    )
    assert [token["token"] for token in analysed["tokens"]] == ["孩子", "焦虑"]


def test_a_two_character_word_finds_a_longer_title(backend):
    build_index(
        backend,
        ConceptLessonFactory(title="孩子焦虑怎么办"),
        ConceptLessonFactory(title="暑假防溺水"),
    )
    assert titles(search(backend, "焦虑")) == ["孩子焦虑怎么办"]


def test_every_word_must_match(backend):
    build_index(
        backend,
        ConceptLessonFactory(title="孩子焦虑怎么办", summary="帮助家长理解孩子。"),
        ConceptLessonFactory(title="考试焦虑", summary="家长如何陪伴。"),
    )
    assert titles(search(backend, "孩子 焦虑")) == ["孩子焦虑怎么办"]


def test_a_synonym_finds_the_other_term(backend):
    SynonymGroup.objects.create(terms="网瘾、沉迷网络游戏")
    build_index(backend, ConceptLessonFactory(title="孩子沉迷网络游戏怎么办"))
    assert titles(search(backend, "网瘾")) == ["孩子沉迷网络游戏怎么办"]


def test_the_index_synonym_filter_expands_a_word_on_its_own(backend):
    # A bare Words leaf skips the query-side expansion: only the index's synonym_graph can match.
    SynonymGroup.objects.create(terms="网瘾、沉迷网络游戏")
    build_index(backend, ConceptLessonFactory(title="孩子沉迷网络游戏怎么办"))
    found = backend.search(Words(("网瘾",)), LessonPage.objects.live())
    assert titles(found) == ["孩子沉迷网络游戏怎么办"]


def test_the_grade_filter_keeps_lessons_that_fit_the_grade(backend):
    build_index(
        backend,
        ConceptLessonFactory(title="一年级阅读", stages=["primary"], grades=["p1"]),
        ConceptLessonFactory(title="初中阅读", stages=["junior"]),
        ConceptLessonFactory(title="全学段阅读"),
    )
    assert titles(search(backend, "阅读", Filters(grade="p1"))) == ["一年级阅读", "全学段阅读"]
    assert search(backend, "阅读", Filters(grade="p1")).count() == 2  # Elasticsearch's count


def test_the_kind_filter_works_across_lesson_kinds(backend):
    build_index(
        backend,
        ConceptLessonFactory(title="小学阅读课"),
        RequiredLessonFactory(title="小学阅读必修课"),
    )
    assert titles(search(backend, "阅读", Filters(kind="concept"))) == ["小学阅读课"]


def test_unpublished_lessons_never_appear(backend):
    unpublished = ConceptLessonFactory(title="暑假防溺水")
    draft = ConceptLessonFactory(title="防溺水安全", live=False)
    index = build_index(backend, unpublished, draft)
    unpublished.unpublish()
    index.add_item(unpublished)  # what Wagtail's unpublish hook does
    index.refresh()
    assert list(search(backend, "防溺水")) == []
    assert search(backend, "防溺水").count() == 0


def test_a_stale_entry_of_an_unpublished_lesson_is_not_returned(backend):
    lesson = ConceptLessonFactory(title="暑假防溺水")
    build_index(backend, lesson)
    lesson.unpublish()  # the index still says live: the database filter has the last word
    assert list(search(backend, "防溺水", Filters(stage="primary"))) == []


def test_suggestions_complete_a_title_being_typed(backend):
    build_index(backend, ConceptLessonFactory(title="幼小衔接，家长到底该准备什么"))
    found = backend.autocomplete("幼小衔", LessonPage.objects.live().public())
    assert titles(found) == ["幼小衔接，家长到底该准备什么"]


# modelsearch's own Elasticsearch 8 suite (elasticsearch_common_tests + BackendTests) on its
# test app, with only the backend ours, as tests/search/test_modelsearch_contract.py does
# for the database backends (same fixtures and harness). Skipped with the rest of this
# module when ELASTICSEARCH_URL is not set. Not yet run against a cluster: differences
# found on the first run are to be fixed, or listed in docs/search-contract.md.
def _contract_class():
    # The contract module first: its harness lets modelsearch's test modules import.
    contract = importlib.import_module("tests.search.test_modelsearch_contract")
    stock = importlib.import_module("modelsearch.tests.test_elasticsearch8_backend")

    backend = "search.backends.elasticsearch"
    backends = {
        "default": {
            "BACKEND": backend,
            "URLS": [u.strip() for u in ELASTICSEARCH_URL.split(",") if u.strip()],
            "INDEX_PREFIX": f"contract_{uuid.uuid4().hex[:12]}_",
            "TIMEOUT": 30,
        }
    }
    name = "TestOursElasticsearch8SearchBackend"
    return override_settings(MODELSEARCH_BACKENDS=backends, WAGTAILSEARCH_BACKENDS=backends)(
        type(name, (stock.TestElasticsearch8SearchBackend,), {
            "__module__": __name__, "__qualname__": name, "backend_path": backend,
            "fixtures": contract.FIXTURES,
        })
    )  # fmt: skip


if ELASTICSEARCH_URL:
    TestOursElasticsearch8SearchBackend = _contract_class()
else:

    @pytest.mark.skip(reason="needs a live Elasticsearch 8: set ELASTICSEARCH_URL")
    def test_modelsearch_elasticsearch8_contract():
        """Stands for modelsearch's Elasticsearch 8 suite, which runs only with a cluster."""


def test_lesson_vectors_are_stored_and_searched_by_knn(backend):
    """search.dense.elasticsearch against the cluster: nested dense_vector passages, a
    lesson scored by its best passage, other models' vectors never returned, deletion."""
    import numpy as np

    from search.dense.elasticsearch import ElasticsearchVectors

    class Model:
        name, dimensions = "test-model", 3

    vectors = ElasticsearchVectors(backend)
    unit = lambda *v: np.array(v, dtype=np.float32) / np.linalg.norm(v)  # noqa: E731
    try:
        vectors.save(1, Model.name, "f1", np.vstack([unit(1, 0, 0), unit(0, 1, 0)]))
        vectors.save(2, Model.name, "f2", np.vstack([unit(0, 0, 1)]))
        vectors.save(3, "other-model", "f3", np.vstack([unit(0, 1, 0)]))
        vectors.es.indices.refresh(index=vectors.name)
        near = vectors.nearest(Model, unit(0, 1, 0.1), 5)
        assert [pk for pk, _ in near] == [1, 2]
        assert near[0][1] > 0.99  # the cosine, not Elasticsearch's (1 + cosine) / 2
        assert vectors.stored_fingerprint(1, Model.name) == "f1"
        assert vectors.stored_fingerprint(3, Model.name) is None
        assert vectors._passages_of(Model, [1]).shape == (2, 3)
        assert [pk for pk, _ in vectors.nearest(Model, unit(0, 1, 0.1), 5, 1, 0.5)] == [1, 2]
        vectors.delete([1])
        vectors.es.indices.refresh(index=vectors.name)
        assert vectors.page_ids() == {2, 3}
    finally:
        vectors.es.indices.delete(index=vectors.name, ignore_unavailable=True)
