"""What parents download is compressed, typed and cached as docs/serving.md says (issue 15).

Through Django's test client and through a real HTTP server: pytest-django's live server
running the site's own WSGI application, the one runserver and gunicorn run (Django's test
handlers would serve /static/ and /media/ themselves, past every middleware). The pages, the
API, the feed and the media are real: a clip made with ffmpeg and run through the pipeline.
Static files as production serves them (collectstatic, hashed names): test_compression_static.py.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.templatetags.static import static

from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from media_pipeline.models import MediaOutput
from tests.factories import ConceptLessonFactory, EpisodeFactory, MicroLessonFactory, city
from tests.media_pipeline import clips

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

CAPTIONS = "WEBVTT\n\n" + "".join(
    f"00:00:{n:02d}.000 --> 00:00:{n + 1:02d}.000\n各位家长好，今天我们聊聊孩子的作息。第{n}句。\n\n"
    for n in range(4)
)


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
