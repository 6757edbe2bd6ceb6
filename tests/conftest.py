import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Wagtail caches site root paths; tests start from a clean cache.
    cache.clear()
    yield
    cache.clear()
