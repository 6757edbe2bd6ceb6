"""The optional WeChat JS-SDK (lessons.sharing.wechat, views): the signature against WeChat's
documented example; the access token and jsapi_ticket fetched from a local server that speaks
WeChat's documented JSON (WeChat's own cannot run here), cached, refreshed before they expire,
one refresh at a time; errors answer 503; without configuration nothing of it is in the page."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.cache import cache

from lessons.sharing import wechat
from tests.factories import MicroLessonFactory, city

SITE = "http://localhost"  # the test Site's address


def test_the_signature_matches_wechats_documented_example():
    assert (
        wechat.signature(
            jsapi_ticket="sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
            noncestr="Wm3WZYTPz0wzccnW",
            timestamp=1414587457,
            url="http://mp.weixin.qq.com?params=value",
        )
        == "0f9de62fce790f9a083d5c99e95740ceb90c27ed"
    )


class WeChatStub:
    """/cgi-bin/token and /cgi-bin/ticket/getticket as WeChat documents them; `answers`
    overrides a path's next JSON; `calls` counts requests per path."""

    def __init__(self):
        self.calls = {"/cgi-bin/token": 0, "/cgi-bin/ticket/getticket": 0}
        self.answers = {}
        self.seen = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                parts = urlsplit(self.path)
                stub.calls[parts.path] = stub.calls.get(parts.path, 0) + 1
                stub.seen.append((parts.path, parse_qs(parts.query)))
                body = stub.answer(parts.path, parse_qs(parts.query))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(body).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def answer(self, path, query):
        if path in self.answers:
            return self.answers.pop(path)
        n = self.calls[path]
        if path == "/cgi-bin/token":
            if query.get("appid") != ["wx-test-app"] or query.get("secret") != ["s3cret"]:
                return {"errcode": 40013, "errmsg": "invalid appid"}
            return {"access_token": f"token-{n}", "expires_in": 7200}
        if not query.get("access_token", [""])[0].startswith("token-"):
            return {"errcode": 40001, "errmsg": "invalid credential"}
        return {"errcode": 0, "errmsg": "ok", "ticket": f"ticket-{n}", "expires_in": 7200}


@pytest.fixture
def stub(settings):
    server = WeChatStub()
    settings.WECHAT_APP_ID = "wx-test-app"
    settings.WECHAT_APP_SECRET = "s3cret"  # noqa: S105 - the stub's
    settings.WECHAT_API_BASE = server.url
    cache.clear()
    yield server
    server.server.shutdown()
    server.server.server_close()


def config(client, url=SITE + "/grade/p1/"):
    return client.get("/share/wechat-config/", {"url": url})


@pytest.mark.django_db
def test_the_config_is_signed_with_the_cached_ticket(client, stub):
    city()
    first = config(client, SITE + "/grade/p1/?a=1#top")
    assert first.status_code == 200
    data = first.json()
    assert data["appId"] == "wx-test-app"
    assert data["signature"] == wechat.signature(
        "ticket-1", data["nonceStr"], data["timestamp"], SITE + "/grade/p1/?a=1"
    )  # signed without the #fragment
    assert "no-cache" in first["Cache-Control"] and "max-age=0" in first["Cache-Control"]
    second = config(client).json()
    assert second["nonceStr"] != data["nonceStr"]
    assert stub.calls == {"/cgi-bin/token": 1, "/cgi-bin/ticket/getticket": 1}
    assert stub.seen[0][1]["grant_type"] == ["client_credential"]
    assert stub.seen[1][1]["type"] == ["jsapi"]


@pytest.mark.django_db
def test_the_ticket_is_refreshed_before_it_expires(client, stub):
    city()
    with time_machine.travel(time.time(), tick=False) as clock:
        config(client)
        clock.shift(7200 - wechat.REFRESH_MARGIN - 10)
        assert wechat.jsapi_ticket() == "ticket-1"  # still well before expiry
        clock.shift(20)  # within the margin, still valid: fetched again
        assert wechat.jsapi_ticket() == "ticket-2"
        assert stub.calls == {"/cgi-bin/token": 2, "/cgi-bin/ticket/getticket": 2}
        # A refresh that fails while the current ticket is valid keeps the current one.
        clock.shift(7200 - wechat.REFRESH_MARGIN + 10)
        stub.answers["/cgi-bin/token"] = {"errcode": -1, "errmsg": "system busy"}
        assert wechat.jsapi_ticket() == "ticket-2"
        # Past its expiry it is gone from the cache: fetched again.
        clock.shift(wechat.REFRESH_MARGIN)
        assert cache.get(wechat.TICKET_KEY) is None
        assert wechat.jsapi_ticket() == "ticket-3"  # the stub numbers each path's calls


