import pytest
from django.core.cache import cache


@pytest.fixture
def page_cache(settings):
    """The page cache on, empty at the start and at the end (test_page_cache*.py use it)."""
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()
