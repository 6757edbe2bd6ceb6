"""The WeChat JS-SDK's signed config (optional: WECHAT_APP_ID and WECHAT_APP_SECRET).

WeChat's documented flow (公众号 JS-SDK, 附录1 签名算法): an access_token from
/cgi-bin/token with the app id and secret, a jsapi_ticket from /cgi-bin/ticket/getticket
with it, each valid for `expires_in` seconds (7200) and to be cached by the caller, since
WeChat limits how often they may be fetched; then, per page URL, signature = sha1 of
"jsapi_ticket=…&noncestr=…&timestamp=…&url=…" (keys in ASCII order, values raw).

Both are kept in Django's default cache (Redis in production, shared by every process) and
fetched again REFRESH_MARGIN seconds before they expire, by one process at a time (a lock
taken with cache.add); the others keep using the current ticket, or wait briefly for the
first one. WECHAT_API_BASE points the client elsewhere (the tests' local stub server).
"""

import hashlib
import json
import logging
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

SDK_ORIGIN = "https://res.wx.qq.com"  # jweixin-1.6.0.js (wechat_share.js; the CSP allows it)
TOKEN_KEY = "sharing:wechat:access_token"
TICKET_KEY = "sharing:wechat:jsapi_ticket"
LOCK_KEY = "sharing:wechat:refreshing"
REFRESH_MARGIN = 600  # seconds before expiry: fetch a new one
EXPIRY_MARGIN = 60  # seconds before expiry: no longer used at all
LOCK_SECONDS = 30
WAIT_SECONDS = 5  # how long a request waits for another process's first fetch
TIMEOUT = 5
# errcodes that mean the access token is no longer valid (fetch a new one and retry once)
TOKEN_INVALID = {40001, 40014, 42001}


class WeChatError(Exception):
    """WeChat could not be reached or refused (`code`: its errcode, if it answered one)."""

    def __init__(self, message: str, code=None):
        super().__init__(message)
        self.code = code


def configured() -> bool:
    """An official account is configured: the pages load the JS-SDK helper."""
    return bool(settings.WECHAT_APP_ID and settings.WECHAT_APP_SECRET)


def signature(jsapi_ticket: str, noncestr: str, timestamp: int | str, url: str) -> str:
    """WeChat's JS-SDK signature: sha1 of the four fields, keys sorted, values as they are."""
    fields = {"jsapi_ticket": jsapi_ticket, "noncestr": noncestr, "timestamp": timestamp}
    fields["url"] = url
    text = "&".join(f"{key}={fields[key]}" for key in sorted(fields))
    return hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 - WeChat's algorithm


def _get(path: str, **params) -> dict:
    """GET a WeChat API path; its JSON answer, or WeChatError (network, errcode ≠ 0)."""
    url = settings.WECHAT_API_BASE.rstrip("/") + path + "?" + urllib.parse.urlencode(params)
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:  # noqa: S310 - https
            data = json.loads(response.read(100_000))
    except (OSError, ValueError) as error:
        raise WeChatError(f"{path}: {error.__class__.__name__}") from error
    if not isinstance(data, dict):
        raise WeChatError(f"{path}: not a JSON object")
    if data.get("errcode", 0) != 0:
        code = data.get("errcode")
        raise WeChatError(f"{path}: errcode {code} {data.get('errmsg', '')}", code)
    return data


def _entry(value: str, expires_in) -> dict:
    try:
        seconds = max(int(expires_in), EXPIRY_MARGIN * 2)
    except (TypeError, ValueError):
        seconds = 7200
    now = time.time()
    return {"value": value, "refresh_at": now + seconds - REFRESH_MARGIN, "ttl": seconds}


def _store(key: str, entry: dict) -> None:
    cache.set(key, entry, timeout=entry["ttl"] - EXPIRY_MARGIN)


def _fetch_token() -> dict:
    data = _get(
        "/cgi-bin/token",
        grant_type="client_credential",
        appid=settings.WECHAT_APP_ID,
        secret=settings.WECHAT_APP_SECRET,
    )
    if not data.get("access_token"):
        raise WeChatError("/cgi-bin/token: no access_token")
    entry = _entry(data["access_token"], data.get("expires_in"))
    _store(TOKEN_KEY, entry)
    return entry


def _fetch_ticket() -> dict:
    token = cache.get(TOKEN_KEY)
    if token is None or time.time() >= token["refresh_at"]:
        token = _fetch_token()
    try:
        data = _get("/cgi-bin/ticket/getticket", access_token=token["value"], type="jsapi")
    except WeChatError as error:
        if error.code not in TOKEN_INVALID:
            raise
        data = _get("/cgi-bin/ticket/getticket", access_token=_fetch_token()["value"], type="jsapi")
    if not data.get("ticket"):
        raise WeChatError("/cgi-bin/ticket/getticket: no ticket")
    entry = _entry(data["ticket"], data.get("expires_in"))
    _store(TICKET_KEY, entry)
    return entry


def _refresh(current: dict | None) -> str:
    """Fetch a new ticket under the lock; without the lock, the current ticket (or the one
    another process is fetching, after a short wait)."""
    if cache.add(LOCK_KEY, 1, timeout=LOCK_SECONDS):
        try:
            return _fetch_ticket()["value"]
        except WeChatError:
            if current is None:
                raise
            logger.warning("WeChat jsapi_ticket refresh failed; the current one is used.")
            return current["value"]
        finally:
            cache.delete(LOCK_KEY)
    if current is not None:
        return current["value"]
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(0.1)
        entry = cache.get(TICKET_KEY)
        if entry is not None:
            return entry["value"]
    raise WeChatError("jsapi_ticket: another process is fetching it")


def jsapi_ticket() -> str:
    """The current jsapi_ticket: from the cache, fetched again before it expires."""
    entry = cache.get(TICKET_KEY)
    if entry is not None and time.time() < entry["refresh_at"]:
        return entry["value"]
    return _refresh(entry)


def js_config(url: str) -> dict:
    """What wx.config needs for the page at `url` (no #fragment): WeChatError if WeChat
    cannot be asked."""
    nonce = secrets.token_hex(8)
    timestamp = int(time.time())
    return {
        "appId": settings.WECHAT_APP_ID,
        "timestamp": timestamp,
        "nonceStr": nonce,
        "signature": signature(jsapi_ticket(), nonce, timestamp, url),
    }
