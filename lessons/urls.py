from django.urls import include, path, register_converter

from .classroom import kit
from .feedback import plays, suggestions, votes

MAX_ID = 2**31 - 1  # the largest id an (integer) primary key can hold on every database


class IdConverter:
    """A database id in a URL: ASCII digits, 1 … MAX_ID. Anything else does not match (404),
    so a 20-digit id never reaches the database (SQLite cannot bind it: a 500)."""

    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(value)  # the URL does not match
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")


def parse_id(value: str) -> int | None:
    """An id from a query string, the same way: None unless 1 … MAX_ID in ASCII digits."""
    if not (value.isascii() and value.isdigit() and len(value) <= 10):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


urlpatterns = [
    path("class/<id:page_id>/", kit.class_mode, name="class_mode"),
    path("class/<id:page_id>/handout.pdf", kit.handout, name="class_handout"),
    path("lessons/<id:page_id>/qr.svg", kit.lesson_qr, {"kind": "svg"}, name="lesson_qr_svg"),
    path("lessons/<id:page_id>/qr.png", kit.lesson_qr, {"kind": "png"}, name="lesson_qr_png"),
    # Parents' feedback (lessons.feedback): anonymous, no cookie, no CSRF token.
    path("feedback/<id:lesson_id>/", votes.lesson_feedback, name="lesson_feedback"),
    path("suggestions/", suggestions.suggestions, name="suggestions"),
    path("stats/plays/", plays.play_event, name="play_event"),
    # The parent's optional backup and certificates (lessons.record).
    path("", include("lessons.record.urls")),
    path("", include("lessons.sharing.urls")),  # share images, manifest, WeChat (docs/sharing.md)
    path("", include("lessons.embeds.urls")),  # the player on other sites, oEmbed
]
