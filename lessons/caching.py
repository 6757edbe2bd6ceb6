"""Cache headers for parent-facing responses.

Parent pages are identical for everyone (the grade lives in the URL, never in a
cookie or session), so a CDN or reverse proxy can serve a province's parents
from its cache. Publishing purges it (wagtail.contrib.frontend_cache, production).
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


def cache_publicly(response, max_age: int | None = None):
    """A parent page's headers on a 200 that sets none of its own. With `max_age`, a plain
    `public, max-age=<max_age>` (what the class kit's pages, QR codes and handouts use)."""
    if response.status_code == 200 and not response.has_header("Cache-Control"):
        if max_age is not None:
            patch_cache_control(response, public=True, max_age=max_age)
        else:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PARENT_PAGE_MAX_AGE,
                s_maxage=settings.PARENT_PAGE_SHARED_MAX_AGE,
                stale_while_revalidate=60,
            )
    return response


def never_cache_privately(response):
    """For the few responses that depend on the visitor (the grade cookie)."""
    patch_cache_control(response, private=True, no_cache=True, max_age=0)
    return response


class PublicPageMixin:
    """For Wagtail pages that parents read: cacheable unless the page is restricted."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if self.get_view_restrictions().exists():
            return never_cache_privately(response)
        return cache_publicly(response)
