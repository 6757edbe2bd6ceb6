"""The one kind of page other sites may frame: the embed page (/embed/<id>/).

Everywhere else X-Frame-Options is DENY (Django's XFrameOptionsMiddleware) and the policy's
frame-ancestors is 'self'. The embed page is exempt from the first (xframe_options_exempt) and
replaces the second with EMBED_FRAME_ANCESTORS (any site, "*", unless narrowed).

The policy is written by the view, built by django-csp from the site's policy with that one
directive replaced, rather than left to the middleware through django-csp's decorators
(csp_replace): a decorator's replacement rides on the response object, which the page cache
(cms/page_cache.py) does not keep, so a cached embed page would be served with the site's own
frame-ancestors 'self' and refuse every partner's page. A header written here is stored with
the page and the middleware leaves a header it finds alone.
"""

from functools import wraps

from csp.constants import HEADER
from csp.utils import build_policy
from django.conf import settings


def frame_ancestors() -> list[str]:
    return list(settings.EMBED_FRAME_ANCESTORS) or ["'none'"]


def embed_policy() -> str:
    return build_policy(replace={"frame-ancestors": frame_ancestors()})


def framable(view):
    """For the embed page only: its 200 answers may be framed by EMBED_FRAME_ANCESTORS; its
    404s keep the site's headers (nothing there is worth framing)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response.xframe_options_exempt = True
            response[HEADER] = embed_policy()
        return response

    return wrapped
