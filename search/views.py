"""The parents' search page and the JSON API (/api/search/, /api/search/suggest/).

Responses depend only on the URL, so they are cached publicly like every parent page. The
grade cookie only decides where a bare /search/ redirects (a private response).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lessons.caching import cache_publicly, never_cache_privately
from lessons.models import Topic
from lessons.taxonomy import GRADE_BY_CODE, STAGES

from .query import QueryError, check_length
from .service import KIND_MODELS, Filters, search_lessons, suggest


def _page_number(params) -> int:
    value = params.get("page", "1").strip() or "1"
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 10_000:
        raise QueryError(_("Invalid page number."))
    return int(value)


@require_safe
def search_page(request):
    cookie_grade = request.COOKIES.get(settings.GRADE_COOKIE_NAME, "")
    if "grade" not in request.GET and cookie_grade in GRADE_BY_CODE:
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
        "kinds": [(code, model._meta.verbose_name) for code, model in KIND_MODELS.items()],
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
