"""Exit 0 when this container's gunicorn answers /healthz with 200 (Docker HEALTHCHECK).

It asks as the proxy would: with the site's host name (ALLOWED_HOSTS) and
X-Forwarded-Proto: https, so that neither the host check nor the HTTPS redirect gets in the way.
"""

import os
import sys
import urllib.error
import urllib.request

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")[0]
port = bind.rsplit(":", 1)[-1]
host = os.environ.get("ALLOWED_HOSTS", "localhost").split(",")[0].strip().lstrip(".")
request = urllib.request.Request(
    f"http://127.0.0.1:{port}/healthz", headers={"Host": host, "X-Forwarded-Proto": "https"}
)
try:
    with urllib.request.urlopen(request, timeout=5) as response:
        sys.exit(0 if response.status == 200 else 1)
except (urllib.error.URLError, OSError) as error:
    print(f"unhealthy: {error}", file=sys.stderr)
    sys.exit(1)
