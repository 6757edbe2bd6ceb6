"""What our database backends share: analysed queries in, ranked ids out, objects back."""

from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db.models import Count, F, IntegerField, OrderBy, TextField, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, RowNumber
from modelsearch.backends.base import EmptySearchResults, FilterFieldError, SearchFieldError
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import And, Boost, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_descendants_content_types_pks

from ..analysis import document_text
from ..query import Words, analysed

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
    """Queries from anyone (our views, Wagtail's admin) are analysed the same way.

    A string is a PlainText with the `operator` asked for ("and" unless said otherwise, on
    every backend; anything but and/or is refused, as modelsearch does). As-you-type
    (autocomplete) text keeps every token, the last one a prefix; search text drops question
    words and lone Chinese characters (search.query.analyse). `None` is modelsearch's
    deprecated MATCH_ALL; query classes in `native_queries` go to modelsearch untouched."""

    native_queries: tuple[type, ...] = ()

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if query is None or isinstance(query, (MatchAll, *self.native_queries)):
            return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
        if isinstance(query, str):
            query = PlainText(query, operator=kwargs.get("operator") or "and")
        autocomplete = query_compiler_class is self.autocomplete_query_compiler_class
        query = analysed(query, autocomplete=autocomplete)
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


class _Constant:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


ALL = _Constant("ALL")  # the query matches every object of the queryset
NONE = _Constant("NONE")  # the query matches nothing


@dataclass(frozen=True)
class Without:
    """The matches of `include` that do not match `exclude`: FTS5 `a NOT b`, tsquery
    `a & !b` (FTS5 has no unary NOT)."""

    include: object
    exclude: object


def fold(query):
    """The query with MatchAll and MATCH_NONE (`Not(MatchAll())`) folded away: ALL, NONE or a
    tree without them. A Boost counts as its subquery: our rank is one rank of the whole
    query (title ×5 + body), as on stock SQLite."""
    if isinstance(query, MatchAll):
        return ALL
    if isinstance(query, Boost):
        return fold(query.subquery)
    if isinstance(query, Not):
        child = fold(query.subquery)
        return NONE if child is ALL else ALL if child is NONE else Not(child)
    if isinstance(query, And | Or):
        absorbing, neutral = (NONE, ALL) if isinstance(query, And) else (ALL, NONE)
        children = [fold(q) for q in query.subqueries]
        if any(c is absorbing for c in children):
            return absorbing
        children = [c for c in children if c is not neutral]
        if not children:
            return neutral
        return children[0] if len(children) == 1 else type(query)(children)
    return query


def _joined(cls, items):
    return items[0] if len(items) == 1 else cls(items)


def signed(query) -> tuple[bool, object]:
    """(True, q): the matches of q; (False, q): every object except the matches of q, with
    negations inside q only as `Without`: And(a, Not(b)) is a NOT b, Or(a, Not(b)) is every
    object except b NOT a (De Morgan)."""
    if isinstance(query, Not):
        positive, expression = signed(query.subquery)
        return not positive, expression
    if isinstance(query, And | Or):
        included, excluded = [], []
        for child in query.subqueries:
            positive, expression = signed(child)
            (included if positive else excluded).append(expression)
        if isinstance(query, And):
            if not included:
                return False, _joined(Or, excluded)
            if not excluded:
                return True, _joined(And, included)
            return True, Without(_joined(And, included), _joined(Or, excluded))
        if not excluded:
            return True, _joined(Or, included)
        if not included:
            return False, _joined(And, excluded)
        return False, Without(_joined(And, excluded), _joined(Or, included))
    return True, query


