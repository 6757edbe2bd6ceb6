import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache


@pytest.fixture(scope="session", autouse=True)
def _fresh_media_root():
    """Each test session starts with empty media and work directories (test settings only)."""
    for directory in (settings.MEDIA_ROOT, settings.MEDIA_PIPELINE_WORK_DIR):
        assert "parentschool-test" in str(directory), "refusing to wipe a non-test directory"
        shutil.rmtree(directory, ignore_errors=True)
        Path(directory).mkdir(parents=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Wagtail caches site root paths; tests start from a clean cache.
    cache.clear()
    yield
    cache.clear()
