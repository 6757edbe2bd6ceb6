"""Static files in production (issue 15): collectstatic with the production storage, WhiteNoise
without finders; hashed names, precompressed, cached for a year, through Django's test client
and through a real HTTP server (pytest-django's live server running the site's WSGI
application)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings

from .fetched import (
    BROTLI,
    CHROMIUM,
    GZIP,
    HLSJS,
    YEAR_IMMUTABLE,
    through_client,
    through_http,
    vary,
)


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    root = tmp_path_factory.mktemp("static_collected")
    production = {
        "STATIC_ROOT": str(root),
        "STORAGES": {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
        "WHITENOISE_USE_FINDERS": False,
        "WHITENOISE_AUTOREFRESH": False,
        "SERVE_MEDIA_FILES": False,
    }
    with override_settings(**production):
        call_command("collectstatic", interactive=False, verbosity=0)
    return production


def check_hashed_static(get) -> dict[str, int]:
    url = static(HLSJS)
    assert re.search(r"/hls\.light\.min\.[0-9a-f]{12}\.js$", url), url
    source = Path(finders.find(HLSJS)).read_bytes()
    sizes = {}
    for accept, coding in ((BROTLI, "br"), (CHROMIUM, "br"), (GZIP, "gzip"), ("", None)):
        fetched = get(url, accept_encoding=accept)
        assert fetched.status == 200 and fetched.encoding == coding, (accept, fetched.headers)
        assert fetched.headers["cache-control"] == YEAR_IMMUTABLE
        assert fetched.decoded == source
        if coding:
            assert "accept-encoding" in vary(fetched)
            on_disk = Path(settings.STATIC_ROOT) / (url.removeprefix(settings.STATIC_URL) + ".")
            assert fetched.body == Path(f"{on_disk}{'br' if coding == 'br' else 'gz'}").read_bytes()
        sizes[coding or "identity"] = len(fetched.body)
    assert sizes["br"] < sizes["gzip"] < sizes["identity"] / 3
    # The unhashed name may change: a short cache only.
    unhashed = get(settings.STATIC_URL + HLSJS)
    assert unhashed.status == 200 and "immutable" not in unhashed.headers["cache-control"]
    return sizes


@pytest.mark.django_db
def test_hashed_static_files_through_the_test_client(client, collected):
    with override_settings(**collected):
        check_hashed_static(lambda url, **headers: through_client(client, url, **headers))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hashed_static_files_through_a_real_server(live_server, collected):
    with override_settings(**collected):
        httpd = live_server.thread.httpd
        previous = httpd.get_app()
        httpd.set_app(WSGIHandler())  # built under the production settings above
        try:
            check_hashed_static(lambda url, **h: through_http(live_server.url, url, **h))
        finally:
            httpd.set_app(previous)
