"""GET /healthz: can this web process serve? For load balancers, systemd/compose health checks
and the serving bench's baseline (docs/deployment.md).

It checks what every page needs: the database (SELECT 1), the shared cache (a write and a read
back) and the Celery broker (a PING; uploads and scheduled publishing need it). 200 with
{"status": "ok", ...} when all answer, else 503 naming the check that failed (the error's class
only: the response is public). Never cached, no session, no cookie.
"""

import logging
import time
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

TIMEOUT = 2.0  # seconds for the broker's connection and answer
_brokers = {}  # broker URL -> a redis client with its own connection pool, per process


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return what was written")
    cache.delete(key)


def check_broker():
    url = settings.CELERY_BROKER_URL
    if urlsplit(url).scheme in ("redis", "rediss"):
        client = _brokers.get(url)
        if client is None:
            import redis

            client = _brokers[url] = redis.Redis.from_url(
                url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT
            )
        client.ping()
        return
    from cms.celery import app  # another transport: a connection of its own, each time

    with app.connection_for_read(url) as conn:
        conn.ensure_connection(max_retries=1, timeout=TIMEOUT)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


@never_cache
@require_safe
def healthz(request):
    results, ok = {}, True
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - any failure makes the process unhealthy
            ok = False
            results[name] = {"status": "error", "error": type(exc).__name__}
            logger.warning("health check %s failed: %r", name, exc)
        else:
            results[name] = {"status": "ok"}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return JsonResponse(
        {"status": "ok" if ok else "error", "checks": results}, status=200 if ok else 503
    )
