"""Lesson cards: what a list of lessons shows, built in a fixed number of queries."""

from dataclasses import dataclass
from itertools import groupby

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, prefetch_related_objects
from wagtail.images import get_image_model

from .links import prefetch_links
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
    """Prefetch what a card shows (stages, grades, cover rendition) for any lesson queryset
    (search reads the audience from the prefetched stages and grades)."""
    covers = get_image_model().objects.prefetch_renditions(CARD_IMAGE_SPEC)
    return queryset.prefetch_related("stages", "grades", Prefetch("cover_image", queryset=covers))


def live_lessons():
    """Published public lessons, newest first, with their cover images (one query)."""
    return (
        LessonPage.objects.for_parents()
        .select_related("cover_image")
        .order_by("-first_published_at", "-pk")
    )


def _prefetch_covers(pages: list) -> None:
    """Cover images and their card renditions for all the pages at once: nothing for what
    is already loaded, else one query for the images and one for the renditions."""
    cover = LessonPage._meta.get_field("cover_image")
    missing = [p for p in pages if p.cover_image_id and not cover.is_cached(p)]
    if missing:
        prefetch_related_objects(missing, "cover_image")
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_IMAGE_SPEC)
    images = [  # one instance per page (select_related shares none): prefetch onto each
        p.cover_image
        for p in pages
        if p.cover_image_id and not hasattr(p.cover_image, "prefetched_renditions")
    ]
    if images:
        prefetch_related_objects(
            images,
            Prefetch("renditions", queryset=renditions, to_attr="prefetched_renditions"),
        )


def card_lists(lists, request) -> list[list[LessonCard]]:
    """Cards for several lists of lessons (querysets or lists) at once: each list's own
    query, then one for the audiences (none if prefetch_links left them on the pages) and at
    most two for the covers, for all of them."""
    lists = [list(lessons) for lessons in lists]
    pages = [page for lessons in lists for page in lessons]
    _prefetch_covers(pages)
    prefetch_links(pages)
    return [[_card(page, request) for page in lessons] for lessons in lists]


def lesson_cards(lessons, request) -> list[LessonCard]:
    """Cards for live_lessons() or a slice of it: three queries in all."""
    return card_lists([lessons], request)[0]


def _card(page, request) -> LessonCard:
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()  # cached
    cover = page.cover_image
    return LessonCard(
        title=page.title,
        url=page.get_url(request),
        summary=page.summary,
        kind=model.kind,
        kind_label=str(model._meta.verbose_name),
        audience_label=page.lesson_links.audience(page).label(),
        cover_url=cover.get_rendition(CARD_IMAGE_SPEC).url if cover else None,
    )


def grouped_cards(pages: list, request, key, label) -> list[dict]:
    """Cards for pages already in order, grouped by key(page): [{"label", "cards"}, ...]."""
    cards = lesson_cards(pages, request)
    return [
        {"label": label(group_key), "cards": [card for _page, card in group]}
        for group_key, group in groupby(zip(pages, cards, strict=True), lambda pair: key(pair[0]))
    ]
