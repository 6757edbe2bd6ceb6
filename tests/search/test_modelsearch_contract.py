"""modelsearch's own backend test suite, run against our database backends.

The classes below are modelsearch's (`modelsearch.tests`), on modelsearch's test app
(`modelsearch.test.testapp`: books, authors, novels …), with one change: the backend is
`search.backends.database`. Where ours differs on purpose (Chinese segmentation instead of an
English stemmer …) the inherited test is marked as an expected failure, with the reason; the
list is in docs/search-contract.md.

The project's test database is PostgreSQL, so the PostgreSQL classes run in this process.
The SQLite classes run in a child pytest on a throwaway in-memory SQLite database
(`test_sqlite_contract`), and are only defined there.
"""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.db import connection
from django.test import TestCase
from django.test.utils import override_settings
from wagtail.search import models as wagtail_search_models

ROOT = Path(__file__).resolve().parents[2]
# modelsearch's fixture ("search"), which its wheel does not ship, and the rows its newer
# tests expect that the last published fixture lacks (animal trees, a meeting's speaker);
# see fixtures/README.md.
FIXTURES = [
    str(Path(__file__).resolve().parent / "fixtures" / name)
    for name in ("modelsearch.json", "modelsearch_additions.json")
]
OURS = "search.backends.database"
BACKENDS = {"default": {"BACKEND": OURS}}
SQLITE_ENV = "CONTRACT_SQLITE"


# modelsearch's tests import its index models from `modelsearch.models`, which only an
# installed `modelsearch` app may define; in a Wagtail site the same models are
# `wagtail.search`'s (its app config is modelsearch's, under another label), so that module
# name is pointed there.
sys.modules.setdefault("modelsearch.models", wagtail_search_models)
# Its tests rebuild the index with the command by modelsearch's name; Wagtail ships the same
# command as `update_index`.
get_commands().setdefault("rebuild_modelsearch_index", "modelsearch")

from modelsearch.query import MATCH_ALL, MATCH_NONE, Not, PlainText  # noqa: E402
from modelsearch.test.testapp import models  # noqa: E402
from modelsearch.tests.test_backends import (  # noqa: E402 (after the above)
    BackendTests,
    BackendTestSetupMixin,
)
from wagtail.search.utils import parse_query_string  # noqa: E402

# Where ours differs from modelsearch on purpose: listed in docs/search-contract.md.
ANY_FILTER = (
    "ours accepts any queryset filter: the filtered queryset is a subquery of the one SQL "
    "statement, so no index.FilterField is needed (lessons are filtered by audience with "
    "Exists() and many-to-many lookups)"
)
ANY_ORDER = (
    "ours accepts any queryset ordering with order_by_relevance=False: the queryset numbers "
    "the matches in SQL, so no index.FilterField is needed"
)
ONE_RANK = (
    "Boost is accepted and its subquery searched, but ranking is one rank of the whole "
    "query (title x5 + body), as on stock SQLite, which skips this test"
)
INTENDED = {
    "test_filter_on_non_filterable_field": ANY_FILTER,
    "test_missing_filter_field": ANY_FILTER,
    "test_missing_filter_field_in_related_fields": ANY_FILTER,
    "test_missing_related_fields": ANY_FILTER,
    "test_order_by_non_filterable_field": ANY_ORDER,
    "test_boost": ONE_RANK,
}
# Tests that modelsearch skips for its own SQLite or PostgreSQL backend (MatchAll and
# MATCH_NONE inside a query, boosting, autocomplete fields): ours runs them.
STOCK_SKIPPED = (
    "test_search_not_match_none", "test_search_or_match_all", "test_search_or_match_none",
    "test_search_and_match_all", "test_search_and_match_none", "test_boost",
    "test_search_boosting_on_related_fields", "test_autocomplete_with_fields_arg",
)  # fmt: skip


def _inherited(cls, name):
    """modelsearch's test `name`, as BackendTests defines it where `cls` skips it."""
    method = getattr(BackendTests if name in STOCK_SKIPPED else cls, name)

    def test(self):
        return method(self)

    test.__name__ = test.__qualname__ = name
    test.__doc__ = method.__doc__
    if name in INTENDED:
        test = pytest.mark.xfail(strict=True, reason=INTENDED[name])(test)
    return test


