from django.urls import path
from wagtail import hooks

from . import admin_views


# order=-1: before wagtailmedia's own urls, so that media/usage/<id>/ is ours (checked).
@hooks.register("register_admin_urls", order=-1)
def register_admin_urls():
    return [
        path("media-pipeline/status/", admin_views.status, name="media_pipeline_status"),
        path(
            "media-pipeline/<int:media_id>/retry/",
            admin_views.retry_view,
            name="media_pipeline_retry",
        ),
        path(
            "media-pipeline/<int:media_id>/original/",
            admin_views.original,
            name="media_pipeline_original",
        ),
        path("media/usage/<int:media_id>/", admin_views.usage, name="media_pipeline_usage"),
    ]
