"""Production: every secret and address comes from the environment.

Required: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS. Optional: CELERY_BROKER_URL, CACHE_URL
(a Redis database for the shared cache), ELASTICSEARCH_URL, AWS_* (S3-compatible media
storage), CDN purge settings, HTTPS/HSTS, TRUSTED_PROXY_COUNT, CSP_MEDIA_ORIGINS, EMAIL_*.
"""

import os
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def env(name, default=None, required=False):
    value = os.environ.get(name, default)
    if required and not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    if value.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if value.strip().lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


DEBUG = False
SECRET_KEY = env("SECRET_KEY", required=True)
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", required=True).split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "https://" + ALLOWED_HOSTS[0])

DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL", required=True), conn_max_age=60)}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
# How often beat runs scheduled publishing (seconds; the process-set test uses 2).
CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]["schedule"] = float(  # noqa: F405
    env("PUBLISH_SCHEDULED_INTERVAL", "60")
)

# One cache for every web and worker process: synonym groups and search word shares are
# dropped from it on save, and each process's own memory would keep stale copies.
# Django's Redis backend (redis-py comes with celery[redis]).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", "redis://127.0.0.1:6379/1"),
        "KEY_PREFIX": "parentschool",
    }
}

# Public pages for anonymous parents are served from that cache (cms/page_cache.py) and
# purged when editors publish (cms/purging.py); PAGE_CACHE_SECONDS=0 turns it off.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", str(PARENT_PAGE_SHARED_MAX_AGE)))  # noqa: F405
# nginx's own page cache in front (deploy/nginx), purged too: its addresses, comma-separated
# (http://127.0.0.1 when nginx runs on the same machine).
PAGE_CACHE_NGINX = [u.strip() for u in env("PAGE_CACHE_NGINX", "").split(",") if u.strip()]

# Wagtail's background work (search index updates on publish and unpublish) goes to the same
# Celery workers, after the transaction commits; dev and tests run it immediately.
TASKS = {"default": {"BACKEND": "cms.task_backend.CeleryTaskBackend"}}

# Chinese search on Elasticsearch 8 (docs/search-elasticsearch.md); without it, the database
# backend from base.py. ELASTICSEARCH_URL may list several nodes, separated by commas.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": [u.strip() for u in ELASTICSEARCH_URL.split(",") if u.strip()],
            "INDEX_PREFIX": env("ELASTICSEARCH_INDEX_PREFIX", "parentschool_"),
            "TIMEOUT": int(env("ELASTICSEARCH_TIMEOUT", "10")),
        }
    }

# Static files: `collectstatic` writes hashed names and their .br and .gz next to them;
# WhiteNoise (cms.serving.FilesMiddleware) serves those with a year-long immutable
# Cache-Control, to nginx or a CDN in front (docs/serving.md).
STATIC_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"

# Media on S3-compatible object storage when a bucket is configured
# (Aliyun OSS, Tencent COS, MinIO and AWS all speak the S3 API).
if env("AWS_STORAGE_BUCKET_NAME"):
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
                "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
                "region_name": env("AWS_S3_REGION_NAME"),
                "access_key": env("AWS_ACCESS_KEY_ID"),
                "secret_key": env("AWS_SECRET_ACCESS_KEY"),
                "custom_domain": env("AWS_S3_CUSTOM_DOMAIN"),
                "file_overwrite": False,
                "default_acl": None,
            },
        },
        "staticfiles": {"BACKEND": STATIC_STORAGE},
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": STATIC_STORAGE},
    }
