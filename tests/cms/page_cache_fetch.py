"""A request through the page cache (cms/page_cache.py) and what the cache did with it."""

from cms.page_cache import HEADER


def fetch(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get(HEADER)
