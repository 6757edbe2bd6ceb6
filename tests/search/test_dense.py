"""Search by meaning (search.dense, search.ranking) with the real packaged model."""

import numpy as np
import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from search.dense import elasticsearch as es_vectors
from search.dense import encoder, indexing
from search.dense.models import LessonVector
from search.dense.store import DatabaseVectors, Matrix
from search.fusion import fuse
from search.service import Filters, find, search_lessons
from tests.factories import ConceptLessonFactory, MicroLessonFactory

pytestmark = pytest.mark.django_db

dense_on = override_settings(SEARCH_EMBEDDINGS=settings.DENSE_SEARCH)


@pytest.fixture(autouse=True)
def fresh_matrices():
    """A process re-reads the vectors at most every REFRESH_SECONDS: each test starts with
    none read, as a new process would (the previous test's rows were rolled back)."""
    DatabaseVectors._matrices.clear()


def unit(*values):
    v = np.array(values, dtype=np.float32)
    return v / np.linalg.norm(v)


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """As the admin and the importer publish: a revision, the page_published signal, and
    the background task queued when the transaction commits (run here: ImmediateBackend)."""

    def publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return page

    return publish


# --- fusion and the vector matrix (no model) ---


def test_fusion_ranks_what_both_lists_hold_first():
    assert fuse([([1, 2, 3], 1.0), ([3, 4], 1.0)]) == [3, 1, 2, 4]
    assert fuse([([1, 2], 1.0), ([2, 1], 1.0)]) == [1, 2]  # a tie keeps the first list's order
    assert fuse([([1, 2], 1.0), ([2], 3.0)]) == [2, 1]


def test_the_matrix_follows_writes_deletions_and_other_models():
    a, b, c = (ConceptLessonFactory() for _ in range(3))
    store = DatabaseVectors()
    store.save(a.pk, "m", "fa", np.vstack([unit(1, 0, 0), unit(0, 1, 0)]))
    store.save(b.pk, "m", "fb", np.vstack([unit(0, 0, 1)]))
    store.save(c.pk, "other-model", "fc", np.vstack([unit(1, 0, 0)]))
    matrix = Matrix("m", 3)
    assert [pk for pk, _ in matrix.nearest(unit(0.1, 1, 0), 5)] == [a.pk, b.pk]  # best passage
    assert matrix.nearest(unit(0, 0, 1), 1)[0][0] == b.pk

    store.save(b.pk, "m", "fb2", np.vstack([unit(0, 1, 0.2)]))  # written by another process
    store.delete([a.pk])
    matrix.refresh(force=True)
    assert [pk for pk, _ in matrix.nearest(unit(0, 1, 0), 5)] == [b.pk]
    store.save(a.pk, "m", "fa", np.vstack([unit(1, 0, 0)]))
    matrix.refresh(force=True)
    assert {pk for pk, _ in matrix.nearest(unit(1, 0, 0), 5)} == {a.pk, b.pk}
    similarity = dict(matrix.nearest(unit(1, 0, 0), 5))[a.pk]
    assert similarity == pytest.approx(1.0, abs=1e-5)


# --- Elasticsearch request bodies (the live suite runs them against a server) ---


def test_elasticsearch_vectors_are_nested_cosine_dense_vectors():
    mapping = es_vectors.index_body(384)["mappings"]
    vector = mapping["properties"]["passages"]["properties"]["vector"]
    assert mapping["properties"]["passages"]["type"] == "nested"
    assert vector == {"type": "dense_vector", "dims": 384, "index": True, "similarity": "cosine"}
    assert mapping["dynamic"] == "strict"


def test_elasticsearch_knn_asks_for_the_model_s_vectors_only():
    body = es_vectors.knn_body("e5", unit(1, 2, 2), 50)
    assert body["knn"]["field"] == "passages.vector"
    assert body["knn"]["k"] == 50 and body["knn"]["num_candidates"] == 200
    assert body["knn"]["filter"] == {"term": {"model": "e5"}}
    assert body["knn"]["query_vector"] == pytest.approx([1 / 3, 2 / 3, 2 / 3])
    assert body["_source"] is False
    document = es_vectors.document("e5", "f", np.vstack([unit(1, 0), unit(0, 1)]))
    assert document["passages"] == [{"vector": [1.0, 0.0]}, {"vector": [0.0, 1.0]}]
    assert es_vectors.cosine(1.0) == 1.0 and es_vectors.cosine(0.5) == 0.0


# --- the real model ---


