"""The parents' search page and the JSON API (/api/search/, /api/search/suggest/).

Responses are cached publicly like every parent page, with one exception, the grade cookie: a /search/ URL without a `grade` parameter (the header's link, a shared
link) redirects a parent who has chosen a grade to the same URL with that grade. Such a URL's
answer depends on the cookie, so it is never cached by anyone (`private, no-cache`), with or
without the cookie: a shared cache must not keep the answer to a visitor without the cookie
and hand it to one with it. We do not send `Vary: Cookie` instead, because CDNs either refuse
to cache such responses or key them on the whole Cookie header (every visitor's own copy). A
URL with `grade` (the search form always sends it, "" for all grades) never reads the cookie
and is public: every search a parent submits is served from the CDN.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lessons.caching import cache_publicly, never_cache_privately
from lessons.models import Topic, searchable_kinds
from lessons.taxonomy import GRADE_BY_CODE, STAGES

from .query import QueryError, check_length
from .service import Filters, search_lessons, suggest

MAX_PAGE_NUMBER = 10_000


def _page_number(params) -> int:
    """The `page` parameter: 1 … MAX_PAGE_NUMBER in ASCII digits, else QueryError (a 400).
    The length is checked first: int() refuses strings of more than 4,300 digits."""
    value = params.get("page", "1").strip() or "1"
    if not (value.isascii() and value.isdigit() and len(value) <= 5):
        raise QueryError(_("Invalid page number."))
    number = int(value)
    if not 1 <= number <= MAX_PAGE_NUMBER:
        raise QueryError(_("Invalid page number."))
    return number


@require_safe
def search_page(request):
    reads_cookie = "grade" not in request.GET  # see the module's docstring
    cookie_grade = request.COOKIES.get(settings.GRADE_COOKIE_NAME, "")
    if reads_cookie and cookie_grade in GRADE_BY_CODE:
        # The child's grade is the default filter; the parent can switch to "all grades".
        params = urlencode([*request.GET.items(), ("grade", cookie_grade)])
        return never_cache_privately(redirect(f"{request.path}?{params}"))
    query = request.GET.get("q", "")
    context = {
        "query": query[:500],
        "grade": GRADE_BY_CODE.get(request.GET.get("grade", "")),
        "stages": [
            {"name": s.name, "grades": [GRADE_BY_CODE[g] for g in s.grade_codes]} for s in STAGES
        ],
        "kinds": [(kind.code, kind.label) for kind in searchable_kinds()],
        "topics": list(Topic.objects.all()),
        "max_length": settings.SEARCH_MAX_QUERY_CHARS,
    }
    status = 200
    try:
        filters = Filters.from_params(request.GET)
        context["filters"] = filters
        context["results"] = search_lessons(query, filters, _page_number(request.GET), request)
    except QueryError as error:
        context["error"] = str(error)
        status = 400
    response = TemplateResponse(request, "search/search.html", context, status=status)
    if reads_cookie:
        return never_cache_privately(response)
    return cache_publicly(response)


def _error(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})


@require_safe
def api_search(request):
    try:
        filters = Filters.from_params(request.GET)
        page = _page_number(request.GET)
        results = search_lessons(request.GET.get("q", ""), filters, page, request)
    except QueryError as error:
        return _error(str(error))
    payload = {
        "count": results.count,
        "page": results.page,
        "pages": results.pages,
        "relaxed": results.relaxed,
        "results": [
            {
                "title": hit.page.title,
                "url": hit.url,
                "kind": hit.kind,
                "kind_label": hit.kind_label,
                "stages": hit.stage_codes,
                "grades": hit.grade_codes,
                "snippet": str(hit.snippet),
                "external_id": hit.page.external_id,
            }
            for hit in results.hits
        ],
    }
    return cache_publicly(JsonResponse(payload, json_dumps_params={"ensure_ascii": False}))


@require_safe
def api_suggest(request):
    try:
        text = check_length(request.GET.get("q", ""))
    except QueryError as error:
        return _error(str(error))
    payload = {"suggestions": suggest(text, request)}
    return cache_publicly(JsonResponse(payload, json_dumps_params={"ensure_ascii": False}))
