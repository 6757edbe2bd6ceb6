import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler


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


@pytest.fixture(scope="session")
def live_server(live_server):
    """The live server runs the site's WSGI application, as runserver and gunicorn do:
    Django's test handlers would serve /static/ and /media/ past every middleware (no
    compression, no byte ranges, no cache headers: not what parents get)."""
    live_server.thread.httpd.set_app(WSGIHandler())
    return live_server
