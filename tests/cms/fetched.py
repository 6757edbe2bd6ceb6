"""What a parent's browser fetches, as sent (test_compression*.py): through Django's test
client or through a real HTTP server, with the Accept-Encoding values browsers send, and what
the site promises about it (docs/serving.md)."""

import gzip
import http.client
from dataclasses import dataclass
from urllib.parse import urlsplit

import brotli

YEAR_IMMUTABLE = "max-age=31536000, public, immutable"
CHROMIUM = "gzip, deflate, br, zstd"  # what Chromium sends
BROTLI = "gzip, deflate, br"
GZIP = "gzip, deflate"
HLSJS = "media_pipeline/vendor/hls.light.min.js"

DECODE = {
    None: lambda body: body,
    "gzip": gzip.decompress,
    "br": brotli.decompress,
}


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