class RankedSQLCompilerMixin:
    """Let the full-text index drive the query, in one SQL statement.

    The model queryset (with any filters) becomes an IN subquery on the index entries, so
    filters need no FilterField and are applied before ranking. One statement returns a page
    of ranked ids with the number of matches: the search results share their compiler, so
    the count and the first `WINDOW` results (the first pages) cost one query. Subclasses
    provide `match_sql()` and `rank_sql()`.

    With `order_by_relevance=False` the page is in the queryset's order (`-pk` when it has
    none, as modelsearch does), numbered in the same statement. A negated query (`Not(q)`,
    `Or(a, Not(b))`) lists the queryset's objects that do not match.
    """

    prefix = False
    _window = None  # (count, [(object_id, score)] of the first WINDOW results)

    def check(self):
        """Every queryset filter and ordering runs in SQL here, so any is allowed; the
        fields to search must be search fields of the model, as in modelsearch."""
        if not self.fields:
            return
        allowed = {f.field_name for f in self.queryset.model.get_searchable_search_fields()}
        for field_name in self.fields:
            if field_name not in allowed:
                raise SearchFieldError(
                    f'Cannot search with field "{field_name}". Please add '
                    f'index.SearchField("{field_name}") to '
                    f"{self.queryset.model.__name__}.search_fields.",
                    field_name=field_name,
                )

    @property
    def index_columns(self) -> tuple[str, ...]:
        """Index columns searched: the title, the body (every other field), or both. With
        `fields`, "title" is the title column and any other field the body."""
        if not self.fields:
            return ("title", "body")
        wanted = {"title" if name == "title" else "body" for name in self.fields}
        return tuple(column for column in ("title", "body") if column in wanted)

    @cached_property
    def plan(self):
        """ALL, NONE, or (positive, expression) from `signed`."""
        folded = fold(self.query)
        if folded is ALL or folded is NONE:
            return folded
        return signed(folded)

    @cached_property
    def _integer_key(self) -> bool:
        pk = self.queryset.model._meta.pk
        return isinstance(pk.target_field if pk.is_relation else pk, IntegerField)

    def objects_condition_sql(self, content_types):
        """The entry is of the model's content types and its object is in the queryset.

        Object ids are text in the index. When the model's key is an integer they are
        compared as integers, cast only for the model's own content types (the CASE is NULL
        for others, which leaves them out): the database then semi-joins on the key
        instead of casting every object's key to text. There is no separate content-type
        condition then: PostgreSQL's planner would read it through the content-type index
        and then every lesson's text to match it."""
        placeholders = ", ".join(["%s"] * len(content_types))
        if self._integer_key:
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

    def _entries_sql(self, expression, select: str):
        match_from, match_where, match_params = self.match_sql(expression)
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        objects_sql, objects_params = self.objects_condition_sql(content_types)
        sql = f"SELECT {select} FROM {match_from} WHERE {match_where} AND {objects_sql}"
        return sql, [*match_params, *objects_params]

    def _unmatched_sql(self, expression):
        """(id, object_id, score) of the queryset's objects that do not match."""
        match_from, match_where, match_params = self.match_sql(expression)
        content_types = list(get_descendants_content_types_pks(self.queryset.model))
        placeholders = ", ".join(["%s"] * len(content_types))
        matched = (
            f"SELECT e.object_id FROM {match_from} WHERE {match_where} "
            f"AND e.content_type_id IN ({placeholders})"
        )
        key = F("pk") if self._integer_key else Cast("pk", TextField())
        objects = self.queryset.order_by().annotate(_oid=key).values("_oid")
        objects_sql, objects_params = objects.query.sql_with_params()
        if self._integer_key:
            object_id = f"CAST(o._oid AS {self.text_type})"
            matched = f"SELECT CAST(m.object_id AS {self.integer_type}) FROM ({matched}) AS m"
        else:
            object_id = "o._oid"
        sql = (
            f"SELECT o._oid AS id, {object_id} AS object_id, 0.0 AS score "
            f"FROM ({objects_sql}) AS o WHERE o._oid NOT IN ({matched})"
        )
        return sql, [*objects_params, *match_params, *content_types]

    def hits_sql(self):
        positive, expression = self.plan
        if positive:
            return self._entries_sql(expression, f"e.id, e.object_id, {self.rank_sql()} AS score")
        return self._unmatched_sql(expression)

    def _hit_key(self, column: str) -> str:
        return f"CAST({column} AS {self.integer_type})" if self._integer_key else column

    def ordered_sql(self):
        """The hits' objects numbered in the queryset's order (`_rn`), from the `hits` CTE."""
        order = []
        for item in self.queryset.query.order_by or ["-pk"]:
            if isinstance(item, str):
                if item == "?":
                    continue
                order.append(F(item[1:]).desc() if item.startswith("-") else F(item).asc())
            else:
                order.append(item if isinstance(item, OrderBy) else item.asc())
        order.append(F("pk").desc())  # a total order: pages neither repeat nor skip
        key = F("pk") if self._integer_key else Cast("pk", TextField())
        ordered = (
            self.queryset.order_by()
            .annotate(_oid=key)
            .filter(_oid__in=RawSQL(f"SELECT {self._hit_key('object_id')} FROM hits", []))
            .annotate(_rn=Window(RowNumber(), order_by=order))
            .values("_oid", "_rn")
        )
        return ordered.query.sql_with_params()

    def ranked_sql(self, start: int, stop: int | None):
        """Rows of (object_id, score, number of matches) for start:stop."""
        hits_sql, params = self.hits_sql()
        limit = [self.no_limit if stop is None else stop - start, start]
        count = "(SELECT count(*) FROM hits)"
        if self.order_by_relevance:
            sql = (
                f"WITH hits AS MATERIALIZED ({hits_sql}) "
                f"SELECT object_id, score, {count} FROM hits "
                "ORDER BY score DESC, id LIMIT %s OFFSET %s"
            )
            return sql, [*params, *limit]
        ordered_sql, ordered_params = self.ordered_sql()
        sql = (
            f"WITH hits AS MATERIALIZED ({hits_sql}), ordered AS ({ordered_sql}) "
            f"SELECT hits.object_id, hits.score, {count} FROM hits "
            f"JOIN ordered ON ordered._oid = {self._hit_key('hits.object_id')} "
            "ORDER BY ordered._rn LIMIT %s OFFSET %s"
        )
        return sql, [*params, *ordered_params, *limit]

    def execute(self, connection, sql, params) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def ranked_with_count(self, connection, start, stop):
        try:
            sql, params = self.ranked_sql(start, stop)
        except EmptyResultSet:
            # The queryset can have no rows (.none(), pk__in=[], a leaf page's
            # get_descendants()): Django refuses to write its SQL. Nothing is found.
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


