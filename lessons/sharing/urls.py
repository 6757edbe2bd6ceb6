"""Share images, the web app manifest, /favicon.ico and the WeChat JS-SDK config
(included at the site's root by lessons/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("lessons/<id:page_id>/share.png", views.lesson_share_image, {"variant": "wide", "ext": "png"}, name="lesson_share_wide_png"),
    path("lessons/<id:page_id>/share.jpg", views.lesson_share_image, {"variant": "wide", "ext": "jpg"}, name="lesson_share_wide_jpg"),
    path("lessons/<id:page_id>/share-square.png", views.lesson_share_image, {"variant": "square", "ext": "png"}, name="lesson_share_square_png"),
    path("lessons/<id:page_id>/share-square.jpg", views.lesson_share_image, {"variant": "square", "ext": "jpg"}, name="lesson_share_square_jpg"),
    path("share/default.png", views.default_share_image, {"variant": "wide"}, name="default_share_wide"),
    path("share/default-square.png", views.default_share_image, {"variant": "square"}, name="default_share_square"),
    path("share/wechat-config/", views.wechat_config, name="wechat_config"),
    path("manifest.webmanifest", views.manifest, name="web_manifest"),
    path("favicon.ico", views.favicon, name="favicon"),
]  # fmt: skip
