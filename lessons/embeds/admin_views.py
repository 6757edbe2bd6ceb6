"""The admin's "embed code" page for a lesson: the <iframe> snippet (and the lesson's oEmbed URL)
an editor copies into a partner's page, with a copy button and a preview of the embed page.

Reached from the lesson's edit view (the header's "…" menu) and from the page listing's "More"
menu (lessons/wagtail_hooks.py). An editor who cannot edit the lesson, or a page that is not a
lesson, gets a 404: the snippet of a live public lesson is public anyway, a draft's is not."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.widgets import Button
from wagtail.models import Page

from media_pipeline.player import player_for

from ..models import LessonPage
from ..site_address import absolute_url, page_url, site_url
from .lookup import embeddable_lesson
from .snippet import embed_url, frame_size, iframe_html

LABEL = _("Lesson embed code")


def embed_code(request, page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not issubclass(page.specific_class or Page, LessonPage):
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise Http404
    lesson = embeddable_lesson(page_id)  # live and public, else None
    player = player_for(lesson.video) if lesson is not None else None
    context = {"page": page, "lesson": lesson, "player": player}
    if lesson is not None:
        root = site_url()
        lesson_url = page_url(lesson, request)
        context |= {
            "snippet": iframe_html(lesson, frame_size(player), root),
            "embed_url": embed_url(lesson, root),
            "lesson_url": lesson_url,
            "oembed_url": absolute_url(reverse("oembed"), root)
            + "?"
            + urlencode({"url": lesson_url, "format": "json"}),
        }
    return render(request, "lessons/embeds/admin_embed_code.html", context)


def _is_lesson(page) -> bool:
    return issubclass(page.specific_class or Page, LessonPage)


def embed_code_buttons(page, user, *args, **kwargs):
    """For register_page_header_buttons and register_page_listing_more_buttons."""
    if _is_lesson(page) and page.live:
        yield Button(
            LABEL, reverse("lesson_embed_code", args=[page.pk]), icon_name="code", priority=62
        )
