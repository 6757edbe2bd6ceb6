"""The OpenAPI 3 document of the lessons API, /api/v2/openapi.json: written here, not
generated (Wagtail's serializers are built per request from `?fields=`, which no generator
reads), and checked against the running API by schemathesis (tests/cms/api/).

Parameter limits come from the settings and registries the views read, so the document
cannot drift from them: kinds (lessons.models.registry), grades and stages
(lessons.taxonomy), API_LIMIT_MAX, API_OFFSET_MAX, SEARCH_MAX_QUERY_CHARS.
"""

import json
from functools import cache

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from lessons.urls import MAX_ID
from search.views import MAX_PAGE_NUMBER

from .lessons import FIRST_YEARS
from .openapi_schemas import GRADE_CODES, KIND_CODES, SCHEMAS, STAGE_CODES, ref
from .throttling import PARTNER_HEADER

VERSION = "2.0.0"
DOCUMENT_MAX_AGE = 3600


def query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}  # fmt: skip


def integer(low: int, high: int) -> dict:
    return {"type": "integer", "minimum": low, "maximum": high}


def parameters() -> dict:
    return {
        "kind": query("kind", {"type": "string", "enum": KIND_CODES}, "Kind of lesson"),
        "grade": query("grade", {"type": "string", "enum": GRADE_CODES}, "Grade code (p1 …)"),
        "stage": query("stage", {"type": "string", "enum": STAGE_CODES}, "Stage code"),
        "topic": query("topic", integer(1, MAX_ID), "Topic id"),
        "limit": query("limit", integer(1, settings.API_LIMIT_MAX), "Items per response"),
        "offset": query("offset", integer(0, settings.API_OFFSET_MAX), "Items to skip"),
        "fields": query(
            "fields",
            {"type": "string", "maxLength": 300, "pattern": r"^[-*_a-z,()]*$"},
            "Wagtail's field selection: `fields=topics`, `fields=*`, `fields=_,title`, "
            "`fields=-summary` (docs/api.md)",
        ),
        "q": query(
            "q",
            {"type": "string", "maxLength": settings.SEARCH_MAX_QUERY_CHARS},
            "What the parent typed",
        ),  # fmt: skip
        "page": query("page", integer(1, MAX_PAGE_NUMBER), "Page of results (10 each)"),
        "organisation": query("organisation", integer(1, MAX_ID), "Publishing organisation id"),
        "year": query("year", integer(*FIRST_YEARS), "School year by its first calendar year"),
        "partner": {
            "name": PARTNER_HEADER,
            "in": "header",
            "required": False,
            "schema": {"type": "string", "maxLength": 200},
            "description": "A partner's key: counted by partner, at the partner rate",
        },  # fmt: skip
    }


def _json(schema_name: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": ref(schema_name)}}}  # fmt: skip


def _operation(op_id: str, summary: str, params, ok: str, not_found: bool = False) -> dict:
    responses = {
        "200": _json(ok, "OK"),
        "400": _json("Error", "A query parameter is refused (message in Chinese)"),
        "429": {
            **_json("Error", "Too many requests from this client"),
            "headers": {
                "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait"}
            },  # fmt: skip
        },
    }
    if not_found:
        responses["404"] = _json("Error", "No such published lesson")
    names = [*params, "partner"]
    return {
        "get": {
            "operationId": op_id,
            "summary": summary,
            "parameters": [{"$ref": f"#/components/parameters/{name}"} for name in names],
            "responses": dict(sorted(responses.items())),
        }
    }


@cache
def document() -> dict:
    listing = ["kind", "grade", "stage", "topic", "limit", "offset", "fields"]
    detail = _operation("getLesson", "One lesson, all its fields", ["fields"], "LessonDetail",
                        not_found=True)  # fmt: skip
    detail["parameters"] = [
        {"name": "id", "in": "path", "required": True, "schema": integer(1, MAX_ID)}
    ]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "网上家长学校 lessons API",
            "version": VERSION,
            "description": "Published public lessons, read only. See docs/api.md.",
        },
        "paths": {
            "/api/v2/lessons/": _operation(
                "listLessons", "Published lessons, newest first", listing, "LessonList"
            ),
            "/api/v2/lessons/{id}/": detail,
            "/api/v2/lessons/this-week/": _operation(
                "thisWeeksEpisode",
                "This week's cloud classroom episode",
                ["fields"],
                "LessonDetail",
                not_found=True,
            ),  # fmt: skip
            "/api/v2/lessons/first-lessons/": _operation(
                "firstLessons",
                "The school year's first lessons for a grade",
                ["grade", "year", "fields"],
                "FirstLessons",
            ),  # fmt: skip
            "/api/v2/search/": _operation(
                "searchLessons",
                "Search lessons",
                ["q", "grade", "stage", "kind", "topic", "organisation", "page", "fields"],
                "SearchResults",
            ),  # fmt: skip
        },
        "components": {"schemas": SCHEMAS, "parameters": parameters()},
    }


@require_safe
def openapi_document(request):
    body = json.dumps(document(), ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, content_type="application/json")
    patch_cache_control(response, public=True, max_age=DOCUMENT_MAX_AGE)
    response["X-Accel-Expires"] = "0"  # CORS headers differ per origin: not nginx's cache
    return response
