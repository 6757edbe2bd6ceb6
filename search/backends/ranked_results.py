"""Search results of the database backends: ranked ids read from the compiler
(`ranked_sql`), objects loaded in that order."""

from collections import OrderedDict

from django.db.models import Count
from modelsearch.backends.base import FilterFieldError

from .query_tree import ALL, NONE


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
