"""The page cache (cms/page_cache.py), through the site's own middleware stack, as parents and
editors reach it: what is served from the cache and what passes by. Its purges:
test_page_cache_purges.py."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import ConceptLessonFactory, MicroLessonFactory, UserFactory, city
from tests.pages import every_kind

from .page_cache_fetch import fetch

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]  # conftest.py


def test_second_request_is_a_hit_without_queries(client):
    city()
    ConceptLessonFactory(title="家风家教", grades=["p1"], stages=["primary"])
    first, state = fetch(client, "/grade/p1/")
    assert state == "miss"
    with CaptureQueriesContext(connection) as queries:
        second, state = fetch(client, "/grade/p1/", HTTP_ACCEPT_ENCODING="br")
    assert state == "hit"
    assert len(queries) == 0
    assert second["Content-Encoding"] == "br"  # compressed on the way out, as a miss is
    assert "Content-Security-Policy" in second  # headers above the cache on every response
    uncompressed, _ = fetch(client, "/grade/p1/")
    assert uncompressed.content == first.content
    assert "家风家教" in first.content.decode()


def test_a_lesson_page_is_cached_and_served_again(client):
    city()
    lesson = MicroLessonFactory(title="睡前十分钟")
    assert fetch(client, lesson.url)[1] == "miss"
    assert fetch(client, lesson.url)[1] == "hit"


def test_signed_in_editors_and_private_pages_pass_by(client):
    city()
    editor = UserFactory(username="editor", is_superuser=True)
    client.force_login(editor)
    assert fetch(client, "/grade/p1/")[1] is None
    assert fetch(client, "/grade/p1/")[1] is None
    client.logout()
    client.cookies.pop("sessionid", None)
    # The home page depends on the grade cookie: private, never stored.
    assert fetch(client, "/")[1] is None
    assert fetch(client, "/")[1] is None


def test_query_strings_other_than_the_page_number_pass_by(client):
    city()
    for n in range(25):
        MicroLessonFactory(title=f"微课{n}", grades=["p1"], stages=["primary"])
    url = "/grade/p1/kind/micro/"
    assert fetch(client, url + "?page=2")[1] == "miss"
    assert fetch(client, url + "?page=2")[1] == "hit"
    assert fetch(client, url)[1] == "miss"  # another page of the list, another entry
    assert fetch(client, url + "?page=2&x=1")[1] is None
    assert fetch(client, url + f"?page=2&nonce={'9' * 20}")[1] is None


def test_every_public_page_type_is_a_hit_without_queries(client):
    city()
    made = every_kind(
        series={"title": "入学准备", "stages": ["primary"]},
        micro={"title": "整理书包", "stages": ["primary"]},
        required={"title": "幼小衔接", "grades": ["p1"], "stages": ["primary"]},
        concept={"title": "家校共育", "all_stages": True},
        episode={"title": "第一期"},
        first={"title": "开学第一课", "all_stages": True},
    )
    urls = [
        "/grade/",
        "/grade/p1/",
        "/grade/p1/kind/micro/",
        "/stage/primary/",
        reverse("episode_feed"),
        made.concept.get_parent().url,  # the section
        made.episode.get_parent().url,  # the cloud classroom's archive
        made.first.get_parent().url,  # the first lessons' programme
        *(page.url for page in made.pages()),
    ]
    for url in urls:
        first_response, state = fetch(client, url)
        assert (first_response.status_code, state) == (200, "miss"), url
        with CaptureQueriesContext(connection) as queries:
            again, state = fetch(client, url)
        assert (state, len(queries)) == ("hit", 0), url
        assert again.content == first_response.content
