"""The Elasticsearch backend's query bodies: how a search's words, operators, synonyms and
filters become Elasticsearch queries. Its mapping and index settings:
test_elasticsearch_mapping.py.

No server is needed: building these never connects (the client connects on the first request).
"""

import json

import pytest
from modelsearch.query import Not, PlainText

from lessons.models import LessonPage, RequiredLesson, Topic
from search.backends.elasticsearch import (
    ChineseElasticsearchSearchQueryCompiler,
    TooManyFilterIdsError,
)
from search.models import SynonymGroup
from search.query import Words
from search.service import Filters, lesson_queryset
from tests.factories import ConceptLessonFactory, city

pytestmark = pytest.mark.usefixtures("no_thesaurus")  # exact query trees: conftest.py


def body(results) -> dict:
    return results.query_compiler.get_query()


def matches(node) -> list[dict]:
    """Every match / multi_match clause in a query body, in order."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "match" and isinstance(value, dict) and len(value) == 1:
                (clause,) = value.values()
                found.append(clause)
            elif key == "multi_match":
                found.append(value)
            else:
                found.extend(matches(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(matches(item))
    return found


def text_matches(node) -> list[dict]:
    return [m for m in matches(node) if isinstance(m, dict)]


def filters(query) -> list[dict]:
    return query["bool"]["filter"]


# Queries


def test_a_typed_query_is_analysed_into_anded_words(backend, db):
    query = body(backend.search("孩子焦虑怎么办", lesson_queryset(Filters())))
    clauses = text_matches(query)
    assert {c["query"] for c in clauses} == {"孩子", "焦虑"}
    assert {c["operator"] for c in clauses} == {"and"}


def test_the_words_of_a_leaf_must_all_match(backend, db):
    query = body(backend.search(Words(("沉迷", "网络游戏")), LessonPage.objects.live()))
    assert query["bool"]["must"]["multi_match"]["operator"] == "and"


def test_the_compiler_defaults_to_and_for_a_plain_string(db):
    compiler = ChineseElasticsearchSearchQueryCompiler(LessonPage.objects.all(), "孩子 焦虑")
    assert compiler.get_query()["bool"]["must"]["multi_match"]["operator"] == "and"


def test_an_explicit_or_is_kept(backend, db):
    compiler = ChineseElasticsearchSearchQueryCompiler(
        LessonPage.objects.all(), "孩子 焦虑", operator="or"
    )
    assert compiler.get_query()["bool"]["must"]["multi_match"]["operator"] == "or"


def test_operator_or_on_the_backend_lets_any_word_match(backend, db, no_thesaurus):
    query = body(backend.search("孩子 焦虑", LessonPage.objects.live(), operator="or"))
    per_field = query["bool"]["must"]["dis_max"]["queries"][0]  # _all_text, then boosted
    clauses = per_field["bool"]["should"]
    assert [text_matches(clause)[0]["query"] for clause in clauses] == ["孩子", "焦虑"]


def test_an_unknown_operator_is_refused(backend, db):
    with pytest.raises(ValueError):
        backend.search("孩子", LessonPage.objects.live(), operator="xor")


def test_fields_limit_the_fields_searched(backend, db):
    query = body(backend.search("焦虑", LessonPage.objects.live(), fields=["title"]))
    assert [m.get("fields") for m in text_matches(query)] in ([None], [["title"]])
    assert "title" in json.dumps(query)


def test_a_negated_word_becomes_must_not(backend, db, no_thesaurus):
    query = body(backend.search(Not(PlainText("焦虑")), LessonPage.objects.live()))
    excluded = query["bool"]["must"]["bool"]["must_not"]
    assert {c["query"] for c in text_matches(excluded)} == {"焦虑"}


def test_multi_word_synonyms_from_the_index_are_not_phrase_queries(backend, db):
    query = body(backend.search("焦虑", LessonPage.objects.live()))
    assert {c["auto_generate_synonyms_phrase_query"] for c in text_matches(query)} == {False}


def test_a_synonym_group_becomes_a_bool_should(backend, db):
    SynonymGroup.objects.create(terms="网瘾、沉迷网络游戏")
    query = body(backend.search("网瘾", lesson_queryset(Filters())))
    per_field = query["bool"]["must"]["dis_max"]["queries"][0]
    should = per_field["bool"]["should"]
    assert [text_matches(clause)[0]["query"] for clause in should] == ["网瘾", "沉迷 网络游戏"]


def test_the_title_boost_is_kept(backend, db):
    query = body(backend.search("焦虑", LessonPage.objects.live()))
    assert query["bool"]["must"]["multi_match"]["fields"] == [
        "_all_text",
        "_all_text_boost_2_0^2.0",
    ]


def test_autocomplete_searches_the_edge_ngrams_with_every_word(backend, db):
    query = body(backend.autocomplete("孩子焦", LessonPage.objects.live()))
    assert query["bool"]["must"] == {
        "match": {
            "_edgengrams": {
                "query": "孩子 焦",
                "operator": "and",
                "auto_generate_synonyms_phrase_query": False,
            }
        }
    }


# Filters


def test_a_grade_filter_becomes_a_terms_filter_on_the_ids(backend, db):
    first_grade = ConceptLessonFactory(stages=["primary"], grades=["p1"])
    every_grade = ConceptLessonFactory()
    ConceptLessonFactory(stages=["junior"])
    query = body(backend.search("阅读", lesson_queryset(Filters(grade="p1"))))
    (terms,) = [f["terms"] for f in filters(query) if "terms" in f]
    assert sorted(terms["pk"]) == sorted([str(first_grade.pk), str(every_grade.pk)])


def test_the_id_filter_leaves_out_unpublished_lessons(backend, db):
    live = ConceptLessonFactory(stages=["primary"])
    ConceptLessonFactory(stages=["primary"], live=False)
    query = body(backend.search("阅读", lesson_queryset(Filters(stage="primary"))))
    (terms,) = [f["terms"] for f in filters(query) if "terms" in f]
    assert terms["pk"] == [str(live.pk)]


def test_a_topic_filter_becomes_a_terms_filter_on_the_ids(backend, db):
    topic = Topic.objects.create(name="阅读习惯")
    lesson = ConceptLessonFactory()
    lesson.topics.set([topic])
    lesson.save()
    ConceptLessonFactory()
    query = body(backend.search("阅读", lesson_queryset(Filters(topic=topic.pk))))
    assert {"terms": {"pk": [str(lesson.pk)]}} in filters(query)


def test_filters_on_filter_fields_stay_elasticsearch_filters(backend, db):
    organisation = city()
    query = body(backend.search("阅读", lesson_queryset(Filters(organisation=organisation.pk))))
    assert "terms" not in json.dumps(query)
    assert f'"lessons_lessonpage__organisation_id_filter": {organisation.pk}' in json.dumps(query)


def test_a_filter_that_selects_nothing_matches_nothing(backend, db):
    query = body(backend.search("阅读", lesson_queryset(Filters(topic=999999))))
    assert {"bool": {"must_not": {"match_all": {}}}} in filters(query)


def test_the_ids_are_read_once_per_search(backend, db, django_assert_num_queries):
    ConceptLessonFactory(stages=["primary"])
    results = backend.search("阅读", lesson_queryset(Filters(stage="primary")))
    with django_assert_num_queries(1):
        results.query_compiler.get_query()
        results.query_compiler.get_query()


def test_more_ids_than_a_terms_filter_may_list_is_a_clear_error(backend, db, monkeypatch):
    monkeypatch.setattr(ChineseElasticsearchSearchQueryCompiler, "max_filter_ids", 1)
    ConceptLessonFactory()
    ConceptLessonFactory()
    results = backend.search("阅读", lesson_queryset(Filters(grade="p1")))
    with pytest.raises(TooManyFilterIdsError, match="more than 1 objects"):
        body(results)


def test_searching_a_model_without_filters_adds_only_the_content_type(backend, db):
    query = body(backend.search("阅读", RequiredLesson))
    assert filters(query) == {"match": {"_django_content_type": "lessons.RequiredLesson"}}
