"""这节课对您有帮助吗？ A parent's vote on a lesson, with an optional short comment."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from ..models import HelpfulVotes, LessonComment, LessonPage
from ..models.feedback import COMMENT_MAX_CHARS
from .checks import Refused, check_post, live_lesson, refusal, thanks
from .counters import increment, week_of

MAX_BODY_BYTES = 6 * 1024  # a 300-character comment, percent-encoded, and the vote
VOTES = {"yes": True, "no": False}


class VoteForm(forms.Form):
    vote = forms.ChoiceField(
        choices=[(value, value) for value in VOTES],
        error_messages={
            "required": gettext_lazy("Please choose helpful or not helpful."),
            "invalid_choice": gettext_lazy("Please choose helpful or not helpful."),
        },
    )
    comment = forms.CharField(
        required=False,
        max_length=COMMENT_MAX_CHARS,
        error_messages={
            "max_length": gettext_lazy("A comment may have at most 300 characters."),
            "null_characters_not_allowed": gettext_lazy("The comment contains invalid characters."),
        },
    )


def parse_vote(data) -> tuple[bool, str]:
    """(helpful, comment) from the posted fields; Refused with the first error."""
    form = VoteForm(data)
    if not form.is_valid():
        raise Refused(next(iter(form.errors.values()))[0])
    return VOTES[form.cleaned_data["vote"]], form.cleaned_data["comment"]


def record_vote(lesson: LessonPage, helpful: bool, comment: str = "") -> None:
    """Count the vote in this week's row of the lesson; keep the comment, if any, for review."""
    increment(HelpfulVotes, "helpful" if helpful else "not_helpful", lesson=lesson, week=week_of())
    if comment:
        LessonComment.objects.create(lesson=lesson, text=comment, helpful=helpful)


@csrf_exempt
def lesson_feedback(request, lesson_id: int):
    back_url = "/"
    try:
        data = check_post(request, MAX_BODY_BYTES)
        lesson = live_lesson(lesson_id)
        back_url = lesson.get_url(request) or "/"
        helpful, comment = parse_vote(data)
    except Refused as error:
        return refusal(request, error, back_url)
    record_vote(lesson, helpful, comment)
    return thanks(request, _("Thank you for telling us."), back_url)
