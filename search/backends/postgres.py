"""PostgreSQL backend ("production-lite"): pre-segmented text in `simple` tsvectors.

The body vector holds the title's words too (unweighted), so one column answers the match:
`e.body @@ query` uses modelsearch's GIN index on `body`, without reading any vector.

Ranking reads the vectors, which is what costs time when a word (孩子, 家长) is in nearly
every lesson. One statement therefore does the count and the ranking (the results share
their compiler, so the count and the first pages cost one query), and only the
`CANDIDATES` matches with the best title rank (cheap: titles are short and stored inline)
get the full rank with the body and come first: exact whenever a query matches no more
lessons than that. The search page never shows more (MAX_PAGE × PER_PAGE); a slice past
them (an open-ended one, an admin listing's far pages) ranks the rest after them.
"""

from django.db import transaction
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    ObjectIndexer,
    PostgresAutocompleteQueryCompiler,
    PostgresIndex,
    PostgresSearchBackend,
    PostgresSearchQueryCompiler,
    PostgresSearchResults,
)
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import Fuzzy
from modelsearch.utils import get_content_type_pk

from .analysing import AnalysingBackendMixin, SegmentingIndexerMixin
from .query_tree import leaves_sql
from .ranked_results import RankedResultsMixin
from .ranked_sql import TITLE_WEIGHT, RankedSQLCompilerMixin

ENTRIES = IndexEntry._meta.db_table
CONFIG = "simple"  # the text is segmented already; no stemming, no stop words
BATCH = 500
CANDIDATES = 500  # matches ranked with the body; more are preselected by title rank


def _word(token: str, prefix: bool) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'" + (":*" if prefix else "")


def tsquery_text(query, prefix=False) -> str:
    """to_tsquery input: ('孩子' & ('网瘾' | ('沉迷' & '网络游戏')))."""
    return leaves_sql(
        query,
        word=_word,
        words_join=" & ",
        and_join=" & ",
        or_join=" | ",
        phrase=lambda tokens: "(" + " <-> ".join(_word(t, False) for t in tokens) + ")",
        without=lambda include, exclude: f"({include} & !{exclude})",
        prefix=prefix,
    )


class SegmentingObjectIndexer(SegmentingIndexerMixin, ObjectIndexer):
    def _text(self, wanted) -> str:
        return " ".join(
            value
            for field in self.search_fields
            for current, _weight, value in self.prepare_field(self.obj, field)
            if wanted(current) and value
        )


class ChinesePostgresIndex(PostgresIndex):
    def add_items(self, model, objs):
        """Upsert entries in batches: title weighted A, body and autocomplete as they come.
        No title-norm refresh: our rank does not use it (modelsearch's rescans every entry)."""
        if not model.get_search_fields():
            return
        content_type = get_content_type_pk(model)
        rows = []
        for obj in objs:
            indexer = SegmentingObjectIndexer(obj, self.backend)
            title = indexer._text(lambda f: isinstance(f, SearchField) and f.field_name == "title")
            body = indexer._text(lambda f: isinstance(f, SearchField) and f.field_name != "title")
            autocomplete = indexer._text(lambda f: isinstance(f, AutocompleteField))
            # The body vector holds the title's words too: the match reads the body only.
            matched = f"{title} {body}"
            rows.append((content_type, indexer.id, title, autocomplete, matched, title, body))
        vector = f"to_tsvector('{CONFIG}', %s)"
        row_sql = f"(%s, %s, setweight({vector}, 'A'), {vector}, {vector}, 1.0, %s, %s)"
        with self.write_connection.cursor() as cursor:
            for i in range(0, len(rows), BATCH):
                batch = rows[i : i + BATCH]
                cursor.execute(
                    f"INSERT INTO {ENTRIES} (content_type_id, object_id, title, autocomplete, "
                    "body, title_norm, title_text, body_text) VALUES "
                    + ", ".join([row_sql] * len(batch))
                    + " ON CONFLICT (content_type_id, object_id) DO UPDATE SET "
                    "title = EXCLUDED.title, autocomplete = EXCLUDED.autocomplete, "
                    "body = EXCLUDED.body, title_text = EXCLUDED.title_text, "
                    "body_text = EXCLUDED.body_text",
                    [value for row in batch for value in row],
                )

    def _refresh_title_norms(self, full=False):
        """Not used by our ranking."""


