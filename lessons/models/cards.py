"""Lesson cards: what a list of lessons shows, built in a fixed number of queries."""

from dataclasses import dataclass
from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from wagtail.images import get_image_model

from .pages import LessonPage

CARD_IMAGE_SPEC = "fill-320x180|format-webp|webpquality-70"


@dataclass(frozen=True)
class LessonCard:
    title: str
    url: str
    summary: str
    kind: str
    kind_label: str
    audience_label: str
    cover_url: str | None


def with_card_data(queryset):
    """Prefetch what a card shows (stages, grades, cover rendition) for any lesson queryset."""
    covers = get_image_model().objects.prefetch_renditions(CARD_IMAGE_SPEC)
    return queryset.prefetch_related("stages", "grades", Prefetch("cover_image", queryset=covers))


def live_lessons():
    """Published public lessons, newest first, with what their cards show prefetched."""
    return with_card_data(LessonPage.objects.live().public().order_by("-first_published_at", "-pk"))


def lesson_cards(lessons, request) -> list[LessonCard]:
    """Cards for live_lessons() or a slice of it: four queries in all."""
    cards = []
    for page in lessons:
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()  # cached
        cover = page.cover_image
        cards.append(
            LessonCard(
                title=page.title,
                url=page.get_url(request),
                summary=page.summary,
                kind=model.kind,
                kind_label=str(model._meta.verbose_name),
                audience_label=page.audience.label(),  # prefetched stages and grades
                cover_url=cover.get_rendition(CARD_IMAGE_SPEC).url if cover else None,
            )
        )
    return cards


def grouped_cards(pages: list, request, key, label) -> list[dict]:
    """Cards for pages already in order, grouped by key(page): [{"label", "cards"}, ...]."""
    cards = lesson_cards(pages, request)
    return [
        {"label": label(group_key), "cards": [card for _page, card in group]}
        for group_key, group in groupby(zip(pages, cards, strict=True), lambda pair: key(pair[0]))
    ]
