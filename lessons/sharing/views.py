"""The share image, manifest, favicon and WeChat config endpoints (urls.py)."""

import json
import logging
from urllib.parse import urlsplit, urlunsplit

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.models import Site

from ..models import LessonPage
from . import images, wechat
from .design import BACKGROUND, BRAND, DESIGN_VERSION, VARIANTS

logger = logging.getLogger(__name__)

YEAR = 365 * 24 * 3600
DAY = 24 * 3600
MAX_URL_CHARS = 2000


def _serve(name: str, content_type: str, max_age: int, immutable: bool = False):
    response = FileResponse(default_storage.open(name), content_type=content_type)
    if immutable:
        patch_cache_control(response, immutable=True)
    patch_cache_control(response, public=True, max_age=max_age)
    return response


@require_safe
def lesson_share_image(request, page_id: int, variant: str, ext: str):
    """A published public lesson's share image (its cover, else its title card); a `v` that
    matches what it shows now is cached for a year. Drafts and private lessons: 404."""
    lesson = (
        LessonPage.objects.for_parents().filter(pk=page_id).select_related("cover_image").first()
    )
    if lesson is None:
        raise Http404(_("This lesson does not exist or is not published."))
    page = lesson.specific_deferred  # the kind's class for its label, without another query
    page.cover_image = lesson.cover_image
    if ext != ("jpg" if page.cover_image_id else "png"):  # a cover was added or removed
        return redirect(images.lesson_image(page, VARIANTS[variant], "").url)
    name, content_type = images.lesson_file(page, VARIANTS[variant])
    current = request.GET.get("v") == images.version(page)
    return _serve(name, content_type, YEAR if current else DAY, immutable=current)


@require_safe
def default_share_image(request, variant: str):
    """The site's share image, for every page that is not a lesson."""
    name, content_type = images.default_file(VARIANTS[variant])
    current = request.GET.get("v") == DESIGN_VERSION
    return _serve(name, content_type, YEAR if current else DAY, immutable=current)


def _hex(colour) -> str:
    return "#" + "".join(f"{c:02x}" for c in colour)


ICONS = [  # (file under lessons/icons/, size, purpose); written by make_icons
    ("icon-192.png", 192, "any"),
    ("icon-512.png", 512, "any"),
    ("maskable-192.png", 192, "maskable"),
    ("maskable-512.png", 512, "maskable"),
]


@require_safe
def manifest(request):
    """The web app manifest: 添加到主屏幕 opens the site like an app, with our icon."""
    data = {
        "name": _("Online Parent School"),
        "short_name": _("Parent School"),
        "description": _(
            "Parent classes for every grade, from kindergarten to senior high school."
        ),
        "lang": "zh-Hans",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": _hex(BACKGROUND),
        "theme_color": _hex(BRAND),
        "icons": [
            {
                "src": static(f"lessons/icons/{file}"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": purpose,
            }
            for file, size, purpose in ICONS
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/manifest+json; charset=utf-8",
    )
    patch_cache_control(response, public=True, max_age=DAY)
    return response


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page links."""
    response = redirect(static("lessons/icons/favicon.ico"), permanent=True)
    patch_cache_control(response, public=True, max_age=DAY)
    return response


def _our_url(value: str) -> str | None:
    """The page URL to sign, without its #fragment, if it is on one of our Sites."""
    if not value or len(value) > MAX_URL_CHARS or not value.isprintable():
        return None
    try:
        parts = urlsplit(value)
        hosts = {urlsplit(p.root_url).netloc.lower() for p in Site.get_site_root_paths()}
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.netloc.lower() not in hosts:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


@never_cache
@require_safe
def wechat_config(request):
    """{appId, timestamp, nonceStr, signature} for wx.config on the page at ?url=; 404 when
    no official account is configured, 400 for a URL not on the site, 503 when WeChat
    cannot be asked (the page keeps its plain share tags)."""
    if not wechat.configured():
        raise Http404
    url = _our_url(request.GET.get("url", ""))
    if url is None:
        return _error(_("This address is not a page of this site."), 400)
    try:
        config = wechat.js_config(url)
    except wechat.WeChatError as error:
        logger.warning("WeChat JS-SDK config unavailable: %s", error)
        return _error(_("WeChat sharing is unavailable at the moment."), 503)
    return JsonResponse(config)
