"""Ranked ids and their count from the full-text index in one SQL statement (the database
backends' query compilers; the dialect is the subclass's)."""

from functools import cached_property

from django.core.exceptions import EmptyResultSet
from django.db.models import F, IntegerField, OrderBy, TextField, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, RowNumber
from modelsearch.backends.base import SearchFieldError
from modelsearch.utils import get_descendants_content_types_pks

from .query_tree import ALL, NONE, fold, signed

TITLE_WEIGHT = 5.0
WINDOW = 100  # ranked ids fetched with the count: the first ten pages


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