@pytest.mark.django_db
def test_one_refresh_at_a_time(client, stub):
    city()
    config(client)
    entry = cache.get(wechat.TICKET_KEY)
    cache.set(wechat.TICKET_KEY, {**entry, "refresh_at": 0}, 600)  # due for a refresh
    cache.add(wechat.LOCK_KEY, 1, 30)  # another process is refreshing
    assert wechat.jsapi_ticket() == "ticket-1"  # the current one meanwhile, no fetch
    assert stub.calls["/cgi-bin/ticket/getticket"] == 1
    cache.delete(wechat.LOCK_KEY)
    assert wechat.jsapi_ticket() == "ticket-2"


@pytest.mark.django_db
def test_an_expired_access_token_is_fetched_again_once(client, stub):
    city()
    cache.set(wechat.TOKEN_KEY, {"value": "revoked", "refresh_at": time.time() + 3600, "ttl": 7200})
    assert config(client).status_code == 200
    assert stub.calls == {"/cgi-bin/token": 1, "/cgi-bin/ticket/getticket": 2}


@pytest.mark.django_db
def test_wechat_errors_answer_503(client, stub, settings):
    city()
    stub.answers["/cgi-bin/token"] = {"errcode": 40164, "errmsg": "invalid ip, not in whitelist"}
    refused = config(client)
    assert refused.status_code == 503 and "error" in refused.json()
    assert "no-cache" in refused["Cache-Control"]
    stub.answers["/cgi-bin/ticket/getticket"] = {"errcode": 45009, "errmsg": "api freq limit"}
    assert config(client).status_code == 503
    cache.clear()  # the token of the second request is cached: ask for a new one
    stub.answers["/cgi-bin/token"] = "not an object"
    assert config(client).status_code == 503
    settings.WECHAT_API_BASE = "http://127.0.0.1:9"  # nothing listens: a network error
    cache.clear()
    assert config(client).status_code == 503


@pytest.mark.django_db
def test_only_our_pages_are_signed(client, stub):
    city()
    for url in (
        "",
        "http://evil.example/grade/p1/",
        "https://localhost.evil.example/",
        "javascript:alert(1)",
        "//localhost/grade/",
        "http://localhost:8080/",
        SITE + "/" + "a" * 3000,
        SITE + "/\n",
        "http://[::1/",
    ):
        response = config(client, url)
        assert response.status_code == 400, url
        assert response.json()["error"]
    assert stub.calls["/cgi-bin/token"] == 0


@pytest.mark.django_db
def test_configured_pages_load_the_helper_and_stay_identical(client, stub):
    city()
    lesson = MicroLessonFactory(title="睡前十分钟", stages=["primary"])
    first, second = client.get(lesson.url), client.get(lesson.url)
    assert first.content == second.content and "public" in first["Cache-Control"]
    scripts = BeautifulSoup(first.content, "html.parser").head.find_all("script")
    helper = [s for s in scripts if "wechat_share" in s.get("src", "")]
    assert len(helper) == 1 and helper[0].has_attr("defer")
    assert helper[0]["data-config"] == "/share/wechat-config/"
    policy = first["Content-Security-Policy"]
    for directive in ("script-src", "connect-src"):
        sources = next(p for p in policy.split(";") if p.strip().startswith(directive + " "))
        assert "https://res.wx.qq.com" in sources
    assert stub.calls["/cgi-bin/token"] == 0  # nothing is fetched to render a page


@pytest.mark.django_db
def test_without_configuration_nothing_is_loaded(client, settings):
    settings.WECHAT_APP_ID = settings.WECHAT_APP_SECRET = ""
    city()
    lesson = MicroLessonFactory(title="睡前十分钟", stages=["primary"])
    response = client.get(lesson.url)
    html = response.content.decode()
    assert "wechat" not in html.lower() and "res.wx.qq.com" not in html
    assert "res.wx.qq.com" not in response["Content-Security-Policy"]
    assert client.get("/share/wechat-config/", {"url": SITE + "/"}).status_code == 404
    settings.WECHAT_APP_ID = "only-the-id"
    assert "wechat_share" not in client.get(lesson.url).content.decode()


@pytest.mark.django_db
def test_hostile_urls_are_refused_never_a_500(client, stub):
    from tests.hostile import VALUES

    city()
    for value in VALUES:
        for url in (value, f"{SITE}/{value}", f"{SITE}/?q={value}"):
            response = config(client, url)
            assert response.status_code in (200, 400), (url[:80], response.status_code)
    assert stub.calls["/cgi-bin/token"] == 1  # fetched once, then cached
