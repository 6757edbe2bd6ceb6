"""What our database backends share: analysed queries in, ranked ids out, objects back."""

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField, TextField
from django.db.models.functions import Cast
from modelsearch.backends.base import EmptySearchResults
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import And, MatchAll, Not, Or, Phrase
from modelsearch.utils import get_descendants_content_types_pks

from ..analysis import document_text
from ..query import Words, analysed, prefix_words

TITLE_WEIGHT = 5.0
WINDOW = 100  # ranked ids fetched with the count: the first ten pages


class SegmentingIndexerMixin:
    """Index every searchable text as space-separated Chinese tokens."""

    def prepare_field(self, obj, field):
        if isinstance(field, SearchField | AutocompleteField):
            for item in super().prepare_field(obj, field):
                yield (*item[:-1], document_text(item[-1]))
        else:
            yield from super().prepare_field(obj, field)


class AnalysingBackendMixin:
    """Queries from anyone (our views, Wagtail's admin) are analysed the same way."""

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if query_compiler_class is self.autocomplete_query_compiler_class and isinstance(
            query, str
        ):
            query = prefix_words(query[: settings.SEARCH_MAX_QUERY_CHARS])
        elif not isinstance(query, MatchAll):
            query = analysed(query)
        if query is None:
            model = getattr(model_or_queryset, "model", model_or_queryset)
            return NoResults(model)
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


class NoResults(EmptySearchResults):
    """Nothing searchable in the query (`"`, `*`, stop words): no results, of the model
    searched, as a queryset would be: Wagtail's listings read `.model` (else a 500)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def _clone(self):
        return self.__class__(self.model)


class RankedSQLCompilerMixin:
    """Let the full-text index drive the query, in one SQL statement.

    The model queryset (with any filters) becomes an IN subquery on the index entries, so
    filters need no FilterField and are applied before ranking. One statement returns a page
    of ranked ids with the number of matches: the search results share their compiler, so
    the count and the first `WINDOW` results (the first pages) cost one query. Subclasses
    provide `match_sql()` and `rank_sql()`.
    """

    prefix = False
    index_columns = ("title", "body")
    _window = None  # (count, [(object_id, score)] of the first WINDOW results)

    def check(self):
        """Every queryset filter runs in SQL here, so any filter is allowed."""

    def objects_condition_sql(self, content_types):
        """The entry is of the model's content types and its object is in the queryset.

        Object ids are text in the index. When the model's key is an integer they are
        compared as integers, cast only for the model's own content types (the CASE is NULL
        for others, which leaves them out): the database then semi-joins on the key
        instead of casting every object's key to text. There is no separate content-type
        condition then: PostgreSQL's planner would read it through the content-type index
        and then every lesson's text to match it."""
        pk = self.queryset.model._meta.pk
        placeholders = ", ".join(["%s"] * len(content_types))
        if isinstance(pk.target_field if pk.is_relation else pk, IntegerField):
            objects = self.queryset.order_by().values("pk")
            objects_sql, objects_params = objects.query.sql_with_params()
            object_id = (
                f"CASE WHEN e.content_type_id IN ({placeholders}) "
                f"THEN CAST(e.object_id AS {self.integer_type}) END"
            )
            return f"{object_id} IN ({objects_sql})", [*content_types, *objects_params]
        objects = self.queryset.order_by().annotate(_oid=Cast("pk", TextField())).values("_oid")
        objects_sql, objects_params = objects.query.sql_with_params()
        return (
            f"e.content_type_id IN ({placeholders}) AND e.object_id IN ({objects_sql})",
            [*content_types, *objects_params],
        )

    def _entries_sql(self, select: str):
        match_from, match_where, match_params = self.match_sql(self.query)
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        objects_sql, objects_params = self.objects_condition_sql(content_types)
        sql = f"SELECT {select} FROM {match_from} WHERE {match_where} AND {objects_sql}"
        return sql, [*match_params, *objects_params]

    def ranked_sql(self, start: int, stop: int | None):
        """Rows of (object_id, score, number of matches) for start:stop."""
        hits_sql, params = self._entries_sql(f"e.id, e.object_id, {self.rank_sql()} AS score")
        order = "score DESC" if self.order_by_relevance else f"{self.object_id_order} DESC"
        sql = (
            f"WITH hits AS MATERIALIZED ({hits_sql}) "
            "SELECT object_id, score, (SELECT count(*) FROM hits) FROM hits "
            f"ORDER BY {order}, id LIMIT %s OFFSET %s"
        )
        return sql, [*params, self.no_limit if stop is None else stop - start, start]

    def execute(self, connection, sql, params) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def ranked_with_count(self, connection, start, stop):
        try:
            sql, params = self.ranked_sql(start, stop)
        except EmptyResultSet:
            # The queryset can have no rows (.none(), pk__in=[]: an admin chooser for a user
            # with no collection): Django refuses to write its SQL. Nothing is found.
            return [], 0
        rows = self.execute(connection, sql, params)
        if not rows:  # past the last match, or none
            return [], self.count(connection) if start else 0
        return [(object_id, score) for object_id, score, _count in rows], rows[0][2]

    def _first_window(self, connection):
        if self._window is None:
            ranked, count = self.ranked_with_count(connection, 0, WINDOW)
            self._window = (count, ranked)
        return self._window

    def ranked_ids(self, connection, start, stop) -> list[tuple[str, float]]:
        start = start or 0
        if stop is not None and stop <= WINDOW:
            return self._first_window(connection)[1][start:stop]
        return self.ranked_with_count(connection, start, stop)[0]

    def count(self, connection) -> int:
        return self._first_window(connection)[0]


def leaves_sql(query, *, word, words_join, and_join, or_join, phrase, prefix=False) -> str:
    """Render an analysed query tree in a full-text dialect (FTS5 MATCH, to_tsquery)."""

    def render(node, last=False):
        if isinstance(node, Words):
            tokens = list(node.tokens)
            rendered = [
                word(t, prefix and last and i == len(tokens) - 1) for i, t in enumerate(tokens)
            ]
            joined = words_join if node.operator == "and" else or_join
            return "(" + joined.join(rendered) + ")"
        if isinstance(node, Phrase):
            return phrase(node.query_string.split())
        if isinstance(node, And | Or):
            children = [render(child) for child in node.subqueries]
            return "(" + (and_join if isinstance(node, And) else or_join).join(children) + ")"
        if isinstance(node, Not):
            raise NotImplementedError("NOT queries are not supported")
        raise NotImplementedError(f"{type(node).__name__} is not supported")

    return render(query, last=True)


class RankedResultsMixin:
    """Results read ranked ids from the compiler and load the objects in that order."""

    def _connection(self):
        from django.db import connections, router

        return connections[router.db_for_read(self.query_compiler.queryset.model)]

    def _do_search(self):
        compiler = self.query_compiler
        if isinstance(compiler.query, MatchAll):
            return list(compiler.queryset[self.start : self.stop])
        ranked = compiler.ranked_ids(self._connection(), self.start, self.stop)
        pk = compiler.queryset.model._meta.pk
        ranked = [(pk.to_python(oid), score) for oid, score in ranked]
        objects = compiler.queryset.in_bulk([oid for oid, _ in ranked])
        results = []
        for oid, score in ranked:
            obj = objects.get(oid)
            if obj is not None:
                if self._score_field:
                    setattr(obj, self._score_field, score)
                results.append(obj)
        return results

    def _do_count(self):
        compiler = self.query_compiler
        if isinstance(compiler.query, MatchAll):
            return compiler.queryset.count()
        return compiler.count(self._connection())
