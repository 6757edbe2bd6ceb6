"""The site's one stylesheet (lessons/templates/lessons/site.css), read once.

Every public page writes it inline (`{% site_css %}` in base.html) so that a parent's page is
a single request on a slow phone; the Content-Security-Policy allows it by its sha256 hash
(cms.csp), computed here from the same text the tag writes, so the two cannot drift apart.
"""

import base64
import hashlib
from functools import cache

from django.conf import settings
from django.template.loader import get_template

SITE_CSS_TEMPLATE = "lessons/site.css"


def _read_site_css() -> tuple[str, str]:
    text = get_template(SITE_CSS_TEMPLATE).template.source
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"'sha256-{digest}'"


_cached_site_css = cache(_read_site_css)


def site_css() -> tuple[str, str]:
    """The site's stylesheet and its CSP source expression; reread on every call in DEBUG."""
    return _read_site_css() if settings.DEBUG else _cached_site_css()
