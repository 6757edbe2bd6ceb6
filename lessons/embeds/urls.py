from django.urls import path

from . import views

urlpatterns = [
    path("embed/<id:page_id>/", views.embed_page, name="lesson_embed"),
    path("oembed/", views.oembed, name="oembed"),
]
