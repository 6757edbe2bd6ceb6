import pytest


@pytest.fixture
def no_thesaurus(request):
    """The shipped thesaurus switched off, for tests of how synonym expansion works that
    assert exact query trees with groups of their own. Does nothing in tests without the
    database (they see no groups at all)."""
    if not ({"db", "transactional_db"} & set(request.fixturenames)) and not (
        request.node.get_closest_marker("django_db")
    ):
        return
    request.getfixturevalue("db")
    from search import synonyms
    from search.models import SynonymGroup

    SynonymGroup.objects.exclude(key="").update(active=False)
    synonyms.forget()


@pytest.fixture
def backend():
    """The Elasticsearch backend, never connected (test_elasticsearch_mapping.py and
    test_elasticsearch_queries.py build its mapping, settings and query bodies)."""
    from search.backends.elasticsearch import ChineseElasticsearchSearchBackend

    return ChineseElasticsearchSearchBackend({"URLS": ["http://localhost:9200"]})
