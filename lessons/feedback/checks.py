"""What every parents' feedback endpoint checks before it stores anything, and its answers.

The endpoints are csrf_exempt (the pages that post to them are cached publicly and carry
no token), so they refuse: another method than POST, a body over the endpoint's cap (read
from Content-Length before the body is), a form posted from another site (the Origin, else
the Referer, when the browser sends one), and a lesson that is not live and public. Every
refusal is a 4xx with a Chinese message; nothing sets a cookie.
"""

from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, JsonResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from ..models import LessonPage

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class Refused(Exception):
    """A request the endpoint does not take: `status` and a message for the parent."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def check_sender(request, max_bytes: int, too_large: Refused | None = None) -> None:
    """Refused unless this is a same-site POST whose Content-Length is at most `max_bytes`
    (`too_large` is the refusal for a bigger one; by default 400 "the text is too long")."""
    if request.method != "POST":
        raise Refused(_("Please send this form from the page."), status=405)
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not (length.isascii() and length.isdigit() and len(length) <= 12):
        raise Refused(_("The request is not valid."))
    if int(length) > max_bytes:
        raise too_large or Refused(_("The text is too long."))
    if not _same_site(request):
        raise Refused(_("Please send this form from the page."), status=403)


def check_post(request, max_bytes: int) -> QueryDict:
    """The posted fields of a same-site POST of at most `max_bytes`; else Refused."""
    check_sender(request, max_bytes)
    if request.content_type in FORM_TYPES:
        try:
            return request.POST
        except MultiPartParserError as error:
            raise Refused(_("The request is not valid.")) from error
    # e.g. navigator.sendBeacon with a text body: read it as a query string
    return QueryDict(request.body[:max_bytes], encoding="utf-8")


def _same_site(request) -> bool:
    """True unless the browser says the form comes from another site. Origin first (sent
    with every POST by current browsers; "null" from a sandboxed or privacy-hidden origin
    is refused), else the Referer; a request with neither is taken (older browsers)."""
    origin = request.headers.get("Origin")
    source = origin if origin is not None else request.headers.get("Referer")
    if source is None:
        return True
    try:
        parts = urlsplit(source)
        host = request.get_host()
    except (ValueError, DisallowedHost):  # a malformed URL, or a host not allowed
        return False
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()


def live_lesson(value) -> LessonPage:
    """The live, public lesson with the id `value` (an int or the posted text); else Refused."""
    from ..urls import parse_id  # lessons.urls imports this package

    pk = value if isinstance(value, int) else parse_id(str(value or "").strip())
    lesson = None
    if pk is not None:
        lesson = LessonPage.objects.for_parents().filter(pk=pk).only("pk").first()
    if lesson is None:
        raise Refused(_("This lesson does not exist or is not published."), status=404)
    return lesson


def wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def private(response):
    """Answers to a post are the poster's own: never stored by any cache."""
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


def refusal(request, error: Refused, back_url: str = "/") -> HttpResponse:
    if wants_json(request):
        response = JsonResponse(
            {"error": error.message},
            status=error.status,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = TemplateResponse(
            request,
            "lessons/feedback/message.html",
            {"title": _("Not sent"), "message": error.message, "back_url": back_url},
            status=error.status,
        )
    if error.status == 405:
        response["Allow"] = "POST"
    return private(response)


def thanks(request, message: str, back_url: str) -> HttpResponse:
    if wants_json(request):
        response = JsonResponse({"ok": True})
    else:
        response = TemplateResponse(
            request,
            "lessons/feedback/message.html",
            {"title": _("Thank you"), "message": message, "back_url": back_url},
        )
    return private(response)
