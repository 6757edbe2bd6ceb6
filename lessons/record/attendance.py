"""Class attendance (到课确认), voluntary: a parent in a required parent class scans the second
QR code class mode shows and the lesson is marked learned in the parent's own record.

The QR code links to /my/attended/<token>/, the token being the lesson's id and the day of the
class signed with the site's secret (django.core.signing, a salt of its own): no parent, class
or school is in it, and the server stores nothing when it is opened. The page is the same for
everyone holding the token; its script (lessons/static/lessons/learning.js) writes the lesson
into the record in the browser with the token, which a star certificate later counts
(lessons.record.certificate_level): a token is proof that the lesson was taught on its day.

A token is accepted on its day and the next (ATTENDANCE_DAYS): class mode is cached for a few
minutes, so a page served just after midnight still carries a working code.
"""

from datetime import date, timedelta

from django.core import signing
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..caching import cache_publicly
from ..feedback.checks import private
from ..models import RequiredLesson
from ..site_address import absolute_url

SALT = "lessons.record.attendance"
ATTENDANCE_DAYS = 2  # the day of the class and the next
TOKEN_MAX_CHARS = 200  # what the parent's record keeps of it (learning.js)
DAY_FORMAT = "%Y%m%d"
PAGE_MAX_AGE = 300


class BadToken(Exception):
    """A token that was not made here (forged, altered, truncated)."""


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, sep=".")


def make_token(lesson_id: int, day: date) -> str:
    """The attendance token of a required lesson on a day, e.g. "42-20260915.<signature>"."""
    return _signer().sign(f"{int(lesson_id)}-{day.strftime(DAY_FORMAT)}")


def read_token(token) -> tuple[int, date]:
    """(lesson id, day) of a token made by make_token(); else BadToken."""
    if not isinstance(token, str) or not token.isascii() or len(token) > TOKEN_MAX_CHARS:
        raise BadToken(token)
    try:
        value = _signer().unsign(token)
    except signing.BadSignature as error:
        raise BadToken(token) from error
    lesson, _sep, day = value.partition("-")
    try:
        return int(lesson), date(int(day[:4]), int(day[4:6]), int(day[6:]))
    except ValueError as error:  # never made by make_token: only a changed SALT or key
        raise BadToken(token) from error


def is_fresh(day: date, today: date) -> bool:
    """Whether a token of `day` is still accepted by the attendance page on `today`."""
    return timedelta(0) <= today - day < timedelta(days=ATTENDANCE_DAYS)


def attended_day(token, lesson_id: int) -> date | None:
    """The day a valid token says the lesson was attended; None for any other token (forged,
    or another lesson's). Freshness is the caller's: a certificate counts the school year."""
    try:
        token_lesson, day = read_token(token)
    except BadToken:
        return None
    return day if token_lesson == lesson_id else None


def attendance_url(lesson: RequiredLesson, day: date | None = None) -> str:
    """The absolute link class mode's second QR code carries (today's token by default)."""
    token = make_token(lesson.pk, day or timezone.localdate())
    return absolute_url(reverse("class_attended", args=[token]))


def _message(request, title: str, message: str, status: int):
    context = {"title": title, "message": message, "back_url": reverse("my_learning")}
    response = TemplateResponse(request, "lessons/feedback/message.html", context, status=status)
    return private(response)


@require_safe
def attended(request, token: str):
    """已记录到课: the lesson the token names, for the page's script to record; or why not."""
    not_recorded = _("Attendance not recorded")
    try:
        lesson_id, day = read_token(token)
    except BadToken:
        return _message(request, not_recorded, _("This attendance link is not valid."), 400)
    if not is_fresh(day, timezone.localdate()):
        message = _(
            "This attendance QR code has expired: it works on the day of the class and the "
            "day after."
        )
        return _message(request, not_recorded, message, 410)
    lesson = RequiredLesson.objects.for_parents().filter(pk=lesson_id).first()
    if lesson is None:
        message = _("This lesson does not exist or is not published.")
        return _message(request, not_recorded, message, 404)
    context = {"lesson": lesson, "token": token, "day": day}
    response = TemplateResponse(request, "lessons/record/attended.html", context)
    return cache_publicly(response, max_age=PAGE_MAX_AGE)
