"""Which public paths show a page, and purging them when editors change the site.

A published, unpublished, moved or deleted page changes more than its own URL: its parents
list it (sections, programmes, a series), its neighbours link to it (previous and next
episode), the grade pages of its audience show its card (the grade's page, its kind's and
topics' lists, the stage's page, the grade picker), and a weekly episode is in the podcast
feed and on every grade page. `paths_showing` lists those paths; the handlers below compute
them when the change happens and purge them once the transaction commits, from the page
cache (cms.page_cache) and, when one is configured, the CDN (Wagtail's frontend cache,
WAGTAILFRONTENDCACHE).

A lesson whose audience or topics change leaves the lists of its old grades and topics: the
facts the lists were built from are read from the database before a publish saves the page
(`_remember_listing`), and both the old and the new lists are purged.
Scheduled publishing (beat's `publish_scheduled`) sends the same signals as an editor.
"""

import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import reverse
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from lessons.audience import Audience
from lessons.models import CloudClassroomEpisode, LessonPage, browsable_kind
from lessons.models.links import links_of
from lessons.taxonomy import GRADE_BY_CODE

from .page_cache import purge_all, purge_nginx, purge_paths


@dataclass(frozen=True)
class Listing:
    """Where a lesson's card is listed: its kind, audience and topics."""

    kind: str
    audience: Audience
    topic_ids: frozenset[int]
    everywhere: bool  # on every grade page whatever its audience (this week's episode)


def listing_of(page_id: int) -> Listing | None:
    """A lesson's listing facts as the database has them now; None for other pages."""
    lesson = LessonPage.objects.filter(pk=page_id).only("all_stages").first()
    if lesson is None:
        return None
    links = links_of([page_id], topics_of=[page_id])[page_id]
    specific_class = lesson.specific_class
    return Listing(
        kind=getattr(specific_class, "kind", ""),
        audience=links.audience(lesson),
        topic_ids=frozenset(topic.pk for topic in links.topics),
        everywhere=specific_class is not None and issubclass(specific_class, CloudClassroomEpisode),
    )


def listing_paths(listing: Listing) -> set[str]:
    """The parents' browsing pages (cms.parents) that show a lesson with these facts."""
    paths = {reverse("grade_picker")}
    grades = set(listing.audience.listed_grade_codes())
    if listing.everywhere:
        grades |= set(GRADE_BY_CODE)
        paths.add(reverse("episode_feed"))
    for grade in grades:
        paths.add(reverse("grade", args=[grade]))
        paths.add(reverse("grade_feed", args=[grade]))
        if browsable_kind(listing.kind):
            paths.add(reverse("grade_kind", args=[grade, listing.kind]))
        paths.update(reverse("grade_topic", args=[grade, topic]) for topic in listing.topic_ids)
    paths.update(reverse("stage", args=[s]) for s in listing.audience.listed_stage_codes())
    return paths


def page_paths(page: Page) -> set[str]:
    """The page's own path and its sub-routes (Page.get_cached_paths), site-relative."""
    parts = page.get_url_parts()
    if parts is None or parts[2] is None:
        return set()
    return {parts[2].rstrip("/") + "/" + p.lstrip("/") for p in page.get_cached_paths()}


def paths_showing(page: Page, listings=()) -> set[str]:
    """Every public path that shows the page: its own, its ancestors', its live siblings'
    (previous/next links) and, for a lesson, the browsing pages of each listing given."""
    paths = page_paths(page)
    if issubclass(page.specific_class or Page, LessonPage):
        paths.add(reverse("lesson_embed", args=[page.pk]))  # the player partners embed
    for related in [
        *page.get_ancestors().filter(depth__gt=1),
        *page.get_siblings(inclusive=False).live(),
    ]:
        paths |= page_paths(related)
    for listing in listings:
        if listing is not None:
            paths |= listing_paths(listing)
    return paths


def _site_root_urls(page: Page) -> list[str]:
    parts = page.get_url_parts()
    return [parts[1]] if parts and parts[1] else []


def purge_on_commit(paths: set[str], root_urls=()) -> None:
    """Purge the paths from the page cache, and from the CDN if one is configured, once
    the change is committed (a request in between renders the old page again)."""

    def purge():
        purge_paths(paths)
        purge_nginx(paths)
        if getattr(settings, "WAGTAILFRONTENDCACHE", None) and root_urls:
            from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

            purge_urls_from_cache([root.rstrip("/") + path for root in root_urls for path in paths])

    transaction.on_commit(purge)


_before = threading.local()


def _remember_listing(sender, instance, update_fields=None, **kwargs):
    """Before a lesson is saved whole (a publish), how it is listed until now."""
    if isinstance(instance, LessonPage) and instance.pk and update_fields is None:
        if not hasattr(_before, "listings"):
            _before.listings = {}
        _before.listings[instance.pk] = listing_of(instance.pk)


def _on_published(sender, instance, **kwargs):
    before = getattr(_before, "listings", {}).pop(instance.pk, None)
    paths = paths_showing(instance, [before, listing_of(instance.pk)])
    purge_on_commit(paths, _site_root_urls(instance))


def _on_unpublished(sender, instance, **kwargs):
    paths = paths_showing(instance, [listing_of(instance.pk)])
    purge_on_commit(paths, _site_root_urls(instance))


def _on_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    """The old paths of the page and of each of its descendants, and the new ones."""
    paths = paths_showing(instance, [listing_of(instance.pk)])
    paths |= paths_showing(kwargs["parent_page_before"])
    if url_path_before != url_path_after:
        for page in Page.objects.descendant_of(instance, inclusive=True).live():
            paths |= page_paths(page)
            old = _relative(url_path_before + page.url_path.removeprefix(url_path_after))
            if old is not None:
                paths.add(old)
    purge_on_commit(paths, _site_root_urls(instance))


def _relative(url_path: str) -> str | None:
    """A tree url_path (/home/section/lesson/) as its site-relative path (/section/lesson/)."""
    for site in Site.get_site_root_paths():
        if url_path.startswith(site.root_path):
            return "/" + url_path.removeprefix(site.root_path)
    return None


def _on_site_changed(sender, **kwargs):
    """A Site's address or root changed: every page's absolute links (QR codes, the feed)."""
    transaction.on_commit(purge_all)


def connect() -> None:
    post_save.connect(_on_site_changed, sender=Site, dispatch_uid="cms-purging-site-saved")
    post_delete.connect(_on_site_changed, sender=Site, dispatch_uid="cms-purging-site-deleted")
    pre_save.connect(_remember_listing, dispatch_uid="cms-purging-remember")
    page_published.connect(_on_published, dispatch_uid="cms-purging-published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="cms-purging-unpublished")
    post_page_move.connect(_on_moved, dispatch_uid="cms-purging-moved")
