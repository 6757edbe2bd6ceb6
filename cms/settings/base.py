"""Settings shared by every environment (dev, test, production).

Each environment module imports everything from here and overrides what differs.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

CMS_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = CMS_DIR.parent

INSTALLED_APPS = [
    # The project, lowest layer first: media_pipeline <- lessons <- search <- cms.
    "media_pipeline",
    "lessons",
    "search",
    "cms",
    # Wagtail
    "wagtailmedia",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [CMS_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: the site and the admin speak Simplified Chinese.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese"))]
# locale/: our strings (makemessages writes there). cms/wagtail_locale/: Wagtail admin strings
# its own zh_Hans catalogs lack (cms/admin_catalog.py); it overrides the apps' catalogs.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "cms" / "wagtail_locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "网上家长学校"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "pptx", "xlsx", "txt", "zip"]
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "search.backends.database"},
}

# Media pipeline (media_pipeline/): originals are kept; outputs are made in a
# local work directory and copied into storage when complete.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "media_pipeline.LessonMedia",
    "MEDIA_FORM_BASE": "media_pipeline.forms.LessonMediaForm",
    "AUDIO_EXTENSIONS": ["aac", "aiff", "amr", "flac", "m4a", "mp3", "ogg", "opus", "wav", "wma"],
    "VIDEO_EXTENSIONS": ["3gp", "avi", "flv", "m4v", "mkv", "mov", "mp4", "mpeg", "mpg", "mts",
                         "ts", "webm", "wmv"],
}  # fmt: skip
FFMPEG_BINARY = "ffmpeg"
FFPROBE_BINARY = "ffprobe"
MEDIA_PIPELINE_WORK_DIR = BASE_DIR / "var" / "transcode"
MEDIA_PIPELINE_MAX_UPLOAD_SIZE = 2 * 1024**3  # 2 GiB; uploads stream to disk, never to memory
MEDIA_PIPELINE_TIME_LIMIT = 3 * 3600  # seconds for one job
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # above this, uploads go to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # non-file form data only

# Parent-facing pages are public and identical for everyone, so a CDN or
# reverse proxy may keep them. Seconds; see cms/caching.py.
PARENT_PAGE_MAX_AGE = 300
PARENT_PAGE_SHARED_MAX_AGE = 600
GRADE_COOKIE_NAME = "grade"
# 家长开学第一课 is pinned on grade pages between these (month, day)s each year.
FIRST_LESSON_WINDOW = ((8, 15), (10, 15))
GRADE_COOKIE_MAX_AGE = 3 * 365 * 24 * 3600

# Celery: namespace CELERY, JSON only (see cms/celery.py).
CELERY_BROKER_URL = "redis://127.0.0.1:6379/0"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ROUTES = {"media_pipeline.tasks.transcode_media": {"queue": "transcode"}}
# Scheduled publishing (next week's episode goes live at its time): `celery -A cms beat`.
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {"task": "lessons.tasks.publish_scheduled", "schedule": 60.0},
}
# Redelivery of an unacknowledged job waits this long: longer than any job may run.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": MEDIA_PIPELINE_TIME_LIMIT + 3600}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The immediate task backend logs every state change of every task.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# Search (search/): queries longer than this are refused with a message.
SEARCH_MAX_QUERY_CHARS = 200
