"""On a page-cache miss, every page a parent opens costs at most ten queries, at 50 lessons
and at 500 (issue 17).

One site per size (query_count_site.py), built once for the module (inside a transaction
rolled back at the end): lessons of every kind with topics, audiences, cover images and
processed media (outputs described in the database as the pipeline leaves them; nothing is
transcoded), some in a school's section four levels down, the weekly cloud classroom with its
broadcast audio, and the first lessons of several school years, fetched inside the
first-lesson window so that the grade pages pin them. Each page is fetched once to warm what
stays warm between requests in production (Wagtail's site root paths, renditions, content
types), then counted with the page cache off. A page over the limit fails with its queries
listed; SHOW_QUERIES=1 lists them for every page.
"""

import os
import re

import pytest
import time_machine
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from .query_count_site import TODAY, build_site

pytestmark = pytest.mark.django_db  # every test here reads the module's site

MAX_QUERIES = 10
COLUMNS = re.compile(r"^SELECT (DISTINCT )?.*? FROM", re.DOTALL)  # shortened in the listing
SIZES = [50, 500]


@pytest.fixture(scope="module", params=SIZES, ids=[f"{n}-lessons" for n in SIZES])
def site(request, django_db_setup, django_db_blocker):
    """Built once per size; rolled back when the module's tests of that size are done."""
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_site(request.param)
        print(f"\n{request.param} lessons built in {built.build_seconds:.1f} s")
        yield built
        transaction.set_rollback(True)


def short(sql: str) -> str:
    return COLUMNS.sub(r"SELECT \1… FROM", sql, count=1)


def count_queries(client, url: str):
    """(response, captured queries) of a fetch after a warming one, as an anonymous parent,
    the page cache (cms.page_cache) off: every fetch is a miss."""
    with time_machine.travel(TODAY, tick=False), override_settings(PAGE_CACHE_SECONDS=0):
        client.get(url)  # warm what is warm in production (site root paths, renditions)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    return response, queries


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "grade picker",
        "grade page",
        "grade list: required",
        "grade list: self_study",
        "grade list: micro",
        "grade list: micro, page 2",
        "grade list: concept",
        "grade topic list",
        "stage page",
        "stage page, page 2",
        "city section",
        "school section",
        "cloud classroom archive",
        "cloud classroom episode",
        "audio feed",
        "first lesson listing",
        "first lesson",
        "self-study series",
        "micro-lesson in a series",
        "micro-lesson",
        "concept lesson",
        "required lesson",
        "required lesson in a school section",
    ],
)
def test_a_page_costs_at_most_ten_queries(site, client, page):
    url = site.urls[page]
    response, queries = count_queries(client, url)
    assert response.status_code == 200, url
    print(f"\n{site.lessons} lessons · {page} ({url}): {len(queries)} queries")
    if len(queries) > MAX_QUERIES or os.environ.get("SHOW_QUERIES"):
        listing = "\n".join(
            f"{n}. {short(q['sql'])}" for n, q in enumerate(queries.captured_queries, 1)
        )
        pytest.fail(f"{url}: {len(queries)} queries (at most {MAX_QUERIES})\n{listing}")
