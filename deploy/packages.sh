#!/usr/bin/env bash
# The Debian packages the platform needs, in one place for make, .ci/run and the Dockerfile.
#
#   deploy/packages.sh list GROUP...      print the packages of the groups
#   deploy/packages.sh missing GROUP...   print those not installed
#   deploy/packages.sh install GROUP...   install the missing ones (root and apt-get),
#                                         else say what to install and exit 1
#
# Groups:
#   runtime  what the web and worker processes call: ffmpeg (transcoding, probing, the demo's
#            generated videos), a Chinese font, Pango and fontconfig (handout PDFs, WeasyPrint)
#   serve    the production front: nginx, and its module serving the .br files collectstatic
#            writes (brotli_static; deploy/nginx/parentschool.conf)
#   build    what `make` needs beside Python: make, gettext (compilemessages)
#   test     what the test suite drives: Chromium and its driver, zbar (reading QR codes),
#            poppler (PDF pages to PNG), PostgreSQL and Redis servers
set -euo pipefail

group() {
  case "$1" in
    runtime) echo ffmpeg fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 ;;
    serve) echo nginx libnginx-mod-http-brotli-static libnginx-mod-http-cache-purge ;;
    build) echo make gettext ;;
    test) echo chromium chromium-driver zbar-tools poppler-utils postgresql redis-server ;;
    *) echo "unknown group: $1 (runtime, serve, build, test)" >&2; exit 2 ;;
  esac
}

packages() {
  local g
  for g in "$@"; do group "$g"; done | tr ' ' '\n' | awk 'NF && !seen[$0]++'
}

missing() {
  local p
  for p in $(packages "$@"); do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

command="${1:-}"
shift || true
[ $# -gt 0 ] || { echo "usage: $0 list|missing|install GROUP..." >&2; exit 2; }
case "$command" in
  list) packages "$@" ;;
  missing) missing "$@" ;;
  install)
    mapfile -t needed < <(missing "$@")
    ((${#needed[@]})) || exit 0
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get install -y -q --no-install-recommends "${needed[@]}" \
        || { apt-get update -q && apt-get install -y -q --no-install-recommends "${needed[@]}"; }
    else
      echo "Missing system packages: ${needed[*]}" >&2
      echo "Install them as root: apt-get install ${needed[*]}" >&2
      exit 1
    fi
    ;;
  *) echo "usage: $0 list|missing|install GROUP..." >&2; exit 2 ;;
esac
