"""Which lesson an embed or an oEmbed request names: live and public lessons only (for_parents),
with what the player reads (the media and its outputs); anything else is None (a 404)."""

import re
from urllib.parse import unquote, urlsplit

from wagtail.models import Site

from ..models import LessonPage
from ..urls import parse_id

MAX_URL_LENGTH = 2000
EMBED_PATH = re.compile(r"/embed/([0-9]{1,10})/")


def embeddable_lessons():
    return (
        LessonPage.objects.for_parents().select_related("video").prefetch_related("video__outputs")
    )


def embeddable_lesson(page_id: int) -> LessonPage | None:
    """A live public lesson by id (two queries: the lesson with its media, the outputs)."""
    return embeddable_lessons().filter(pk=page_id).first()


def _printable(text: str) -> bool:
    return text.isprintable() and " " not in text


def _site_root_paths(host: str, request) -> list[str]:
    """The tree paths of the Sites served at `host` (Wagtail's cached list), or of the Site
    answering this request when the URL names the host it was sent to."""
    roots = [
        root.root_path
        for root in Site.get_site_root_paths()
        if (urlsplit(root.root_url).hostname or "") == host
    ]
    if not roots and host == request.get_host().rsplit(":", 1)[0].strip("[]").lower():
        site = Site.find_for_request(request)
        if site is not None:
            roots.append(site.root_page.url_path)
    return roots


def lesson_for_url(url: str, request) -> LessonPage | None:
    """The lesson a page URL (or an embed URL) on one of our Sites names, else None: any other
    host, scheme or path, and anything malformed (control characters, a broken IPv6 host,
    thousands of characters) is simply not ours."""
    if not url or len(url) > MAX_URL_LENGTH or not _printable(url):
        return None
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
        parts.port  # noqa: B018 - raises ValueError for a port out of range or not a number
        path = unquote(parts.path or "/", errors="strict")  # UnicodeDecodeError: a ValueError
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not host:
        return None
    if not path.startswith("/") or not _printable(path):
        return None
    roots = _site_root_paths(host, request)
    if not roots:
        return None
    embedded = EMBED_PATH.fullmatch(path)
    if embedded:
        page_id = parse_id(embedded.group(1))
        return embeddable_lesson(page_id) if page_id else None
    if not path.endswith("/"):
        path += "/"
    url_paths = [root + path.lstrip("/") for root in roots]
    return embeddable_lessons().filter(url_path__in=url_paths).first()
