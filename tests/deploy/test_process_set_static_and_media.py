"""The production process set's static files and media, driven through nginx as parents and
editors reach them (the set: conftest.py, tests/process_set/).

Checked: a static file (hashed name, immutable, precompressed), an upload through the real
admin transcoded by the worker, a byte range of an HLS segment, CORS on a playlist, originals
never served. Pages: test_process_set_pages.py.
"""

import http.client
import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import requests

from tests.media_pipeline import clips
from tests.worker import wait_for

from .process_set_site import ADMIN, CORS_ORIGIN, get

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(not shutil.which("nginx"), reason="deploy/packages.sh install serve"),
]


def test_a_static_file_hashed_immutable_precompressed(ps):
    manifest = json.loads((ps.static_root / "staticfiles.json").read_text())["paths"]
    hashed = manifest["media_pipeline/player.js"]
    assert re.fullmatch(r"media_pipeline/player\.[0-9a-f]{12}\.js", hashed)
    on_disk = (ps.static_root / hashed).read_bytes()

    for encoding, precompressed in (("br", ".br"), ("gzip", ".gz")):
        response = get(ps, f"/static/{hashed}", **{"Accept-Encoding": encoding})
        assert response.status_code == 200
        assert response.headers["Server"] == "nginx"  # from disk, not from gunicorn
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        assert response.headers["Content-Type"].startswith("application/javascript")
        size = (ps.static_root / (hashed + precompressed)).stat().st_size
        assert int(response.headers["Content-Length"]) == size  # the file collectstatic wrote
        assert response.content == on_disk

    unhashed = get(ps, "/static/media_pipeline/player.js")
    assert unhashed.headers["Cache-Control"] == "public, max-age=60"
    assert get(ps, "/static/media_pipeline/nothing.js").status_code == 404