@dense_on
def test_publishing_embeds_a_lesson_once_and_unpublishing_forgets_it(
    publish, django_capture_on_commit_callbacks
):
    lesson = publish(ConceptLessonFactory(title="培养孩子的专注力", summary="专注力可以练。"))
    row = LessonVector.objects.get(page=lesson)
    assert row.model == encoder.current().name
    vectors = np.frombuffer(bytes(row.vectors), dtype="<f4").reshape(-1, 384)
    assert np.linalg.norm(vectors, axis=1) == pytest.approx([1.0] * len(vectors), abs=1e-3)
    assert indexing.embed(lesson.pk) == "unchanged"

    lesson.summary = "专注力可以练：每天十分钟的小游戏。"
    publish(lesson)
    assert bytes(LessonVector.objects.get(page=lesson).vectors) != bytes(row.vectors)

    with django_capture_on_commit_callbacks(execute=True):
        lesson.unpublish()
    assert not LessonVector.objects.filter(page=lesson).exists()


@dense_on
def test_a_question_with_none_of_the_lesson_s_words_finds_it_by_meaning(publish):
    focus = publish(
        MicroLessonFactory(
            title="培养孩子的专注力",
            summary="孩子注意力不集中，家长可以从环境、任务和节奏三方面帮助他。",
        )
    )
    publish(ConceptLessonFactory(title="暑假防溺水安全教育", summary="游泳要有大人陪同。"))
    publish(ConceptLessonFactory(title="新高考选科指导", summary="选科要看兴趣和优势。"))
    query = "how can my kid concentrate in class"
    assert find(query, Filters(), "lexical").first == []  # no word in common
    results = search_lessons(query, Filters())
    assert results.hits[0].page.pk == focus.pk
    assert results.relaxed  # the page says these do not have the words


@dense_on
def test_a_query_embedding_is_computed_once():
    cache.clear()
    first = encoder.query_vector("孩子上课老走神")
    model = encoder.current()
    calls = []
    original = model.embed_query
    model.embed_query = lambda text: calls.append(text) or original(text)
    try:
        again = encoder.query_vector("孩子上课老走神")
    finally:
        model.embed_query = original
    assert calls == [] and np.array_equal(first, again)


@dense_on
def test_filters_apply_to_lessons_found_by_meaning(publish):
    focus = publish(
        MicroLessonFactory(
            title="培养孩子的专注力", summary="孩子注意力不集中怎么办。", stages=["junior"]
        )
    )
    query = "how can my kid concentrate in class"
    assert find(query, Filters()).first == [focus.pk]
    assert find(query, Filters(stage="kindergarten")).first == []


def test_a_grade_name_finds_the_lessons_written_for_that_grade_first(publish):
    for_first_graders = publish(
        ConceptLessonFactory(
            title="拼音学习小妙招",
            summary="在游戏里认读声母韵母。",
            stages=["primary"],
            grades=["p1"],
        )
    )
    mentions = publish(
        ConceptLessonFactory(
            title="新学期家长会", summary="一年级到六年级的家长都可以参加。", all_stages=True
        )
    )
    publish(ConceptLessonFactory(title="初中物理怎么学", summary="实验很重要。", stages=["junior"]))
    titles = [hit.page.title for hit in search_lessons("一年级", Filters()).hits]
    assert titles == [for_first_graders.title, mentions.title]
    titles = [hit.page.title for hit in search_lessons("七年级", Filters()).hits]
    assert titles == ["初中物理怎么学"]  # 七年级 is 初一 (the thesaurus); the stage is 初中


@pytest.mark.parametrize("embeddings", [False, True])
def test_pages_past_the_fused_window_neither_repeat_nor_skip_a_lesson(
    embeddings, publish, monkeypatch, settings
):
    if embeddings:
        settings.SEARCH_EMBEDDINGS = settings.DENSE_SEARCH
    monkeypatch.setattr("search.ranking.WINDOW", 4)
    lessons = [
        publish(ConceptLessonFactory(title=f"家庭阅读第{n}课", summary="亲子共读。"))
        for n in range(11)
    ]
    publish(ConceptLessonFactory(title="亲子共读的好习惯", summary="每天读一本绘本。"))
    found = find("家庭阅读", Filters())
    pages = [found.ids(start, start + 3) for start in range(0, found.count + 3, 3)]
    shown = [pk for page in pages for pk in page]
    assert len(shown) == len(set(shown))  # nothing twice
    assert {lesson.pk for lesson in lessons} <= set(shown)  # every match, somewhere
    assert found.count == len(shown)