MEDIA_ROOT = env("MEDIA_ROOT", str(MEDIA_ROOT))  # noqa: F405
MEDIA_PIPELINE_WORK_DIR = env("MEDIA_PIPELINE_WORK_DIR", str(MEDIA_PIPELINE_WORK_DIR))  # noqa: F405
MEDIA_PIPELINE_MAX_UPLOAD_SIZE = int(
    env("MEDIA_PIPELINE_MAX_UPLOAD_SIZE", str(MEDIA_PIPELINE_MAX_UPLOAD_SIZE))  # noqa: F405
)
# Originals are never public: a local directory outside MEDIA_ROOT that the web server does
# not serve, or, with object storage, a private bucket (MEDIA_PIPELINE_ORIGINALS_BUCKET,
# recommended) or else a private prefix of the media bucket, written with a private ACL and
# read only by workers and the admin's permission-checked download (a 5-minute signed URL).
_originals_root = str(MEDIA_PIPELINE_ORIGINALS_ROOT)  # noqa: F405
MEDIA_PIPELINE_ORIGINALS_ROOT = env("MEDIA_PIPELINE_ORIGINALS_ROOT", _originals_root)
if env("AWS_STORAGE_BUCKET_NAME"):
    MEDIA_PIPELINE_ORIGINALS_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("MEDIA_PIPELINE_ORIGINALS_BUCKET", env("AWS_STORAGE_BUCKET_NAME")),
            "location": env("MEDIA_PIPELINE_ORIGINALS_PREFIX", "private/originals"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL"),
            "region_name": env("AWS_S3_REGION_NAME"),
            "access_key": env("AWS_ACCESS_KEY_ID"),
            "secret_key": env("AWS_SECRET_ACCESS_KEY"),
            "custom_domain": None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
STATIC_ROOT = env("STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405

# Purge the CDN when a page is published, so parents get news within seconds
# although pages are cached for minutes. Configure with CDN_PURGE_URL (an HTTP
# purge endpoint, e.g. a Varnish/nginx proxy in front of the site).
if env("CDN_PURGE_URL"):
    INSTALLED_APPS = [*INSTALLED_APPS, "wagtail.contrib.frontend_cache"]  # noqa: F405
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env("CDN_PURGE_URL"),
        }
    }

# HTTPS. Behind a reverse proxy that sets X-Forwarded-Proto (and X-Forwarded-For, see
# TRUSTED_PROXY_COUNT). HSTS for a year by default, subdomains included unless turned off;
# preload is a commitment that is hard to undo, so it is off unless SECURE_HSTS_PRELOAD=true.
# A setting turned off on purpose silences its `check --deploy` warning.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)  # false if the proxy redirects
SECURE_REDIRECT_EXEMPT = [r for r in env("SECURE_REDIRECT_EXEMPT", "").split(",") if r]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SILENCED_SYSTEM_CHECKS = [
    check
    for check, off_on_purpose in [
        ("security.W008", not SECURE_SSL_REDIRECT),
        ("security.W004", not SECURE_HSTS_SECONDS),
        ("security.W005", not SECURE_HSTS_INCLUDE_SUBDOMAINS),
        ("security.W021", not SECURE_HSTS_PRELOAD),
    ]
    if off_on_purpose
]
# Sign-in lockout (django-axes): how many reverse proxies append to X-Forwarded-For in front of
# Django (1: nginx with `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for`; 0: none).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "1"))

# Media served from another origin (a CDN or the object storage's own domain) must be allowed
# for the player (video, audio, posters, and hls.js's requests for playlists and segments).
CSP_MEDIA_ORIGINS = [o.strip() for o in env("CSP_MEDIA_ORIGINS", "").split(",") if o.strip()]
if env("AWS_S3_CUSTOM_DOMAIN"):
    CSP_MEDIA_ORIGINS.append("https://" + env("AWS_S3_CUSTOM_DOMAIN"))
if CSP_MEDIA_ORIGINS:
    _directives = CONTENT_SECURITY_POLICY["DIRECTIVES"]  # noqa: F405
    for _directive in ("img-src", "media-src", "connect-src"):
        _directives[_directive] = [*_directives[_directive], *CSP_MEDIA_ORIGINS]

# E-mail (password resets, workflow notifications to reviewers) through an SMTP server.
# Failures are logged as errors (Wagtail's notifier, Django's reset form, cms/accounts.py).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)  # implicit TLS, usually port 465
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
EMAIL_PORT = int(env("EMAIL_PORT", "465" if EMAIL_USE_SSL else "587" if EMAIL_USE_TLS else "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
_site_host = urlsplit(WAGTAILADMIN_BASE_URL).hostname or "localhost"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"网上家长学校 <noreply@{_site_host}>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
