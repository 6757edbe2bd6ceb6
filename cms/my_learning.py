"""我的学习 (/my/): what a parent learned this school year, with no account.

The record lives in the parent's browser (lessons/static/lessons/learning.js keeps it in
localStorage); this page is the same for everyone and publicly cacheable like the other
parents' pages. The server renders what the script needs into one JSON block: the school
year's bounds (lessons.school_year), the lesson kinds' labels (the kind registry), the star
rules (lessons.stars) and the words the script shows. The script does the rest on the phone;
nothing about the record is sent unless the parent taps to back it up or to print a
certificate (lessons.record, included at the end of the page).
"""

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from lessons.caching import cache_publicly
from lessons.models import LESSON_KINDS, FirstLesson, RequiredLesson
from lessons.school_year import school_year_bounds_ms, school_year_label, school_year_of
from lessons.stars import star_rules


def learning_data(today) -> dict:
    """Everything the page's script reads, JSON-ready."""
    year = school_year_of(today)
    start, end = school_year_bounds_ms(year)
    return {
        "year": {"label": school_year_label(year), "start": start, "end": end},  # end exclusive
        "kinds": [{"code": kind.code, "label": str(kind.label)} for kind in LESSON_KINDS],
        "first_lesson_kind": FirstLesson.kind,
        "required_kind": RequiredLesson.kind,
        "stars": star_rules(),
        "strings": {
            "stars": _("{n} star parent"),
            "continue_from": _("Continue from {time}"),
            "learned_on": _("Learned on {date}"),
        },
    }


@require_safe
def my_learning(request):
    today = timezone.localdate()
    data = learning_data(today)
    context = {"learning": data, "school_year": data["year"]["label"], "stars": data["stars"]}
    return cache_publicly(TemplateResponse(request, "cms/my_learning.html", context))