class PostgresSQLMixin:
    integer_type = "bigint"
    text_type = "text"
    no_limit = None

    def execute(self, connection, sql, params) -> list[tuple]:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            # The planner does not charge for reading (de-TOASTing) a body vector, so for a
            # word in most lessons it would read every entry's body rather than the GIN
            # index: several times slower. With that setting the estimates grow past
            # jit_above_cost, and compiling costs more than these queries take.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(sql, params)
            return cursor.fetchall()


class ChinesePostgresSearchQueryCompiler(
    PostgresSQLMixin, RankedSQLCompilerMixin, PostgresSearchQueryCompiler
):
    candidates = CANDIDATES

    @property
    def vector(self) -> str:
        """The body vector holds the title's words too; the title vector only them."""
        return "e.title" if self.index_columns == ("title",) else "e.body"

    def match_sql(self, query):
        text = tsquery_text(query, prefix=self.prefix)
        return (
            f"{ENTRIES} AS e, to_tsquery('{CONFIG}', %s) AS q",
            f"{self.vector} @@ q",
            [text],
        )

    def rank_sql(self) -> str:
        # Body rank divided by 1 + log(length) so long documents do not win by size.
        return f"ts_rank(e.title, q) * {TITLE_WEIGHT} + ts_rank(e.body, q, 1)"

    def ranked_sql(self, start, stop):
        """By relevance: the `candidates` matches with the best title rank get the full rank
        and come first; the other matches follow in full-rank order. Every slice reads the
        same order, so pages neither repeat nor skip a lesson; a slice within the candidates
        (every page of the search page) ranks only them."""
        if not self.order_by_relevance or not self.plan[0]:
            return super().ranked_sql(start, stop)
        hits_sql, params = self._entries_sql(
            self.plan[1], "e.id, ts_rank(e.title, q) AS title_rank"
        )
        if stop is not None and stop <= self.candidates:
            rows, tier = "candidates AS c", ""
        else:
            rows, tier = "hits AS c LEFT JOIN candidates AS p ON p.id = c.id", "p.id IS NULL, "
        sql = (
            f"WITH hits AS MATERIALIZED ({hits_sql}), "
            "candidates AS (SELECT id FROM hits ORDER BY title_rank DESC, id DESC LIMIT %s) "
            f"SELECT e.object_id, {self.rank_sql()} AS score, (SELECT count(*) FROM hits) "
            f"FROM {rows} JOIN {ENTRIES} AS e ON e.id = c.id, "
            f"to_tsquery('{CONFIG}', %s) AS q ORDER BY {tier}score DESC, e.id LIMIT %s OFFSET %s"
        )
        limit = None if stop is None else stop - start
        return sql, [*params, self.candidates, params[0], limit, start]


class ChinesePostgresAutocompleteQueryCompiler(
    PostgresSQLMixin, RankedSQLCompilerMixin, PostgresAutocompleteQueryCompiler
):
    prefix = True
    vector = "e.autocomplete"  # whatever `fields` asks: one column holds them all
    match_sql = ChinesePostgresSearchQueryCompiler.match_sql

    def rank_sql(self) -> str:
        return "ts_rank(e.autocomplete, q)"


class ChinesePostgresSearchResults(RankedResultsMixin, PostgresSearchResults):
    pass


class ChinesePostgresSearchBackend(AnalysingBackendMixin, PostgresSearchBackend):
    # Fuzzy matching is modelsearch's (pg_trgm similarity on the entries' text); it says
    # which extension to enable when it is missing.
    native_queries = (Fuzzy,)
    query_compiler_class = ChinesePostgresSearchQueryCompiler
    autocomplete_query_compiler_class = ChinesePostgresAutocompleteQueryCompiler
    index_class = ChinesePostgresIndex
    results_class = ChinesePostgresSearchResults

    def __init__(self, params):
        super().__init__({**params, "SEARCH_CONFIG": CONFIG})
