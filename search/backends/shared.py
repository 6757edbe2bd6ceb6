"""What our database backends share: analysed queries in, ranked ids out, objects back."""

from django.conf import settings
from django.db.models import TextField
from django.db.models.functions import Cast
from modelsearch.backends.base import EmptySearchResults
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import And, MatchAll, Not, Or, Phrase
from modelsearch.utils import get_descendants_content_types_pks

from ..analysis import document_text
from ..query import Words, analysed, prefix_words

TITLE_WEIGHT = 5.0


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
            return EmptySearchResults()
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)


class RankedSQLCompilerMixin:
    """Let the full-text index drive the query, in one SQL statement.

    The model queryset (with any filters, Exists() included) becomes an IN subquery on the
    index entries, so filters need no FilterField and are applied before ranking, and only one
    page of ids comes back. Subclasses provide `match_sql()` and `rank_sql()`.
    """

    prefix = False
    index_columns = ("title", "body")

    def check(self):
        """Every queryset filter runs in SQL here, so any filter is allowed."""

    def _entries_sql(self, select: str, connection):
        match_from, match_where, match_params = self.match_sql(self.query)
        objects = self.queryset.order_by().annotate(_oid=Cast("pk", TextField())).values("_oid")
        objects_sql, objects_params = objects.query.sql_with_params()
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        content_type_sql = ", ".join(["%s"] * len(content_types))
        sql = (
            f"SELECT {select} FROM {match_from} "
            f"WHERE {match_where} AND e.content_type_id IN ({content_type_sql}) "
            f"AND e.object_id IN ({objects_sql})"
        )
        return sql, [*match_params, *content_types, *objects_params]

    def ranked_ids(self, connection, start, stop) -> list[tuple[str, float]]:
        order = "score DESC" if self.order_by_relevance else "CAST(e.object_id AS BIGINT) DESC"
        sql, params = self._entries_sql(f"e.object_id, {self.rank_sql()} AS score", connection)
        start = start or 0
        # SQLite spells "no limit" -1, PostgreSQL NULL.
        no_limit = -1 if connection.vendor == "sqlite" else None
        sql += f" ORDER BY {order}, e.id LIMIT %s OFFSET %s"
        params += [no_limit if stop is None else stop - start, start]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self, connection) -> int:
        sql, params = self._entries_sql("1", connection)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) AS hits", params)
            return cursor.fetchone()[0]


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
