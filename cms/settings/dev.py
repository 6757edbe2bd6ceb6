"""Local development and the embedded demo: SQLite, no servers needed."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - never used outside dev
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"),
    }
}

# No broker in the embedded demo: tasks run in-process, except transcoding, which never runs
# inside a web request: `manage.py run_media_jobs` (started by `make demo`) does it.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
MEDIA_PIPELINE_JOBS = "background"

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# runserver serves everything: static files from the apps' directories (WhiteNoise with
# DEBUG: no collectstatic, unhashed names, compressed on the fly) and media (docs/serving.md).
SERVE_MEDIA_FILES = True
