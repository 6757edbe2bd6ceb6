"""SQLite FTS5 backend for the embedded default (`make demo`)."""

from modelsearch.backends.database.sqlite.sqlite import (
    IndexEntry,
    ObjectIndexer,
    SQLiteAutocompleteQueryCompiler,
    SQLiteFTSIndexEntry,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
    SQLiteSearchResults,
)
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from .analysing import AnalysingBackendMixin, SegmentingIndexerMixin
from .query_tree import leaves_sql
from .ranked_results import RankedResultsMixin
from .ranked_sql import TITLE_WEIGHT, RankedSQLCompilerMixin

FTS = SQLiteFTSIndexEntry._meta.db_table if SQLiteFTSIndexEntry else None
ENTRIES = IndexEntry._meta.db_table


def _word(token: str, prefix: bool) -> str:
    return '"' + token.replace('"', '""') + '"' + ("*" if prefix else "")


def fts5_match(query, *, columns, prefix=False) -> str:
    """An FTS5 MATCH string limited to some columns: {title body} : ("孩子" AND "焦虑")."""
    expression = leaves_sql(
        query,
        word=_word,
        words_join=" AND ",
        and_join=" AND ",
        or_join=" OR ",
        phrase=lambda tokens: '"' + " ".join(t.replace('"', '""') for t in tokens) + '"',
        without=lambda include, exclude: f"({include} NOT {exclude})",
        prefix=prefix,
    )
    return "{" + " ".join(columns) + "} : " + expression


class SegmentingObjectIndexer(SegmentingIndexerMixin, ObjectIndexer):
    pass


class ChineseSQLiteIndex(SQLiteIndex):
    def add_items(self, model, objs):
        """modelsearch's, with our indexer and without the title-norm refresh (our rank is
        FTS5's bm25 with column weights, which needs none)."""
        if not model.get_search_fields():
            return
        content_type = get_content_type_pk(model)
        rows = {}
        for obj in objs:
            indexer = SegmentingObjectIndexer(obj, self.backend)
            rows[indexer.id] = (indexer.title, indexer.autocomplete, indexer.body)
        if not rows:
            return
        entries = self.entries.filter(content_type_id=content_type)
        existing = set(entries.filter(object_id__in=rows).values_list("object_id", flat=True))
        for object_id in existing:
            title, autocomplete, body = rows[object_id]
            entries.filter(object_id=object_id).update(
                title=title, autocomplete=autocomplete, body=body
            )
        self.entries.bulk_create(
            IndexEntry(
                content_type_id=content_type,
                object_id=object_id,
                title=title,
                autocomplete=autocomplete,
                body=body,
            )
            for object_id, (title, autocomplete, body) in rows.items()
            if object_id not in existing
        )

    def _refresh_title_norms(self, full=False):
        """Not used by our ranking; modelsearch's rescans the whole index on every save."""


class SQLiteSQLMixin:
    integer_type = "INTEGER"
    text_type = "TEXT"
    no_limit = -1


class ChineseSQLiteSearchQueryCompiler(
    SQLiteSQLMixin, RankedSQLCompilerMixin, SQLiteSearchQueryCompiler
):
    def match_sql(self, query):
        match = fts5_match(query, columns=self.index_columns, prefix=self.prefix)
        return f"{FTS} JOIN {ENTRIES} AS e ON e.id = {FTS}.rowid", f"{FTS} MATCH %s", [match]

    def ranked_sql(self, start: int, stop: int | None):
        """By relevance, the FTS table is read alone: the entries the queryset allows are
        collected once from the (content type, object id) index, each match is checked
        against that list by rowid, and only the page's rows are joined to their entries.
        Joining every match to its (text-heavy) entry row cost more than ranking them."""
        if not self.order_by_relevance or not self.plan[0]:
            return super().ranked_sql(start, stop)
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        objects_sql, objects_params = self.objects_condition_sql(content_types)
        match = fts5_match(self.plan[1], columns=self.index_columns, prefix=self.prefix)
        sql = (
            f"WITH hits AS MATERIALIZED (SELECT rowid AS id, {self.rank_sql()} AS score "
            f"FROM {FTS} WHERE {FTS} MATCH %s "
            f"AND +rowid IN (SELECT e.id FROM {ENTRIES} AS e WHERE {objects_sql})), "
            "page AS (SELECT id, score FROM hits ORDER BY score DESC, id LIMIT %s OFFSET %s) "
            "SELECT e.object_id, page.score, (SELECT count(*) FROM hits) "
            f"FROM page JOIN {ENTRIES} AS e ON e.id = page.id ORDER BY page.score DESC, page.id"
        )
        limit = self.no_limit if stop is None else stop - start
        return sql, [match, *objects_params, limit, start]

    def rank_sql(self) -> str:
        # FTS5 columns are (autocomplete, body, title); bm25 is lower-is-better.
        return f"-bm25({FTS}, 0.0, 1.0, {TITLE_WEIGHT})"


class ChineseSQLiteAutocompleteQueryCompiler(
    SQLiteSQLMixin, RankedSQLCompilerMixin, SQLiteAutocompleteQueryCompiler
):
    prefix = True
    index_columns = ("autocomplete",)  # whatever `fields` asks: one column holds them all
    match_sql = ChineseSQLiteSearchQueryCompiler.match_sql

    def rank_sql(self) -> str:
        return f"-bm25({FTS}, 1.0, 0.0, 0.0)"


class ChineseSQLiteSearchResults(RankedResultsMixin, SQLiteSearchResults):
    pass


class ChineseSQLiteSearchBackend(AnalysingBackendMixin, SQLiteSearchBackend):
    query_compiler_class = ChineseSQLiteSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseSQLiteAutocompleteQueryCompiler
    index_class = ChineseSQLiteIndex
    results_class = ChineseSQLiteSearchResults
