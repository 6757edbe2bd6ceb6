"""Elasticsearch 8 backend (production): the same Chinese analysis as the database backends.

`WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.elasticsearch", ...}}`.

- Documents carry pre-segmented text: every SearchField and AutocompleteField value (nested
  RelatedFields values included) goes through `search.analysis.document_text`, so `_all_text`,
  `_all_text_boost_*` (filled by `copy_to`) and `_edgengrams` hold the same space-separated tokens
  the database backends index.
- The index analyses that text with a `whitespace` tokenizer and `lowercase` only, at index and
  search time, so Elasticsearch never re-splits Chinese (its `standard` tokenizer would cut it
  into single characters). Autocomplete fields add an `edge_ngram` filter at index time and are
  searched with the plain whitespace analyser.
- The search analyser of text fields also has a `synonym_graph` filter with the editors' synonym
  groups, read when an index is created (`update_index`). Queries are expanded with the same
  groups in `search/query.py` on every backend, so a synonym list that is stale between
  re-indexes loses no match; the index-side filter is a second, redundant path.
- Queries are analysed by `AnalysingBackendMixin` (strings from anyone, Wagtail's admin
  included) and combined with AND, as on the database backends.
- Queryset filters that modelsearch cannot translate (Exists(), many-to-many lookups, fields
  without a FilterField) become an exact `terms` filter on the stored `pk` field, with the ids
  the database returns for the filtered queryset.

See docs/search-elasticsearch.md.
"""

from copy import deepcopy

from django.db.models import QuerySet
from django.db.models.expressions import Col
from django.db.models.functions.datetime import Extract as ExtractDate
from django.db.models.lookups import Lookup
from django.db.models.sql import Query
from modelsearch.backends.base import FilterError, FilterFieldError
from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8Index,
    Elasticsearch8Mapping,
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
    Elasticsearch8SearchResults,
)
from modelsearch.backends.elasticsearchbase import ElasticsearchAutocompleteQueryCompilerImpl
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import deep_update

from .. import synonyms
from ..analysis import document_text
from .analysing import AnalysingBackendMixin

# Analyser names in the index settings.
TEXT_ANALYZER = "chinese_text"  # whitespace + lowercase: text fields at index time
SEARCH_ANALYZER = "chinese_search"  # the same, plus the synonym filter: text fields at search time
AUTOCOMPLETE_ANALYZER = "chinese_edgengram"  # whitespace + lowercase + edge n-grams
AUTOCOMPLETE_SEARCH_ANALYZER = TEXT_ANALYZER
EDGENGRAM_FILTER = "chinese_edgengram"
SYNONYM_FILTER = "chinese_synonyms"

# Elasticsearch's default `index.max_terms_count`: the most ids a `terms` filter may list.
MAX_FILTER_IDS = 65536

_UNSET = object()
_SOLR_SPECIAL = str.maketrans({c: "\\" + c for c in "\\,=>#"})


def synonym_line(group) -> str:
    """One synonym group as a `synonym_graph` rule (Solr format, all terms equivalent):
    (("网瘾",), ("沉迷", "网络游戏")) → "网瘾, 沉迷 网络游戏". Each term is its tokens joined by
    spaces, as the whitespace tokenizer reads them; characters the rule syntax gives a meaning
    (, => \\ #) are escaped."""
    return ", ".join(" ".join(token.translate(_SOLR_SPECIAL) for token in term) for term in group)


