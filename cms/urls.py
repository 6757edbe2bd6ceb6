from django.contrib import admin
from django.http import Http404
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lessons import urls as lesson_urls  # registers the "id" path converter
from lessons.programmes.feeds import EpisodeAudioFeed
from lessons.programmes.grade_feeds import GradeLessonsFeed

from . import health, my_learning, parents


def _not_found(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    # For load balancers and the process supervisors: database, cache, broker (cms/health.py).
    path("healthz", health.healthz, name="healthz"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URL takes any run of digits as an id; int() refuses more than 4,300
    # (a 500). No id has more than ten digits (lessons.urls.MAX_ID).
    re_path(r"^documents/[0-9]{11,}/", _not_found),
    path("documents/", include(wagtaildocs_urls)),
    path("grade/", parents.grade_picker, name="grade_picker"),
    path("grade/<slug:grade>/", parents.grade_home, name="grade"),
    path("grade/<slug:grade>/feed.xml", GradeLessonsFeed(), name="grade_feed"),
    path("grade/<slug:grade>/kind/<slug:kind>/", parents.grade_kind, name="grade_kind"),
    path("grade/<slug:grade>/topic/<id:topic_id>/", parents.grade_topic, name="grade_topic"),
    path("stage/<slug:stage>/", parents.stage_home, name="stage"),
    path("choose-grade/<slug:grade>/", parents.choose_grade, name="choose_grade"),
    path("my/", my_learning.my_learning, name="my_learning"),
    path("cloud-classroom/feed.xml", EpisodeAudioFeed(), name="episode_feed"),
    path("api/v2/", include("cms.api.urls")),  # the lessons API (cms/api/, docs/api.md)
    path("", include("search.urls")),
    path("", include(lesson_urls)),
]

# /static/ and, with SERVE_MEDIA_FILES, /media/ are served before the URLconf, by
# cms.serving.FilesMiddleware (WhiteNoise: byte ranges, cache headers; docs/serving.md).
urlpatterns += [path("", include(wagtail_urls))]
