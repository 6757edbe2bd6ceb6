import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache


@pytest.fixture(scope="session", autouse=True)
def _fresh_media_root():
    """Each test session has its own empty media and work directories (test settings only),
    removed at the end."""
    root = Path(settings.TEST_FILES_DIR)
    assert root.name.startswith("parentschool-test"), "refusing to wipe a non-test directory"
    shutil.rmtree(root, ignore_errors=True)
    for directory in (settings.MEDIA_ROOT, settings.MEDIA_PIPELINE_WORK_DIR):
        Path(directory).mkdir(parents=True)
    yield
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Wagtail caches site root paths; tests start from a clean cache.
    cache.clear()
    yield
    cache.clear()
