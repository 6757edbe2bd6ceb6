"""What every Chinese backend does to text: segmented at index time, analysed at query time."""

from modelsearch.backends.base import EmptySearchResults
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import MatchAll, PlainText

from ..analysis import document_text
from ..query import analysed


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