def leaves_sql(query, *, word, words_join, and_join, or_join, phrase, without, prefix=False):
    """Render an analysed, signed query tree (see `signed`) in a full-text dialect (FTS5
    MATCH, to_tsquery). With `prefix`, the last word of the query is a prefix."""

    def render(node, last):
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
            children = node.subqueries
            rendered = [
                render(child, last and i == len(children) - 1) for i, child in enumerate(children)
            ]
            return "(" + (and_join if isinstance(node, And) else or_join).join(rendered) + ")"
        if isinstance(node, Without):
            return without(render(node.include, last), render(node.exclude, False))
        raise NotImplementedError(f"{type(node).__name__} is not supported")

    return render(query, True)


class RankedResultsMixin:
    """Results read ranked ids from the compiler and load the objects in that order."""

    def _connection(self):
        from django.db import connections, router

        return connections[router.db_for_read(self.query_compiler.queryset.model)]

    def _native(self) -> bool:
        """A query modelsearch's own backend answers (Fuzzy on PostgreSQL)."""
        return isinstance(self.query_compiler.query, self.backend.native_queries)

    def _do_search(self):
        if self._native():
            return super()._do_search()
        compiler = self.query_compiler
        if compiler.plan is ALL:
            return list(compiler.queryset[self.start : self.stop])
        if compiler.plan is NONE:
            return []
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

    def ranked_pks(self, limit: int) -> list:
        """The keys of the first `limit` results in ranked order, without loading the
        objects (the hybrid ranking reads a window of them)."""
        compiler = self.query_compiler
        if self._native() or compiler.plan is ALL:
            return [obj.pk for obj in self[:limit]]
        if compiler.plan is NONE:
            return []
        pk = compiler.queryset.model._meta.pk
        return [pk.to_python(oid) for oid, _ in compiler.ranked_ids(self._connection(), 0, limit)]

    def _do_count(self):
        if self._native():
            return super()._do_count()
        compiler = self.query_compiler
        if compiler.plan is ALL:
            return compiler.queryset[self.start : self.stop].count()
        if compiler.plan is NONE:
            return 0
        total = compiler.count(self._connection())
        stop = total if self.stop is None else min(total, self.stop)
        return max(0, stop - self.start)

    def _matching_queryset(self):
        compiler = self.query_compiler
        if compiler.plan is ALL:
            return compiler.queryset
        if compiler.plan is NONE:
            return compiler.queryset.none()
        pk = compiler.queryset.model._meta.pk
        ids = [pk.to_python(oid) for oid, _ in compiler.ranked_ids(self._connection(), 0, None)]
        return compiler.queryset.filter(pk__in=ids)

    def facet(self, field_name):
        """The number of matches per value of a FilterField, most frequent first."""
        compiler = self.query_compiler
        if compiler._get_filterable_field(field_name) is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add '
                f"index.FilterField('{field_name}') to "
                f"{compiler.queryset.model.__name__}.search_fields.",
                field_name=field_name,
            )
        if self._native():
            return super().facet(field_name)
        results = (
            self._matching_queryset()
            .values(field_name)
            .annotate(count=Count("pk"))
            .order_by("-count")
        )
        return OrderedDict((result[field_name], result["count"]) for result in results)
