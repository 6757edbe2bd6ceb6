"""How what parents download leaves Django: compressed, with the right type and cache headers.

Two middleware, both thin layers over well-kept libraries (docs/serving.md says which layer
does what in the demo, the tests and production):

- `CompressionMiddleware` (django-http-compression): every compressible response, dynamic or
  a file, in Brotli when the client accepts it, else gzip (Vary: Accept-Encoding). Added here:
  HLS playlists count as compressible; Zstandard, which the library prefers, is never chosen
  (on our pages of a few KB it sends more bytes than gzip, docs/serving.md); a partial (206)
  response is never compressed; a compressible type always says Vary: Accept-Encoding, so a
  shared cache never hands one client's copy to another that cannot read it.
- `FilesMiddleware` (WhiteNoise): static files, and with SERVE_MEDIA_FILES (the demo and the
  tests) the files under MEDIA_ROOT, with byte ranges (206), our media types, and a year-long
  `immutable` Cache-Control on hashed static names and on transcoding outputs (a re-transcode
  writes a new prefix, media_pipeline.output_storage.upload, so a URL's bytes never change).
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.cache import patch_vary_headers
from django_http_compression.middleware import HttpCompressionMiddleware
from whitenoise.base import WhiteNoise
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.string_utils import ensure_leading_trailing_slash

ONE_YEAR = 365 * 24 * 60 * 60
FILE_BLOCK_SIZE = 64 * 1024

# The media types the player's files must have, stated here whatever WhiteNoise's table says
# (it lacks .vtt and calls .m4a audio/x-m4a).
MEDIA_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",  # the system's table says text/vnd.trolltech.linguist
    ".m4a": "audio/mp4",
    ".vtt": "text/vtt",
    ".webp": "image/webp",
}

# media_pipeline.output_storage.upload: outputs/<media id>/<12 random hex digits>/...
OUTPUTS_PATH = re.compile(r"outputs/[0-9]+/[0-9a-f]{12}/")


class CompressionMiddleware(HttpCompressionMiddleware):
    content_type_re = re.compile(
        HttpCompressionMiddleware.content_type_re.pattern
        + r"| ^application/(?:vnd\.apple\.mpegurl|x-mpegurl)$",
        re.VERBOSE | re.IGNORECASE,
    )

    def maybe_compress(self, request, response):
        if response.status_code == 206 or response.has_header("Content-Range"):
            return  # a range of the identity bytes; compressing it would corrupt it
        content_type = response.headers.get("Content-Type", "").split(";", 1)[0]
        if self.content_type_re.match(content_type):
            patch_vary_headers(response, ("Accept-Encoding",))
        super().maybe_compress(_WithoutZstd(request), response)


class _WithoutZstd:
    """What the library reads of the request (its Accept-Encoding), with zstd left out."""

    def __init__(self, request):
        accepted = request.headers.get("Accept-Encoding", "").split(",")
        kept = [c for c in accepted if c.split(";", 1)[0].strip().lower() != "zstd"]
        self.headers = {"accept-encoding": ",".join(kept)}


class MediaFiles(WhiteNoise):
    """MEDIA_ROOT at MEDIA_URL, looked up on every request (uploads and transcodes add files
    while the server runs)."""

    FOREVER = ONE_YEAR

    def __init__(self, root, url, *, max_age):
        super().__init__(None, autorefresh=True, max_age=max_age, mimetypes=MEDIA_TYPES)
        self.media_prefix = ensure_leading_trailing_slash(urlsplit(url).path)
        self.add_files(root, prefix=self.media_prefix)

    def immutable_file_test(self, path, url):
        return OUTPUTS_PATH.match(url.removeprefix(self.media_prefix)) is not None


class FilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise's middleware (static files, WHITENOISE_* settings), a year for hashed names,
    and MEDIA_ROOT too when SERVE_MEDIA_FILES is on."""

    FOREVER = ONE_YEAR

    def __init__(self, get_response=None, settings=settings):
        super().__init__(get_response, settings)
        self.media_files = None
        if getattr(settings, "SERVE_MEDIA_FILES", False):
            self.media_files = MediaFiles(
                settings.MEDIA_ROOT, settings.MEDIA_URL, max_age=self.max_age
            )

    def __call__(self, request):
        found = None
        if self.media_files and request.path_info.startswith(self.media_files.media_prefix):
            found = self.media_files.find_file(request.path_info)
        elif self.autorefresh:
            found = self.find_file(request.path_info)
        else:
            found = self.files.get(request.path_info)
        if found is None:
            return self.get_response(request)
        # CompressionMiddleware weakens the ETag of what it compresses on the fly; If-None-Match
        # compares weakly (RFC 9110 13.1.2), WhiteNoise byte for byte.
        etag = request.META.get("HTTP_IF_NONE_MATCH", "")
        if etag.startswith("W/"):
            request.META["HTTP_IF_NONE_MATCH"] = etag[2:]
        response = self.serve(found, request)
        # FileResponse reads 4 KB at a time, and on-the-fly compression flushes after each
        # piece: 64 KB pieces make Brotli's output of hls.js in the demo 4% smaller.
        response.block_size = FILE_BLOCK_SIZE
        return response
