"""CORS for the configured origins under /api/ only; throttling per client address (behind
the trusted proxies) and per partner key, a 429 with Retry-After and a Chinese message."""

import pytest

pytestmark = pytest.mark.django_db

PARTNER = "https://partner.example.cn"


@pytest.fixture
def cors(settings):
    settings.CORS_ALLOWED_ORIGINS = [PARTNER]


def test_a_configured_origin_may_read_the_api(client, cors):
    response = client.get("/api/v2/lessons/", headers={"Origin": PARTNER})
    assert response["Access-Control-Allow-Origin"] == PARTNER
    assert "Access-Control-Allow-Credentials" not in response
    assert "origin" in response["Vary"].lower()


def test_another_origin_gets_no_cors_headers(client, cors):
    response = client.get("/api/v2/lessons/", headers={"Origin": "https://evil.example.com"})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_no_origin_is_allowed_by_default(client):
    response = client.get("/api/v2/lessons/", headers={"Origin": PARTNER})
    assert "Access-Control-Allow-Origin" not in response


def test_cors_is_for_the_api_only(client, cors):
    for path in ("/", "/search/?q=孩子&grade=", "/grade/p1/"):
        response = client.get(path, headers={"Origin": PARTNER})
        assert "Access-Control-Allow-Origin" not in response, path


def test_a_preflight_allows_reading_only(client, cors):
    response = client.options(
        "/api/v2/lessons/",
        headers={"Origin": PARTNER, "Access-Control-Request-Method": "GET"},
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == PARTNER
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "x-partner-key" in response["Access-Control-Allow-Headers"]


@pytest.fixture
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        "DEFAULT_THROTTLE_RATES": {"api_client": "3/minute", "api_partner": "5/minute"}
    }
    settings.API_PARTNER_KEYS = {"miniprogram": "k" * 32}


def statuses(client, n, **headers) -> list[int]:
    return [client.get("/api/v2/lessons/", headers=headers).status_code for _ in range(n)]


def test_too_many_requests_from_one_address_is_a_429(client, low_rates):
    assert statuses(client, 3) == [200, 200, 200]
    response = client.get("/api/v2/lessons/")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["message"].startswith("请求过于频繁")
    # Another address is counted apart.
    assert client.get("/api/v2/lessons/", REMOTE_ADDR="10.0.0.9").status_code == 200


def test_behind_the_proxy_the_forwarded_address_counts(client, low_rates, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    one = {"X-Forwarded-For": "203.0.113.7"}
    assert statuses(client, 4, **one) == [200, 200, 200, 429]
    # A client cannot escape by sending its own X-Forwarded-For: the proxy appends the real
    # address, and only the last one is trusted.
    assert statuses(client, 1, **{"X-Forwarded-For": "1.2.3.4, 203.0.113.7"}) == [429]
    assert statuses(client, 1, **{"X-Forwarded-For": "203.0.113.8"}) == [200]


def test_a_partner_key_has_its_own_rate(client, low_rates):
    key = {"X-Partner-Key": "k" * 32}
    assert statuses(client, 5, **key) == [200] * 5
    assert statuses(client, 1, **key) == [429]
    # A wrong key is an anonymous client.
    assert statuses(client, 4, **{"X-Partner-Key": "wrong"}) == [200, 200, 200, 429]


def test_the_throttle_keeps_no_address(client, low_rates):
    from django.core.cache import cache

    client.get("/api/v2/lessons/", REMOTE_ADDR="198.51.100.23")
    keys = list(cache._cache.keys()) if hasattr(cache, "_cache") else []
    assert keys and not any("198.51.100.23" in key for key in keys)
