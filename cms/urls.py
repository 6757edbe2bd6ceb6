from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lessons.feeds import EpisodeAudioFeed

from . import parents

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("grade/", parents.grade_picker, name="grade_picker"),
    path("grade/<slug:grade>/", parents.grade_home, name="grade"),
    path("grade/<slug:grade>/kind/<slug:kind>/", parents.grade_kind, name="grade_kind"),
    path("grade/<slug:grade>/topic/<int:topic_id>/", parents.grade_topic, name="grade_topic"),
    path("stage/<slug:stage>/", parents.stage_home, name="stage"),
    path("choose-grade/<slug:grade>/", parents.choose_grade, name="choose_grade"),
    path("cloud-classroom/feed.xml", EpisodeAudioFeed(), name="episode_feed"),
    path("", include("search.urls")),
    path("", include("lessons.urls")),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA_FILES", False):
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [path("", include(wagtail_urls))]
