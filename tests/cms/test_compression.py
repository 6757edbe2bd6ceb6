"""What parents download is compressed, typed and cached as docs/serving.md says (issue 15).

Through Django's test client and through a real HTTP server: pytest-django's live server
running the site's own WSGI application, the one runserver and gunicorn run (Django's test
handlers would serve /static/ and /media/ themselves, past every middleware). The pages, the
API, the feed and the media are real: a clip made with ffmpeg and run through the pipeline.
"""

import gzip
import http.client
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.templatetags.static import static
from django.test import override_settings

from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from media_pipeline.models import MediaOutput
from tests.factories import ConceptLessonFactory, EpisodeFactory, MicroLessonFactory, city
from tests.media_pipeline import clips

YEAR_IMMUTABLE = "max-age=31536000, public, immutable"
CHROMIUM = "gzip, deflate, br, zstd"  # what Chromium sends
BROTLI = "gzip, deflate, br"
GZIP = "gzip, deflate"
HLSJS = "media_pipeline/vendor/hls.light.min.js"
CAPTIONS = "WEBVTT\n\n" + "".join(
    f"00:00:{n:02d}.000 --> 00:00:{n + 1:02d}.000\n各位家长好，今天我们聊聊孩子的作息。第{n}句。\n\n"
    for n in range(4)
)

DECODE = {
    None: lambda body: body,
    "gzip": gzip.decompress,
    "br": brotli.decompress,
}


@dataclass
class Site:
    lesson: str
    grade: str
    search: str
    feed: str
    master: str  # HLS master playlist
    variant: str  # one rung's playlist
    segment: str  # its first .ts segment
    mp4: str
    m4a: str
    webp: str
    captions: str


def media_url(path: str) -> str:
    return settings.MEDIA_URL + path


def stored(url: str) -> bytes:
    return (Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)).read_bytes()


@pytest.fixture(scope="module")
def clip(tmp_path_factory):
    return clips.video(tmp_path_factory.mktemp("clip") / "lesson.mp4", seconds=4)


@pytest.fixture
def site(clip) -> Site:
    """A lesson with a transcoded video and captions, an episode in the feed, lessons to find."""
    city()
    media = ingest_file(clip, "孩子磨蹭怎么办")
    assert pipeline.transcode(media.pk) == "done"
    media.refresh_from_db()
    media.captions.save("zh.vtt", ContentFile(CAPTIONS.encode()))
    by_kind = {o.kind: o for o in media.outputs.order_by("-height")}  # the lowest rung last
    variant = media.outputs.filter(kind=MediaOutput.Kind.HLS_VARIANT, height__gt=0)
    variant = variant.order_by("height").first()
    segment = next(
        line
        for line in (Path(settings.MEDIA_ROOT) / variant.path).read_text().splitlines()
        if line.endswith(".ts")
    )
    lesson = MicroLessonFactory(title="孩子磨蹭怎么办", video=media, stages=["primary"])
    for n in range(6):
        ConceptLessonFactory(
            title=f"孩子磨蹭，家长怎样陪伴{n}", summary="作息、磨蹭、拖延：从一件小事做起。" * 3
        )
    EpisodeFactory(title="磨蹭不是懒", summary="孩子磨蹭的三个原因。" * 5, video=media)
    return Site(
        lesson=lesson.url,
        grade="/grade/p3/",
        search="/api/search/?q=%E7%A3%A8%E8%B9%AD",  # 磨蹭
        feed="/cloud-classroom/feed.xml",
        master=media_url(by_kind[MediaOutput.Kind.HLS_MASTER].path),
        variant=media_url(variant.path),
        segment=media_url(variant.path.rsplit("/", 1)[0] + "/" + segment),
        mp4=media_url(by_kind[MediaOutput.Kind.MP4].path),
        m4a=media_url(by_kind[MediaOutput.Kind.AUDIO_AAC].path),
        webp=media_url(by_kind[MediaOutput.Kind.POSTER_WEBP].path),
        captions=media.captions.url,
    )


@dataclass
class Fetched:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes  # as sent

    @property
    def encoding(self) -> str | None:
        return self.headers.get("content-encoding")

    @property
    def decoded(self) -> bytes:
        return DECODE[self.encoding](self.body)

    @property
    def type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0]


def through_client(client, url, **headers) -> Fetched:
    meta = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
    response = client.get(url, **meta)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return Fetched(response.status_code, {k.lower(): v for k, v in response.items()}, body)


