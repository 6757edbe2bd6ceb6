"""A page cache for anonymous parents: public pages from the shared cache (Redis).

When a province's parents open this week's episode in the same hour, every request that a
CDN does not absorb (a purge, a miss, a region without the CDN) would cost 50–80 ms of
Python and a dozen queries. `PageCacheMiddleware` keeps each public response (what
`lessons.caching.cache_publicly` marks `public`) in the cache named by `PAGE_CACHE_ALIAS`
for `PAGE_CACHE_SECONDS` and serves it again without touching the database.

What is cached: GET and HEAD without a session cookie (an editor's requests never are),
whose query string has only `PAGE_CACHE_QUERY_PARAMS` (a listing's `?page=2`; any other
parameter, a search's `?q=` included, goes past the cache, so random query strings cannot
fill it), answered 200 with `Cache-Control: public`, no cookie set and no `Vary: Cookie`.
A public response must therefore never depend on a cookie: the pages that read the grade
cookie (the home page, the search page without `grade=`) answer `private`.

Invalidation is by path (cms.purging decides which paths a publish touches): each path
has a version token, and the entry of each of its query strings holds the token read
*before* the view ran; a hit is an entry whose token is the path's current one (token and
entry read in one round trip, with a site-wide token that `purge_all` replaces). A purge deletes the token, so an entry rendered from data older than
the purge holds a token that is never current again: no page older than its purge is
served, even when the purge lands while the page is being rendered.

The stored response is the view's, before compression (`cms.serving.CompressionMiddleware`
sits above this middleware and compresses a hit as it compresses a miss) and before the
security and CSP headers (added above, on every response).
"""

import hashlib
import logging
import secrets
from http.client import HTTPConnection
from urllib.parse import parse_qsl, quote, urlsplit

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

logger = logging.getLogger(__name__)

HEADER = "X-Page-Cache"
ALL_KEY = "page:all"  # a token every entry holds too: purge_all() replaces it
_NOT_STORED = {"set-cookie", HEADER.lower()}


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _version_key(path: str) -> str:
    return "page:v:" + _digest(path)


def _entry_key(path: str, query: str) -> str:
    return f"page:e:{_digest(path)}:{_digest(query)}"


def _cacheable_query(request) -> str | None:
    """The query string in a canonical order, or None when it has other parameters."""
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    if any(name not in settings.PAGE_CACHE_QUERY_PARAMS for name, _ in pairs):
        return None
    return "&".join(f"{name}={value}" for name, value in sorted(pairs))


def _cacheable_request(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _cacheable_response(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    directives = {
        d.split("=", 1)[0].strip().lower()
        for d in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if "public" not in directives or directives & {"private", "no-store", "no-cache"}:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", ""))}
    return not vary & {"cookie", "*"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = _cacheable_query(request) if _cacheable_request(request) else None
        if query is None:
            return self.get_response(request)
        cache, path = _cache(), request.path
        keys = (ALL_KEY, _version_key(path), _entry_key(path, query))
        found = cache.get_many(keys)  # one round trip
        tokens = tuple(found.get(key) for key in keys[:2])
        entry = found.get(keys[2])
        if None not in tokens and entry is not None and entry[0] == tokens:
            return _rebuild(entry[1])
        tokens = tuple(
            token or _new_token(cache, key) for token, key in zip(tokens, keys[:2], strict=True)
        )
        response = self.get_response(request)
        if _cacheable_response(response):
            cache.set(keys[2], (tokens, _stored(response)), settings.PAGE_CACHE_SECONDS)
            response[HEADER] = "miss"
        return response


def _new_token(cache, key: str) -> str:
    """A new version token for the key, or the one another process set first."""
    token = secrets.token_hex(8)
    if cache.add(key, token, settings.PAGE_CACHE_VERSION_SECONDS):
        return token
    return cache.get(key) or token


def _stored(response) -> tuple:
    headers = [
        (name, value) for name, value in response.headers.items() if name.lower() not in _NOT_STORED
    ]
    return (response.status_code, headers, response.content)


def _rebuild(stored) -> HttpResponse:
    status, headers, content = stored
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HEADER] = "hit"
    return response


def purge_nginx(paths) -> None:
    """Drop the paths from nginx's own page cache (deploy/nginx/parentschool.conf), in each
    of its three encodings, on every nginx of PAGE_CACHE_NGINX. A front that cannot be
    reached is logged, not raised: the publish stands, the page expires with its max-age."""
    for base in settings.PAGE_CACHE_NGINX:
        parts = urlsplit(base)
        connection = HTTPConnection(parts.hostname, parts.port or 80, timeout=5)
        try:
            for path in sorted(set(paths)):
                for encoding in ("br", "gzip", ""):
                    connection.request(
                        "PURGE", "/.purge" + quote(path), headers={"Accept-Encoding": encoding}
                    )
                    connection.getresponse().read()  # 200 purged, 404 not cached
        except OSError:
            logger.exception("Could not purge nginx's page cache at %s", base)
        finally:
            connection.close()


def purge_all() -> None:
    """Forget every cached page (the site's address changed: every absolute link did)."""
    _cache().delete(ALL_KEY)


def purge_paths(paths) -> None:
    """Forget every cached response of these paths (each with any query string)."""
    keys = [_version_key(path) for path in set(paths)]
    if keys:
        _cache().delete_many(keys)
