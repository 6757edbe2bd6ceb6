from django.urls import path

from . import class_kit

urlpatterns = [
    path("class/<int:page_id>/", class_kit.class_mode, name="class_mode"),
    path("class/<int:page_id>/handout.pdf", class_kit.handout, name="class_handout"),
    path(
        "lessons/<int:page_id>/qr.svg", class_kit.lesson_qr, {"kind": "svg"}, name="lesson_qr_svg"
    ),
    path(
        "lessons/<int:page_id>/qr.png", class_kit.lesson_qr, {"kind": "png"}, name="lesson_qr_png"
    ),
]