def through_http(base_url, url, **headers) -> Fetched:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", url, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = connection.getresponse()
        body = response.read()  # http.client never decodes a Content-Encoding
        return Fetched(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
    finally:
        connection.close()


def vary(fetched: Fetched) -> set[str]:
    return {v.strip().lower() for v in fetched.headers.get("vary", "").split(",") if v.strip()}


def check_compressed(get, url, *, identity: bytes | None = None) -> dict[str, int]:
    """The same bytes in br (Brotli clients), gzip (the others) and as they are (no
    Accept-Encoding), each saying Vary: Accept-Encoding; returns the sizes sent."""
    plain = get(url)
    assert plain.status == 200, (url, plain.status)
    assert plain.encoding is None
    if identity is not None:
        assert plain.body == identity
    sizes = {"identity": len(plain.body)}
    for accept, coding in ((BROTLI, "br"), (GZIP, "gzip"), (CHROMIUM, "br")):
        fetched = get(url, accept_encoding=accept)
        assert fetched.status == 200, (url, accept)
        assert fetched.encoding == coding, (url, accept, fetched.headers)
        assert "accept-encoding" in vary(fetched), url
        assert fetched.decoded == plain.body, (url, coding)
        if len(plain.body) > 1000:  # a playlist of a few lines gains a few bytes, if any
            assert len(fetched.body) < len(plain.body) / 2, (url, coding)
        if "content-length" in fetched.headers:
            assert int(fetched.headers["content-length"]) == len(fetched.body)
        sizes[coding] = len(fetched.body)
    # Zstandard is never chosen (docs/serving.md): a client accepting only it gets identity.
    assert get(url, accept_encoding="zstd").body == plain.body
    return sizes


def check_not_compressed_and_ranges(get, url, media_type):
    whole = stored(url)
    fetched = get(url, accept_encoding=CHROMIUM)
    assert fetched.status == 200 and fetched.type == media_type, (url, fetched.headers)
    assert fetched.encoding is None and fetched.body == whole
    part = get(url, accept_encoding=CHROMIUM, range="bytes=1000-2999")
    assert part.status == 206, (url, part.status)
    assert part.encoding is None
    assert part.headers["content-range"] == f"bytes 1000-2999/{len(whole)}"
    assert part.body == whole[1000:3000]
    tail = get(url, range="bytes=-500")
    assert tail.status == 206 and tail.body == whole[-500:]
    beyond = get(url, range=f"bytes={len(whole) + 10}-")
    assert beyond.status == 416


def check_site(get, site: Site) -> None:
    for url in (site.lesson, site.grade, site.search, site.feed):
        check_compressed(get, url)
    lesson = get(site.lesson, accept_encoding=BROTLI).decoded.decode()
    assert site.master in lesson or site.mp4 in lesson, "the lesson page shows the player"
    assert "孩子磨蹭" in get(site.search, accept_encoding=BROTLI).decoded.decode()
    assert "磨蹭不是懒" in get(site.feed, accept_encoding=GZIP).decoded.decode()

    # Playlists and captions: compressed, typed, and outputs are cached for a year.
    for url, media_type in (
        (site.master, "application/vnd.apple.mpegurl"),
        (site.variant, "application/vnd.apple.mpegurl"),
        (site.captions, "text/vtt"),
    ):
        check_compressed(get, url, identity=stored(url))
        assert get(url).type == media_type
    for url in (site.master, site.variant, site.segment, site.mp4, site.m4a, site.webp):
        assert get(url).headers["cache-control"] == YEAR_IMMUTABLE, url
    captions = get(site.captions)
    assert "immutable" not in captions.headers["cache-control"], "captions can be replaced"

    # Video, audio and pictures: never compressed, byte ranges for seeking.
    check_not_compressed_and_ranges(get, site.segment, "video/mp2t")
    check_not_compressed_and_ranges(get, site.mp4, "video/mp4")
    check_not_compressed_and_ranges(get, site.m4a, "audio/mp4")
    poster = get(site.webp, accept_encoding=CHROMIUM)
    assert poster.type == "image/webp" and poster.encoding is None
    assert poster.body == stored(site.webp)

    # A range of a playlist is a range of its bytes, not of a compressed copy.
    part = get(site.variant, accept_encoding=BROTLI, range="bytes=0-6")
    assert part.status == 206 and part.encoding is None and part.body == b"#EXTM3U"

    # Revalidation with the ETag of a compressed copy: 304, nothing sent again.
    first = get(site.master, accept_encoding=BROTLI)
    assert first.headers["etag"].startswith("W/")
    again = get(site.master, accept_encoding=BROTLI, if_none_match=first.headers["etag"])
    assert again.status == 304 and again.body == b""

    # Static files without collectstatic (the demo, the tests): compressed on the fly.
    hlsjs = static(HLSJS)
    check_compressed(get, hlsjs, identity=Path(finders.find(HLSJS)).read_bytes())
    assert get(hlsjs).type == "text/javascript"


@pytest.mark.django_db
def test_pages_feed_api_and_media_through_the_test_client(client, site):
    check_site(lambda url, **headers: through_client(client, url, **headers), site)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_feed_api_and_media_through_a_real_server(live_server, site):
    # The live server runs the site's WSGI application (tests/conftest.py).
    check_site(lambda url, **headers: through_http(live_server.url, url, **headers), site)


@pytest.mark.django_db
def test_security_headers_survive_compression(client, site):
    for url in (site.lesson, site.master, static(HLSJS)):
        fetched = through_client(client, url, accept_encoding=BROTLI)
        assert fetched.encoding == "br", url
        assert "default-src 'self'" in fetched.headers["content-security-policy"], url
        assert fetched.headers["x-content-type-options"] == "nosniff", url
        assert fetched.headers["referrer-policy"] == "same-origin", url


@pytest.mark.django_db
def test_the_admin_is_compressed_too(client):
    fetched = through_client(client, "/admin/login/", accept_encoding=BROTLI)
    assert fetched.status == 200 and fetched.encoding == "br"
    assert b'name="csrfmiddlewaretoken"' in fetched.decoded


@pytest.mark.django_db
def test_a_file_outside_media_root_is_not_served(client):
    secret = Path(settings.MEDIA_ROOT).parent / "secret.txt"
    secret.write_text("not public")
    try:
        for url in ("/media/../secret.txt", "/media/%2e%2e/secret.txt", "/media//secret.txt"):
            response = client.get(url)
            assert response.status_code != 200 or b"not public" not in response.content, url
    finally:
        secret.unlink()


# Production: collectstatic with the production storage, WhiteNoise without finders.


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
