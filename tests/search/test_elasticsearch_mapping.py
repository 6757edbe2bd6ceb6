"""The Elasticsearch backend's mapping, index settings, documents and query bodies.

No server is needed: building these never connects (the client connects on the first request).
"""

import importlib
import json
import sys

import pytest
from modelsearch.backends import import_backend
from modelsearch.query import Not, PlainText

from lessons.models import ConceptLesson, LessonPage, RequiredLesson, Topic
from search.backends.elasticsearch import (
    AUTOCOMPLETE_ANALYZER,
    SEARCH_ANALYZER,
    TEXT_ANALYZER,
    ChineseElasticsearchSearchBackend,
    ChineseElasticsearchSearchQueryCompiler,
    TooManyFilterIdsError,
    synonym_line,
)
from search.models import SynonymGroup
from search.query import Words
from search.service import Filters, lesson_queryset
from tests.factories import ConceptLessonFactory, RequiredLessonFactory, city

pytestmark = pytest.mark.usefixtures("no_thesaurus")  # exact query trees: conftest.py


@pytest.fixture
def backend():
    return ChineseElasticsearchSearchBackend({"URLS": ["http://localhost:9200"]})


def properties(backend, model=ConceptLesson) -> dict:
    return backend.mapping_class(model).get_mapping()["properties"]


def analyzers(settings) -> dict:
    return settings["settings"]["analysis"]["analyzer"]


def document(backend, page) -> dict:
    return backend.mapping_class(type(page)).get_document(page)


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


# Mapping


def test_text_fields_use_the_whitespace_analyser_at_index_time_and_synonyms_at_search_time(
    backend,
):
    title = properties(backend)["title"]
    assert (title["analyzer"], title["search_analyzer"]) == (TEXT_ANALYZER, SEARCH_ANALYZER)


def test_fields_of_lesson_kinds_are_analysed_the_same_way(backend):
    summary = properties(backend)["lessons_lessonpage__summary"]
    speaker = properties(backend)["lessons_conceptlesson__speaker"]
    assert summary["analyzer"] == speaker["analyzer"] == TEXT_ANALYZER


def test_the_all_text_fields_are_analysed_the_same_way(backend):
    mapping = properties(backend)
    assert mapping["_all_text"]["analyzer"] == TEXT_ANALYZER
    assert mapping["_all_text_boost_2_0"]["search_analyzer"] == SEARCH_ANALYZER


def test_nested_topic_names_are_analysed_the_same_way(backend):
    name = properties(backend)["lessons_lessonpage__topics"]["properties"]["name"]
    assert (name["analyzer"], name["search_analyzer"]) == (TEXT_ANALYZER, SEARCH_ANALYZER)


def test_autocomplete_fields_are_indexed_as_edge_ngrams(backend):
    mapping = properties(backend)
    assert mapping["title_edgengrams"]["analyzer"] == AUTOCOMPLETE_ANALYZER
    assert mapping["_edgengrams"]["analyzer"] == AUTOCOMPLETE_ANALYZER


def test_autocomplete_is_searched_with_a_whitespace_analyser_not_standard(backend):
    search_analyzer = properties(backend)["title_edgengrams"]["search_analyzer"]
    assert search_analyzer != "standard"
    assert analyzers(backend.get_index_settings(()))[search_analyzer]["tokenizer"] == "whitespace"


def test_filter_fields_keep_their_types_and_no_analyser(backend):
    assert properties(backend)["title_filter"] == {"type": "keyword"}


def test_nothing_in_the_mapping_uses_the_standard_analyser(backend):
    assert "standard" not in json.dumps(properties(backend))


# Index settings


def test_every_analyser_splits_on_whitespace_and_lowercases(backend):
    for analyzer in analyzers(backend.get_index_settings(())).values():
        assert analyzer["tokenizer"] == "whitespace"
        assert analyzer["filter"][0] == "lowercase"


def test_the_autocomplete_analyser_adds_edge_ngrams(backend):
    settings = backend.get_index_settings(())
    edgengram = analyzers(settings)[AUTOCOMPLETE_ANALYZER]["filter"][1]
    assert settings["settings"]["analysis"]["filter"][edgengram]["type"] == "edge_ngram"


def test_synonym_groups_become_one_rule_line_each(backend, db):
    SynonymGroup.objects.create(terms="网瘾、沉迷网络游戏")
    SynonymGroup.objects.create(terms="近视、视力下降")
    synonyms = backend.get_index_settings()["settings"]["analysis"]["filter"]["chinese_synonyms"]
    assert synonyms["type"] == "synonym_graph"
    assert synonyms["synonyms"] == ["网瘾, 沉迷 网络游戏", "近视, 视力 下降"]