class PlainHttpSession(requests.Session):
    """Production's session and CSRF cookies are Secure; this test speaks plain http on
    loopback, where requests would never send them back. (Follow no redirects with it: a
    cookie set on a redirect would be Secure for the next hop.)"""

    def send(self, request, **kwargs):
        response = super().send(request, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response


@pytest.fixture(scope="module")
def admin(ps):
    """An editor signed in through nginx."""
    session = PlainHttpSession()
    login = session.get(ps.url + "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    signed_in = session.post(
        ps.url + "/admin/login/",
        data={"csrfmiddlewaretoken": token, "username": ADMIN, "password": ps.password},
        allow_redirects=False,
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]
    dashboard = session.get(ps.url + "/admin/", allow_redirects=False)
    assert dashboard.status_code == 200 and "/admin/logout/" in dashboard.text, ps.logs()
    return session


@pytest.fixture(scope="module")
def transcoded(ps, admin, tmp_path_factory):
    """A clip uploaded through the admin's media form, transcoded by the worker."""
    clip = clips.video(tmp_path_factory.mktemp("clip") / "开学第一课.mp4", seconds=2)
    form = admin.get(ps.url + "/admin/media/video/add/", allow_redirects=False)
    assert form.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    collection = re.search(r'<option value="([0-9]+)"[^>]*>', form.text).group(1)
    with clip.open("rb") as fh:
        response = admin.post(
            ps.url + "/admin/media/video/add/",
            data={"csrfmiddlewaretoken": token, "title": "部署测试视频",
                  "collection": collection, "tags": ""},
            files={"file": (clip.name, fh, "video/mp4")},
            allow_redirects=False,
        )  # fmt: skip
    assert response.status_code == 302, response.text[:3000]

    def status():
        ids = ",".join(str(i) for i in range(1, 51))  # a new database: the one item is there
        items = admin.get(
            ps.url + "/admin/media-pipeline/status/", params={"ids": ids}, allow_redirects=False
        ).json()
        assert len(items) == 1, items
        ((media_id, item),) = items.items()
        return item["status"] in ("ready", "failed") and (int(media_id), item)

    media_id, item = wait_for(status, 120, "the worker to transcode the upload:\n" + ps.logs())
    assert item["status"] == "ready", item["error"] + "\n" + ps.log("worker").read_text()[-3000:]
    (prefix,) = (ps.media_root / "outputs" / str(media_id)).iterdir()
    return prefix


def test_an_upload_is_transcoded_by_the_worker(ps, transcoded):
    assert re.fullmatch(r"[0-9a-f]{12}", transcoded.name)
    assert (transcoded / "hls" / "master.m3u8").is_file()
    assert "transcode_media" in ps.log("worker").read_text()


def media_url(ps, path: Path) -> str:
    return "/media/" + path.relative_to(ps.media_root).as_posix()


def test_a_byte_range_of_an_hls_segment_through_nginx(ps, transcoded):
    master = transcoded / "hls" / "master.m3u8"
    variant = next(line for line in master.read_text().splitlines() if line.endswith(".m3u8"))
    variant = master.parent / variant
    segment = next(
        line for line in variant.read_text().splitlines() if line and not line.startswith("#")
    )
    segment = variant.parent / segment
    assert segment.suffix == ".ts"

    response = get(ps, media_url(ps, segment), Range="bytes=188-375")  # the second TS packet
    assert response.status_code == 206
    assert response.headers["Content-Type"] == "video/mp2t"
    assert response.headers["Content-Range"] == f"bytes 188-375/{segment.stat().st_size}"
    assert response.content == segment.read_bytes()[188:376]
    assert response.content[0] == 0x47  # an MPEG-TS sync byte
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Encoding" not in response.headers

    past_the_end = get(ps, media_url(ps, segment), Range=f"bytes={segment.stat().st_size}-")
    assert past_the_end.status_code == 416


def test_playlists_carry_cors_for_the_configured_origin(ps, transcoded):
    playlist = media_url(ps, transcoded / "hls" / "master.m3u8")
    allowed = get(ps, playlist, Origin=CORS_ORIGIN, **{"Accept-Encoding": "gzip"})
    assert allowed.status_code == 200
    assert allowed.headers["Content-Type"] == "application/vnd.apple.mpegurl; charset=utf-8"
    assert allowed.headers["Access-Control-Allow-Origin"] == CORS_ORIGIN
    assert "Origin" in allowed.headers["Vary"]
    assert allowed.headers["Content-Encoding"] == "gzip"
    assert allowed.text.startswith("#EXTM3U")

    other = get(ps, playlist, Origin="https://elsewhere.example.com")
    assert other.status_code == 200 and "Access-Control-Allow-Origin" not in other.headers

    assert allowed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    missing = get(ps, playlist.replace("master.m3u8", "nothing.m3u8"), Origin=CORS_ORIGIN)
    assert missing.status_code == 404


def raw_get(ps, path: str) -> int:
    """A request line sent as written (no client-side normalising of dot segments)."""
    host = urlsplit(ps.url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=10)
    try:
        conn.putrequest("GET", path, skip_accept_encoding=True)
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()


def test_originals_are_never_served(ps, transcoded):
    (original,) = [p for p in ps.originals_root.rglob("*") if p.is_file()]
    relative = quote(original.relative_to(ps.originals_root).as_posix())
    for path in (
        f"/media/{relative}",
        f"/media/originals/{relative}",
        f"/media/private/originals/{relative}",
        f"/private/originals/{relative}",
        f"/media/../private/originals/{relative}",
        f"/media/outputs/../../private/originals/{relative}",
        f"/media/outputs/%2e%2e/%2e%2e/private/originals/{relative}",
    ):
        assert raw_get(ps, path) in (400, 403, 404), path
    # Documents are not served from disk either (Wagtail's view checks their collection).
    documents = ps.media_root / "documents"
    documents.mkdir(exist_ok=True)
    (documents / "private.pdf").write_bytes(b"%PDF-1.4")
    assert raw_get(ps, "/media/documents/private.pdf") == 404
