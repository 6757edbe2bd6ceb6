"""The lessons API, version 2 (/api/v2/; docs/api.md): Wagtail's API router with the
lessons and search endpoints, and the OpenAPI document."""

from django.urls import path
from wagtail.api.v2.router import WagtailAPIRouter

from .lessons import LessonsAPIViewSet
from .openapi import openapi_document
from .search import SearchAPIViewSet

app_name = "api_v2"

router = WagtailAPIRouter(app_name)
router.register_endpoint("lessons", LessonsAPIViewSet)  # first: detail_url points here
router.register_endpoint("search", SearchAPIViewSet)

urlpatterns = [
    path("openapi.json", openapi_document, name="openapi"),
    *router.get_urlpatterns(),
]
