from django.urls import path
from wagtail import hooks

from . import admin_views


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("media-pipeline/status/", admin_views.status, name="media_pipeline_status"),
        path(
            "media-pipeline/<int:media_id>/retry/",
            admin_views.retry_view,
            name="media_pipeline_retry",
        ),
    ]
