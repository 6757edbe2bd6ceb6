"""/api/v2/search/: the parents' search (search.service, as /search/ and /api/search/ use
it), its hits as lesson listings with a snippet. The same filters, page size (PER_PAGE),
page limit (MAX_PAGE) and query length limit (SEARCH_MAX_QUERY_CHARS) as /api/search/."""

from django.urls import path
from django.utils.translation import gettext as _
from rest_framework.response import Response

from search.query import QueryError
from search.service import MAX_PAGE, PER_PAGE, Filters, search_lessons
from search.views import MAX_PAGE_NUMBER

from . import filters
from .base import ReadOnlyAPIViewSet
from .lessons import LessonFieldsMixin


class SearchAPIViewSet(LessonFieldsMixin, ReadOnlyAPIViewSet):
    name = "search"
    parameters = {
        "listing_view": frozenset(
            {"q", "grade", "stage", "kind", "topic", "organisation", "page", "fields"}
        )
    }

    def listing_view(self, request):
        try:
            search_filters = Filters.from_params(request.GET)
        except QueryError as error:
            raise filters.ParameterError(str(error)) from error
        try:
            page = filters.number(request.GET, "page", 1, MAX_PAGE_NUMBER, default=1)
        except filters.ParameterError as error:
            raise filters.ParameterError(_("Invalid page number.")) from error
        try:
            results = search_lessons(request.GET.get("q", ""), search_filters, page, request)
        except QueryError as error:
            raise filters.ParameterError(str(error)) from error
        items = self.listing_data([hit.page for hit in results.hits])
        for item, hit in zip(items, results.hits, strict=True):
            item["snippet"] = str(hit.snippet)
        meta = {
            "total_count": results.count,
            "page": results.page,
            "pages": results.pages,
            "per_page": PER_PAGE,
            "max_page": MAX_PAGE,
            "relaxed": results.relaxed,
        }
        return Response({"meta": meta, "items": items})

    @classmethod
    def get_urlpatterns(cls):
        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]