def index_settings(synonym_groups=()) -> dict:
    """The body of `indices.create`: our analysers, and the synonym filter when there are
    synonym groups (an empty `synonyms` list is left out rather than sent)."""
    lines = [synonym_line(group) for group in synonym_groups]
    filters = {EDGENGRAM_FILTER: {"type": "edge_ngram", "min_gram": 1, "max_gram": 15}}
    search_filters = ["lowercase"]
    if lines:
        # lenient: a rule Elasticsearch cannot parse is skipped instead of failing the
        # (re-)index; the query-side expansion in search/query.py still covers it.
        filters[SYNONYM_FILTER] = {"type": "synonym_graph", "synonyms": lines, "lenient": True}
        search_filters.append(SYNONYM_FILTER)
    return {
        "settings": {
            "analysis": {
                "analyzer": {
                    TEXT_ANALYZER: {
                        "type": "custom",
                        "tokenizer": "whitespace",
                        "filter": ["lowercase"],
                    },
                    SEARCH_ANALYZER: {
                        "type": "custom",
                        "tokenizer": "whitespace",
                        "filter": search_filters,
                    },
                    AUTOCOMPLETE_ANALYZER: {
                        "type": "custom",
                        "tokenizer": "whitespace",
                        "filter": ["lowercase", EDGENGRAM_FILTER],
                    },
                },
                "filter": filters,
            },
        }
    }


def _segmented(value):
    if isinstance(value, str):
        return document_text(value)
    if isinstance(value, list | tuple):
        return [_segmented(item) for item in value]
    return value


class ChineseElasticsearchMapping(Elasticsearch8Mapping):
    edgengram_analyzer_config = {
        "analyzer": AUTOCOMPLETE_ANALYZER,
        "search_analyzer": AUTOCOMPLETE_SEARCH_ANALYZER,
    }

    def get_mapping(self):
        """modelsearch's, with our analysers on every text field (nested ones and
        `_all_text*` included) that does not name its own (autocomplete fields do)."""
        mapping = super().get_mapping()

        def set_analyzers(properties):
            for field_mapping in properties.values():
                if field_mapping.get("type") == "text" and "analyzer" not in field_mapping:
                    field_mapping["analyzer"] = TEXT_ANALYZER
                    field_mapping["search_analyzer"] = SEARCH_ANALYZER
                elif field_mapping.get("type") == "nested":
                    set_analyzers(field_mapping["properties"])

        set_analyzers(mapping["properties"])
        return mapping

    def _is_text(self, field) -> bool:
        """Whether the field is indexed as a `text` field (what get_field_mapping decides)."""
        if isinstance(field, AutocompleteField):
            return True
        return isinstance(field, SearchField) and (
            self.type_map.get(field.get_type(self.model), "string") == "string"
        )

    def _get_document_field_data(self, field, obj):
        """Text values as space-separated tokens. Nested documents are built by this method
        too (on the related model's mapping), and `_edgengrams` is made of the values
        returned here, so both are segmented once."""
        name, value, edgengrams = super()._get_document_field_data(field, obj)
        if self._is_text(field):
            value = _segmented(value)
            edgengrams = [_segmented(item) for item in edgengrams]
        return name, value, edgengrams


class TooManyFilterIdsError(FilterError):
    """The filtered queryset has more ids than one `terms` filter may list."""


