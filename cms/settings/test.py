"""Test settings: a real PostgreSQL (DATABASE_URL) and a real Redis broker."""

import os

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/parentschool"),
        conn_max_age=0,
    )
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One directory per test run, so that two runs on a machine never wipe each other's files;
# put in the environment so that the worker and browser processes a run starts share it.
TEST_FILES_DIR = os.environ.setdefault("TEST_FILES_DIR", f"/tmp/parentschool-test-{os.getpid()}")
MEDIA_ROOT = f"{TEST_FILES_DIR}/media"
MEDIA_PIPELINE_WORK_DIR = f"{TEST_FILES_DIR}/work"
MEDIA_PIPELINE_ORIGINALS_ROOT = f"{TEST_FILES_DIR}/private/originals"  # outside MEDIA_ROOT
MEDIA_URL = "/media/"
SERVE_MEDIA_FILES = True  # the browser tests play media from the live server
# Static files straight from the apps' directories, as in the demo: no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Our search backend indexes on every save (django-tasks' immediate backend in tests).
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "search.backends.database"},
}

# modelsearch's own test app (Book, Author, Novel …), for the backend contract suite
# (tests/search/test_modelsearch_contract.py).
INSTALLED_APPS = [*INSTALLED_APPS, "modelsearch.test.testapp"]  # noqa: F405
# Its migrations depend on the `modelsearch` app label, which Wagtail installs as
# `wagtailsearch`: its tables are created from the models instead.
MIGRATION_MODULES = {"searchtests": None}

# Embedding a lesson takes a few hundred milliseconds of CPU: tests that are not about
# search by meaning publish lessons without it. tests/search/test_dense.py, the judged
# relevance run and the Celery task test switch it on (DENSE_SEARCH; TEST_DENSE_SEARCH=1 in
# the environment of a worker process they start).
DENSE_SEARCH = SEARCH_EMBEDDINGS  # noqa: F405
SEARCH_EMBEDDINGS = DENSE_SEARCH if os.environ.get("TEST_DENSE_SEARCH") == "1" else None

# The lessons API's throttles (cms/api/throttling.py) out of the way of the tests' many
# requests from one address; tests/cms/api/test_throttling.py sets low rates itself.
REST_FRAMEWORK = {
    "DEFAULT_THROTTLE_RATES": {"api_client": "100000/minute", "api_partner": "100000/minute"}
}
