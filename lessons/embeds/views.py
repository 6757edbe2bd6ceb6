"""The embed page (/embed/<id>/) and the oEmbed endpoint (/oembed/)."""

import json

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from media_pipeline.player import player_for

from ..caching import cache_publicly
from ..site_address import absolute_url, page_url, site_url
from ..urls import parse_id
from .framing import framable
from .lookup import embeddable_lesson, lesson_for_url
from .snippet import frame_size, iframe_html

OEMBED_MAX_AGE = 3600  # seconds a consumer may keep an answer (oEmbed's cache_age too)


@require_safe
@framable
def embed_page(request, page_id):
    """A live public lesson's player alone: no site header or footer, a link to the lesson.
    A lesson without (finished) media shows its title and the link."""
    lesson = embeddable_lesson(page_id)
    if lesson is None:
        raise Http404
    context = {
        "lesson": lesson,
        "player": player_for(lesson.video),
        "lesson_url": page_url(lesson, request),
    }
    return cache_publicly(TemplateResponse(request, "lessons/embeds/player.html", context))


def _text(status: int, message: str) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _dimension(request, name: str) -> tuple[int | None, str | None]:
    """oEmbed's maxwidth/maxheight: (the number, None), (None, None) when absent, or
    (None, a message) when it is not a whole number of pixels."""
    value = request.GET.get(name)
    if value is None or value == "":
        return None, None
    number = parse_id(value)
    if number is None:
        return None, _("%(name)s must be a whole number of pixels, 1 or more.") % {"name": name}
    return number, None


@require_safe
def oembed(request):
    """oEmbed 1.0 (https://oembed.com/): JSON only (format=xml: 501, as the spec says; a
    format that is none of the two: 400); a URL that is not one of our live public lessons
    with a player: 404."""
    format_ = request.GET.get("format", "json")
    if format_ == "xml":
        return _text(501, _("Only the JSON format is available."))
    if format_ != "json":
        return _text(400, _("Only the JSON format is available."))
    url = request.GET.get("url", "")
    if not url:
        return _text(400, _("Give the lesson's address as the url parameter."))
    maxwidth, problem = _dimension(request, "maxwidth")
    maxheight, problem_h = _dimension(request, "maxheight")
    if problem or problem_h:
        return _text(400, problem or problem_h)
    lesson = lesson_for_url(url, request)
    player = player_for(lesson.video) if lesson is not None else None
    if player is None:
        return _text(404, _("No lesson with a video or audio has this address."))
    root = site_url()
    size = frame_size(player, maxwidth, maxheight)
    answer = {
        "version": "1.0",
        "type": "rich" if player.is_audio_only else "video",
        "title": lesson.title,
        "provider_name": settings.WAGTAIL_SITE_NAME,
        "provider_url": absolute_url("/", root),
        "cache_age": OEMBED_MAX_AGE,
        "html": iframe_html(lesson, size, root),
        "width": size.width,
        "height": size.height,
    }
    poster = player.poster
    if poster is not None and poster.width and poster.height:  # all three or none (the spec)
        answer["thumbnail_url"] = absolute_url(poster.jpeg_url, root)
        answer["thumbnail_width"], answer["thumbnail_height"] = poster.width, poster.height
    response = HttpResponse(
        json.dumps(answer, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    return cache_publicly(response, max_age=OEMBED_MAX_AGE)
