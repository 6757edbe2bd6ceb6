#!/usr/bin/env bash
# Write the nginx site (deploy/nginx/parentschool.conf with its @NAME@ fields filled in) to
# stdout, from the environment: the services' EnvironmentFile plus a few NGINX_* variables.
#
#   set -a; . /etc/parentschool/env; set +a
#   deploy/nginx/render.sh > /etc/nginx/sites-available/parentschool && nginx -t
#
# Read:
#   STATIC_ROOT, MEDIA_ROOT          required, absolute paths (as Django has them)
#   ALLOWED_HOSTS                    server_name (commas become spaces) unless NGINX_SERVER_NAME
#   GUNICORN_BIND                    the upstream, default 127.0.0.1:8000 (unix:/path works too)
#   GUNICORN_TIMEOUT                 proxy timeouts are this plus 15 s (default 60)
#   MEDIA_PIPELINE_MAX_UPLOAD_SIZE   bytes; /admin/ takes this plus 1 MiB (default 2 GiB)
#   MEDIA_CORS_ORIGINS               origins allowed to fetch /media/ with CORS, comma-separated
#                                    (https://www.example.cn,https://example.cn), or *; empty: none
#   NGINX_LISTEN                     default 80, or "443 ssl http2" with a certificate
#   NGINX_PAGE_CACHE_DIR             nginx's page cache, default /var/cache/nginx/parentschool
#   NGINX_TLS_CERTIFICATE, NGINX_TLS_CERTIFICATE_KEY
#                                    PEM paths: TLS on 443 and a redirect from 80
set -euo pipefail
template="$(dirname "$0")/parentschool.conf"

fail() { echo "render.sh: $*" >&2; exit 2; }

: "${STATIC_ROOT:?set STATIC_ROOT}" "${MEDIA_ROOT:?set MEDIA_ROOT}"
R_STATIC_ROOT="${STATIC_ROOT%/}"
R_MEDIA_ROOT="${MEDIA_ROOT%/}"
for path in "$R_STATIC_ROOT" "$R_MEDIA_ROOT"; do
  [[ "$path" == /* ]] || fail "STATIC_ROOT and MEDIA_ROOT must be absolute paths: $path"
done

R_SERVER_NAME="${NGINX_SERVER_NAME:-$(echo "${ALLOWED_HOSTS:-_}" | tr ',' ' ')}"
R_UPSTREAM="${GUNICORN_BIND:-127.0.0.1:8000}"
R_UPSTREAM="${R_UPSTREAM%%,*}"  # gunicorn may bind several addresses: nginx takes the first
R_PAGE_CACHE_DIR="${NGINX_PAGE_CACHE_DIR:-/var/cache/nginx/parentschool}"
R_PROXY_TIMEOUT=$(( ${GUNICORN_TIMEOUT:-60} + 15 ))
R_MAX_BODY=$(( ${MEDIA_PIPELINE_MAX_UPLOAD_SIZE:-2147483648} + 1048576 ))

tls=0
R_TLS_CERTIFICATE="${NGINX_TLS_CERTIFICATE:-}"
R_TLS_CERTIFICATE_KEY="${NGINX_TLS_CERTIFICATE_KEY:-}"
if [ -n "$R_TLS_CERTIFICATE" ]; then
  [ -n "$R_TLS_CERTIFICATE_KEY" ] || fail "NGINX_TLS_CERTIFICATE_KEY is needed with NGINX_TLS_CERTIFICATE"
  tls=1
fi
R_LISTEN="${NGINX_LISTEN:-$([ "$tls" = 1 ] && echo "443 ssl http2" || echo 80)}"

# CORS: one map line per origin, or "*" for every origin (public files, no credentials).
R_CORS_DEFAULT='""'
R_CORS_ORIGINS=""
R_CORS_VARY=""
IFS=',' read -r -a origins <<< "${MEDIA_CORS_ORIGINS:-}"
for origin in "${origins[@]}"; do
  origin="$(echo "$origin" | tr -d '[:space:]')"
  [ -n "$origin" ] || continue
  if [ "$origin" = "*" ]; then
    R_CORS_DEFAULT='"*"'
    R_CORS_ORIGINS=""
    R_CORS_VARY=""
    break
  fi
  [[ "$origin" =~ ^https?://[A-Za-z0-9.-]+(:[0-9]+)?$ ]] \
    || fail "MEDIA_CORS_ORIGINS: not an origin (scheme://host[:port]): $origin"
  R_CORS_ORIGINS+="${R_CORS_ORIGINS:+$'\n    '}\"$origin\" \$http_origin;"
  R_CORS_VARY="Origin"
done

export R_PAGE_CACHE_DIR R_STATIC_ROOT R_MEDIA_ROOT R_SERVER_NAME R_UPSTREAM R_PROXY_TIMEOUT R_MAX_BODY \
  R_TLS_CERTIFICATE R_TLS_CERTIFICATE_KEY R_LISTEN R_CORS_DEFAULT R_CORS_ORIGINS R_CORS_VARY
for name in R_PAGE_CACHE_DIR R_STATIC_ROOT R_MEDIA_ROOT R_SERVER_NAME R_UPSTREAM R_TLS_CERTIFICATE \
  R_TLS_CERTIFICATE_KEY R_LISTEN; do
  [[ "${!name}" != *[\"\;\{\}\$\\]* && "${!name}" != *$'\n'* ]] \
    || fail "${name#R_} must not contain quotes, ';', braces, '\$' or backslashes"
done

awk -v tls="$tls" '
  BEGIN {
    split("PAGE_CACHE_DIR STATIC_ROOT MEDIA_ROOT SERVER_NAME UPSTREAM PROXY_TIMEOUT MAX_BODY TLS_CERTIFICATE " \
          "TLS_CERTIFICATE_KEY LISTEN CORS_DEFAULT CORS_ORIGINS CORS_VARY", names, " ")
  }
  /^#TLS# ?/ { if (!tls) next; sub(/^#TLS# ?/, "") }
  {
    for (i in names) {
      value = ENVIRON["R_" names[i]]
      gsub(/\\/, "\\\\", value); gsub(/&/, "\\\\&", value)
      gsub("@" names[i] "@", value)
    }
    if ($0 !~ /^[ \t]*#/ && $0 ~ /@[A-Z_]+@/) { print "render.sh: unknown field in: " $0 > "/dev/stderr"; exit 3 }
    print
  }
' "$template"
