"""/healthz: 200 when the database, the cache and the broker answer, 503 naming the one that
does not (cms/health.py)."""

import pytest
from django.db import OperationalError
from django.test import override_settings

from cms import health

pytestmark = pytest.mark.django_db

UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    body = response.json()
    assert body["status"] == "ok"
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
    }


def test_head_is_answered_and_post_refused(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_broker_down_is_503(client):
    with override_settings(CELERY_BROKER_URL=UNREACHABLE_REDIS):
        response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["broker"]["status"] == "error" and checks["broker"]["error"] == "ConnectionError"
    assert checks["database"]["status"] == checks["cache"]["status"] == "ok"


def test_cache_down_is_503(client):
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": UNREACHABLE_REDIS,
        }
    }
    with override_settings(CACHES=caches):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "error"


def test_database_down_is_503(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    database = response.json()["checks"]["database"]
    assert database["status"] == "error" and database["error"] == "OperationalError"
