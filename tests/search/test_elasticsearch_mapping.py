"""The Elasticsearch backend's mapping, index settings and documents, and the production
settings that choose it. Its query bodies: test_elasticsearch_queries.py.

No server is needed: building these never connects (the client connects on the first request).
"""

import importlib
import json
import sys

import pytest
from modelsearch.backends import import_backend

from lessons.models import ConceptLesson, Topic
from search.backends.elasticsearch import (
    AUTOCOMPLETE_ANALYZER,
    SEARCH_ANALYZER,
    TEXT_ANALYZER,
    ChineseElasticsearchSearchBackend,
    synonym_line,
)
from search.models import SynonymGroup
from tests.factories import ConceptLessonFactory, RequiredLessonFactory

pytestmark = pytest.mark.usefixtures("no_thesaurus")  # exact query trees: conftest.py


def properties(backend, model=ConceptLesson) -> dict:
    return backend.mapping_class(model).get_mapping()["properties"]


def analyzers(settings) -> dict:
    return settings["settings"]["analysis"]["analyzer"]


def document(backend, page) -> dict:
    return backend.mapping_class(type(page)).get_document(page)


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