def ours(cls, **attributes):
    """modelsearch's test class with our backend and the vendored fixtures."""
    name = cls.__name__.replace("Test", "TestOurs", 1)
    attributes = {
        "__module__": __name__, "__qualname__": name, "backend_path": OURS,
        "fixtures": FIXTURES,
        **{test: _inherited(cls, test) for test in {*STOCK_SKIPPED, *INTENDED}},
        **attributes,
    }  # fmt: skip
    return override_settings(MODELSEARCH_BACKENDS=BACKENDS, WAGTAILSEARCH_BACKENDS=BACKENDS)(
        type(name, (cls,), attributes)
    )


@classmethod
def _with_fuzzy_extensions(cls):
    """What modelsearch's test app migration does (unaccent, pg_trgm, fuzzystrmatch), for
    Fuzzy queries; inside the class's transaction, so undone after it."""
    for command in ("enable_unaccent", "enable_trigram", "enable_fuzzystrmatch"):
        call_command(command, verbosity=0, stdout=StringIO())


if connection.vendor == "postgresql":
    from modelsearch.tests import test_postgres_backend as stock

    TestOursPostgresSearchBackend = ours(
        stock.TestPostgresSearchBackend, setUpTestData=_with_fuzzy_extensions
    )

if connection.vendor == "sqlite":
    from modelsearch.tests import test_sqlite_backend as stock

    TestOursSQLiteSearchBackend = ours(stock.TestSQLiteSearchBackend)


class OurAdditions:
    """Defects found in ours that modelsearch's suite does not cover, on the same test app."""

    def test_the_admin_s_multi_word_autocomplete_takes_the_last_word_as_a_prefix(self):
        # Wagtail's page search autocompletes parse_query_string's PlainText, not a string.
        _filters, query = parse_query_string("programming ru", operator="and")
        results = self.backend.autocomplete(query, models.Book)
        self.assertCountEqual(
            [r.title for r in results], ["The Rust Programming Language", "Programming Rust"]
        )

    def test_a_query_without_terms_finds_nothing(self):
        _filters, query = parse_query_string("", zero_terms=MATCH_NONE)
        self.assertEqual(list(self.backend.search(query, models.Book)), [])

    def test_an_empty_queryset_finds_nothing_on_every_path(self):
        leaf = models.MPAnimal.objects.get(name="Dog")
        querysets = [
            models.MPAnimal.objects.none(),
            models.MPAnimal.objects.filter(pk__in=[]),
            leaf.get_descendants(),
        ]
        for queryset in querysets:
            for query in ("dog", Not(PlainText("cat")), MATCH_ALL):
                for by_relevance in (True, False):
                    with self.subTest(queryset=queryset, query=query, relevance=by_relevance):
                        results = self.backend.search(
                            query, queryset, order_by_relevance=by_relevance
                        )
                        self.assertEqual(results.count(), 0)
                        self.assertEqual(results[2:5].count(), 0)
                        self.assertEqual(list(results[:3]), [])
                        self.assertEqual(list(results), [])
                        self.assertEqual(results.facet("depth"), {})
            self.assertEqual(list(self.backend.autocomplete("do", queryset)), [])

    def test_a_page_past_the_first_window_keeps_the_queryset_s_order(self):
        results = self.backend.search(
            "the", models.Book.objects.order_by("title"), order_by_relevance=False
        )
        titles = [r.title for r in results]
        self.assertEqual(titles, sorted(titles))
        self.assertEqual([r.title for r in results[1:3]], titles[1:3])


def additions(vendor):
    name = f"TestOurs{vendor}Additions"
    return override_settings(MODELSEARCH_BACKENDS=BACKENDS, WAGTAILSEARCH_BACKENDS=BACKENDS)(
        type(name, (OurAdditions, BackendTestSetupMixin, TestCase), {
            "__module__": __name__, "__qualname__": name, "backend_path": OURS,
            "fixtures": FIXTURES,
        })
    )  # fmt: skip


if connection.vendor == "postgresql":
    TestOursPostgresAdditions = additions("Postgres")
if connection.vendor == "sqlite":
    TestOursSQLiteAdditions = additions("SQLite")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQLite run itself")
def test_sqlite_contract(tmp_path):
    """The SQLite classes, in a child pytest whose default database is SQLite."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'contract.sqlite3'}",
        SQLITE_ENV: "1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", __file__, "-q", "-p", "no:cacheprovider",
         "-o", "addopts=-ra --strict-markers", "-k", "TestOursSQLite"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    print(result.stdout[-5000:])
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
