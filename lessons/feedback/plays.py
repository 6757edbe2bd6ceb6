"""Play counts: the player reports that a lesson's video was started or watched to the end.

`POST /stats/plays/` with `lesson=<page id>&event=started|completed` answers 204 with no
body and no cookie; only the week's count of the lesson changes.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ..models import LessonPage, PlayCounts
from .checks import Refused, check_post, live_lesson, private, refusal
from .counters import increment, week_of

MAX_BODY_BYTES = 256  # two short fields
EVENTS = ("started", "completed")


def record_play(lesson: LessonPage, event: str) -> None:
    increment(PlayCounts, event, lesson=lesson, week=week_of())


@csrf_exempt
def play_event(request):
    try:
        data = check_post(request, MAX_BODY_BYTES)
        event = data.get("event", "")
        if event not in EVENTS:
            raise Refused(_("Unknown event."))
        lesson = live_lesson(data.get("lesson", ""))
    except Refused as error:
        return refusal(request, error)
    record_play(lesson, event)
    return private(HttpResponse(status=204))
