"""Production: every secret and address comes from the environment.

Required: SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS. Optional: CELERY_BROKER_URL, CACHE_URL
(a Redis database for the shared cache), ELASTICSEARCH_URL, AWS_* (S3-compatible media
storage), CDN purge settings.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def env(name, default=None, required=False):
    value = os.environ.get(name, default)
    if required and not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


DEBUG = False
SECRET_KEY = env("SECRET_KEY", required=True)
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", required=True).split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "https://" + ALLOWED_HOSTS[0])

DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL", required=True), conn_max_age=60)}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")

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
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
MEDIA_ROOT = env("MEDIA_ROOT", str(MEDIA_ROOT))  # noqa: F405
MEDIA_PIPELINE_WORK_DIR = env("MEDIA_PIPELINE_WORK_DIR", str(MEDIA_PIPELINE_WORK_DIR))  # noqa: F405
MEDIA_PIPELINE_MAX_UPLOAD_SIZE = int(
    env("MEDIA_PIPELINE_MAX_UPLOAD_SIZE", str(MEDIA_PIPELINE_MAX_UPLOAD_SIZE))  # noqa: F405
)
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

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
