"""Searches that found nothing (search.service.record_miss): the normalised text, cut to 50
characters, counted per ISO week; nothing else about the search or the parent."""

import threading

import pytest
from django.db import connections

from lessons.feedback.counters import week_of
from search.models import SearchMiss
from search.service import Filters, miss_text, record_miss, search_lessons
from tests.factories import ConceptLessonFactory, city

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    city()
    return ConceptLessonFactory(title="孩子焦虑怎么办")


def misses() -> dict[str, int]:
    return dict(SearchMiss.objects.values_list("text", "count"))


def test_a_search_without_results_is_counted(client, lesson):
    for _ in range(3):
        response = client.get("/api/search/", {"q": "恐龙化石"})
        assert response.json()["count"] == 0
    assert misses() == {"恐龙化石": 3}
    assert SearchMiss.objects.get().week == week_of()
    assert not client.get("/api/search/", {"q": "恐龙化石"}).cookies


def test_a_search_with_results_is_not_counted(client, lesson):
    assert client.get("/api/search/", {"q": "焦虑"}).json()["count"] == 1
    client.get("/search/", {"q": "焦虑", "grade": ""})
    assert misses() == {}


def test_the_search_page_counts_too(client, lesson):
    client.get("/search/", {"q": "恐龙化石", "grade": ""})
    assert misses() == {"恐龙化石": 1}


def test_the_text_is_normalised_so_variants_count_together(lesson):
    for text in ("  恐龍  化石 ", "恐龙 化石", "ＫＯＮＧ龙 化石", "kong龙 化石"):
        search_lessons(text, Filters())
    assert misses() == {"恐龙 化石": 2, "kong龙 化石": 2}


def test_only_the_first_fifty_characters_are_kept(lesson):
    search_lessons("恐" * 30 + " " + "龙" * 40, Filters())
    (text,) = misses()
    assert text == "恐" * 30 + " " + "龙" * 19 and len(text) == 50


def test_nothing_searchable_is_not_a_miss(client, lesson):
    for query in ("", "   ", "的", "\x00"):
        client.get("/api/search/", {"q": query})
    assert misses() == {}


def test_control_characters_are_not_kept():
    assert miss_text("恐龙\x00化石\u202e") == "恐龙 化石"
    assert miss_text("\r\n\t") == ""


def test_only_the_text_week_and_count_are_stored():
    fields = {f.name for f in SearchMiss._meta.concrete_fields}
    assert fields == {"id", "text", "week", "count"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_misses_are_all_counted():
    workers, each = 10, 5
    start = threading.Barrier(workers)
    errors = []

    def run():
        try:
            start.wait()
            for _ in range(each):
                record_miss("恐龙化石")
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert misses() == {"恐龙化石": workers * each}
