"""What every endpoint of the lessons API shares: read-only, anonymous, JSON, throttled per
client, errors as {"message": "<Chinese>"}, short client-side caching.

Built on Wagtail's BaseAPIViewSet (its field selection, serializers and router). No session
or basic authentication is read: a signed-in editor gets exactly what anyone gets.
"""

from django.conf import settings
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from rest_framework.exceptions import APIException
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError, parse_fields_parameter
from wagtail.api.v2.views import BaseAPIViewSet

from .filters import ParameterError, check_known
from .throttling import ClientRateThrottle, PartnerRateThrottle, TooManyRequests


class NotFound(Http404):
    """A 404 whose (Chinese) message the client sees; any other 404 says "not found"."""


class JSONOnly(BaseContentNegotiation):
    """Always JSON, whatever Accept or ?format= say."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        renderer = renderers[0]
        return renderer, renderer.media_type


class ReadOnlyAPIViewSet(BaseAPIViewSet):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JSONOnly
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [ClientRateThrottle, PartnerRateThrottle]
    http_method_names = ["get", "head", "options"]

    # The query parameters each action accepts (anything else is a 400).
    parameters: dict[str, frozenset[str]] = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            check_known(request.GET, self.parameters.get(self.action, frozenset()))

    def throttled(self, request, wait):
        if wait is None:  # DRF has no estimate: the longest window of the throttles
            wait = max((t.duration or 1) for t in self.get_throttles())
        raise TooManyRequests(wait)

    def handle_exception(self, exc):
        if isinstance(exc, ParameterError):
            return Response({"message": str(exc)}, status=400)
        if isinstance(exc, BadRequestError):  # Wagtail's own (English) reasons, e.g. fields
            message = _("Invalid request: %(reason)s") % {"reason": str(exc)[:300]}
            return Response({"message": message}, status=400)
        if isinstance(exc, Http404):
            message = str(exc) if isinstance(exc, NotFound) else _("Not found.")
            return Response({"message": message}, status=404)
        response = super().handle_exception(exc)
        if isinstance(exc, APIException) and isinstance(response.data, dict):
            response.data = {"message": str(response.data.get("detail", exc.detail))}
        return response

    def fields_config(self):
        try:
            return parse_fields_parameter(self.request.GET.get("fields", ""))
        except ValueError as error:
            raise ParameterError(
                _("Invalid fields parameter: %(reason)s") % {"reason": str(error)[:200]}
            ) from error

    def resolve_rich_text_format(self):
        return "html"  # rich text is always display HTML (links expanded)

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context.pop("indent", None)  # compact JSON
        return context

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            # Clients may keep an answer a minute; no shared cache keeps it (not "public":
            # cms.page_cache skips it; X-Accel-Expires: nginx's page cache too), so an
            # unpublished lesson is gone at once for every new client, and a response with
            # one origin's CORS headers is never handed to another origin.
            patch_cache_control(response, max_age=settings.API_CACHE_SECONDS)
            response["X-Accel-Expires"] = "0"
        return response