class ChineseElasticsearchSearchQueryCompiler(Elasticsearch8SearchQueryCompiler):
    mapping_class = ChineseElasticsearchMapping
    DEFAULT_OPERATOR = "and"  # as on the database backends (modelsearch's ES default is "or")
    max_filter_ids = MAX_FILTER_IDS

    _queryset_filter = _UNSET

    def check(self):
        """modelsearch's checks, except that any queryset filter is allowed: what the stock
        translation cannot express is applied as a filter on the ids (see _pk_filter)."""
        try:
            super().check()
        except (FilterError, FilterFieldError):
            list(self._get_order_by())  # the ordering check that the filter error skipped

    def _get_filters_from_where_node(self, where_node, check_only=False):
        """modelsearch's, but a lookup on anything other than a column (such as the
        `Exact(Exists(...), True)` Django makes of `filter(Exists(...))`) or against a
        subquery (`pk__in=queryset`, which modelsearch turns into a wrong filter) is
        reported as a FilterError, so the ids filter is used."""
        if isinstance(where_node, Lookup):
            column = where_node.lhs
            if isinstance(column, ExtractDate):
                column = column.lhs
            if not isinstance(column, Col) or isinstance(where_node.rhs, Query | QuerySet):
                # Exists(...), or `pk IN (subquery)`, which modelsearch would mistranslate.
                raise FilterError(f"Cannot translate the filter {where_node!r} for Elasticsearch.")
        return super()._get_filters_from_where_node(where_node, check_only=check_only)

    def _get_filters_from_queryset(self, check_only=False):
        if check_only:
            return super()._get_filters_from_queryset(check_only=True)
        # Computed once per compiler: a search's count and its pages share it.
        if self._queryset_filter is _UNSET:
            try:
                self._queryset_filter = super()._get_filters_from_queryset()
            except (FilterError, FilterFieldError):
                self._queryset_filter = self._pk_filter()
        return self._queryset_filter

    def _pk_filter(self) -> dict:
        """The queryset's filters as the ids it selects in the database: exact, whatever the
        filters are, at the cost of one query for the ids. Limited to `max_filter_ids`
        (Elasticsearch's `index.max_terms_count`)."""
        limit = self.max_filter_ids
        ids = list(self.queryset.order_by().values_list("pk", flat=True)[: limit + 1])
        if len(ids) > limit:
            raise TooManyFilterIdsError(
                f"Cannot filter search results on {self.queryset.model.__name__}: the filters "
                f"select more than {limit} objects, the most one Elasticsearch terms filter "
                "may list. Narrow the queryset or use filters on index.FilterField fields only."
            )
        if not ids:
            return self._process_match_none()
        return {"terms": {"pk": [str(pk) for pk in ids]}}

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        """Always state the operator, and let a multi-word synonym from the index's synonym
        filter match as an AND of its words (not as a phrase), as search/query.py does."""
        compiled = super()._compile_plaintext_query(query, fields, boost)
        if "match" in compiled:
            (match_query,) = compiled["match"].values()
        else:
            match_query = compiled["multi_match"]
        match_query["operator"] = query.operator
        match_query["auto_generate_synonyms_phrase_query"] = False
        return compiled


class ChineseElasticsearchAutocompleteQueryCompiler(
    ElasticsearchAutocompleteQueryCompilerImpl, ChineseElasticsearchSearchQueryCompiler
):
    mapping_class = ChineseElasticsearchMapping


class ChineseElasticsearchIndex(Elasticsearch8Index):
    def put(self):
        """Create the index with the synonym groups as they are now."""
        self.es.indices.create(index=self.name, **self.backend.get_index_settings())

    def exists(self):
        # modelsearch passes the name positionally, which the 8.x client refuses.
        return bool(self.es.indices.exists(index=self.name))


class ChineseElasticsearchSearchResults(Elasticsearch8SearchResults):
    pass


class ChineseElasticsearchSearchBackend(AnalysingBackendMixin, Elasticsearch8SearchBackend):
    mapping_class = ChineseElasticsearchMapping
    index_class = ChineseElasticsearchIndex
    query_compiler_class = ChineseElasticsearchSearchQueryCompiler
    autocomplete_query_compiler_class = ChineseElasticsearchAutocompleteQueryCompiler
    results_class = ChineseElasticsearchSearchResults
    # Replaces modelsearch's analysis (standard tokenizer, ngram analysers) entirely.
    # INDEX_SETTINGS from the backend's configuration are merged over it, as in modelsearch.
    settings = index_settings()

    def __init__(self, params):
        self.index_settings_overrides = deepcopy(params.get("INDEX_SETTINGS", {}))
        super().__init__(params)

    def get_index_settings(self, synonym_groups=None) -> dict:
        """The `indices.create` body: our analysis with the editors' synonym groups (read now
        unless given), then the configured INDEX_SETTINGS over it."""
        if synonym_groups is None:
            synonym_groups = synonyms.groups()
        return deep_update(index_settings(synonym_groups), deepcopy(self.index_settings_overrides))


SearchBackend = ChineseElasticsearchSearchBackend