def test_the_synonym_filter_is_in_the_search_analyser_only(backend, db):
    SynonymGroup.objects.create(terms="网瘾、沉迷网络游戏")
    settings = analyzers(backend.get_index_settings())
    assert settings[SEARCH_ANALYZER]["filter"] == ["lowercase", "chinese_synonyms"]
    assert settings[TEXT_ANALYZER]["filter"] == ["lowercase"]


def test_without_synonym_groups_no_empty_synonym_filter_is_sent(backend, db):
    settings = backend.get_index_settings()
    assert "chinese_synonyms" not in settings["settings"]["analysis"]["filter"]
    assert analyzers(settings)[SEARCH_ANALYZER]["filter"] == ["lowercase"]


def test_the_settings_are_the_same_every_time(backend, db):
    SynonymGroup.objects.create(terms="厌学、不想上学")
    assert backend.get_index_settings() == backend.get_index_settings()


def test_configured_index_settings_are_merged_over_ours():
    configured = ChineseElasticsearchSearchBackend(
        {"URLS": ["http://localhost:9200"], "INDEX_SETTINGS": {"settings": {"number_of_shards": 1}}}
    )
    settings = configured.get_index_settings(())
    assert settings["settings"]["number_of_shards"] == 1
    assert TEXT_ANALYZER in analyzers(settings)


def test_rule_syntax_characters_in_a_synonym_are_escaped():
    assert synonym_line((("a,b",), ("c=>d",))) == "a\\,b, c\\=\\>d"


# Documents


def test_the_title_is_indexed_as_segmented_words(backend, db):
    lesson = ConceptLessonFactory(title="孩子焦虑怎么办")
    assert document(backend, lesson)["title"] == "孩子 焦虑 怎么 怎么办"


def test_the_summary_is_normalised_and_segmented(backend, db):
    lesson = ConceptLessonFactory(summary="孩子焦慮，ＡＢＣ")
    assert document(backend, lesson)["lessons_lessonpage__summary"] == "孩子 焦虑 abc"


def test_autocomplete_text_is_segmented(backend, db):
    lesson = ConceptLessonFactory(title="孩子焦虑怎么办")
    doc = document(backend, lesson)
    assert doc["title_edgengrams"] == "孩子 焦虑 怎么 怎么办"
    assert doc["_edgengrams"] == ["孩子 焦虑 怎么 怎么办"]


def test_stream_field_text_is_segmented(backend, db):
    lesson = RequiredLessonFactory(discussion_questions=[("item", "怎样陪孩子练习跳绳")])
    questions = document(backend, lesson)["lessons_requiredlesson__discussion_questions"]
    assert "练习 跳绳" in " ".join(questions)


def test_nested_topic_names_are_segmented(backend, db):
    lesson = ConceptLessonFactory()
    lesson.topics.set([Topic.objects.create(name="幼小衔接家长课")])
    lesson.save()
    topics = document(backend, ConceptLesson.objects.get(pk=lesson.pk))[
        "lessons_lessonpage__topics"
    ]
    assert topics == [{"name": "幼小 衔接 幼小衔接 家长 课"}]


def test_filter_fields_keep_the_raw_value(backend, db):
    lesson = ConceptLessonFactory(title="孩子焦虑怎么办")
    assert document(backend, lesson)["title_filter"] == "孩子焦虑怎么办"


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


# Configuration


@pytest.fixture
def production_settings(monkeypatch):
    for name, value in {
        "SECRET_KEY": "x",
        "DATABASE_URL": "postgres://u@db/x",
        "ALLOWED_HOSTS": "example.org",
        "ELASTICSEARCH_URL": "http://es1:9200,http://es2:9200",
        "ELASTICSEARCH_TIMEOUT": "30",
    }.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("cms.settings.production", None)
    yield importlib.import_module("cms.settings.production")
    sys.modules.pop("cms.settings.production", None)


def test_production_uses_this_backend_when_elasticsearch_is_configured(production_settings):
    config = production_settings.WAGTAILSEARCH_BACKENDS["default"]
    assert import_backend(config["BACKEND"]) is ChineseElasticsearchSearchBackend
    assert config["URLS"] == ["http://es1:9200", "http://es2:9200"]
    assert (config["INDEX_PREFIX"], config["TIMEOUT"]) == ("parentschool_", 30)
