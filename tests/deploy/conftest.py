"""The production process set (tests/process_set/), started once for tests/deploy.

The Redis databases of PROCESS_SET_BROKER_URL and PROCESS_SET_CACHE_URL (default 13 and 14 on
the test broker's server) are emptied: give a run of its own databases.
"""

import json
import os
import secrets
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests
from django.conf import settings

from tests.process_set import process_set
from tests.worker import database_url

from .process_set_site import ADMIN, CORS_ORIGIN, GO_LIVE_AFTER, SETUP


def redis_url(name: str, db: int) -> str:
    if os.environ.get(name):
        return os.environ[name]
    parts = urlsplit(settings.CELERY_BROKER_URL)
    return urlunsplit(parts._replace(path=f"/{db}"))


@pytest.fixture(scope="package")
def ps(tmp_path_factory):
    """The set with SETUP's content, started once for every module here."""
    password = secrets.token_urlsafe(12)
    with process_set(
        database_url=database_url(),
        broker_url=redis_url("PROCESS_SET_BROKER_URL", 13),
        cache_url=redis_url("PROCESS_SET_CACHE_URL", 14),
        root=tmp_path_factory.mktemp("process-set"),
        media_cors_origins=CORS_ORIGIN,
    ) as ps:
        ps.password = password
        ps.content = json.loads(
            ps.shell(SETUP.format(admin=ADMIN, password=password, after=GO_LIVE_AFTER))
        )
        # Scheduled, not yet live: not found (and nothing caches a 404).
        assert requests.get(ps.url + ps.content["later"]).status_code == 404
        assert time.time() < ps.content["go_live"], "the set-up took longer than GO_LIVE_AFTER"
        yield ps
