"""The first-lesson checklist (开学第一课清单): what editors still have to make for a school year."""

from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.permissions import page_permission_policy

from ..models import FirstLesson
from ..school_year import coming_school_year
from .first_lessons import checklist


def _year(request, coming: int) -> int:
    """The `year` parameter when it is a plausible school year (four ASCII digits), else the
    coming one."""
    value = request.GET.get("year", "")
    if len(value) == 4 and value.isascii() and value.isdigit() and 2000 <= int(value) <= 2999:
        return int(value)
    return coming


def _titles_for(user, school_year: int):
    """What a row shows of each first lesson: its title when it is live or the user may edit
    or publish it; another organisation's draft only as such (as in the page chooser, its
    title is not the user's to read)."""
    editable = page_permission_policy.instances_user_has_any_permission_for(
        user, ["change", "publish"]
    )
    readable = set(
        FirstLesson.objects.filter(school_year=school_year)
        .filter(Q(live=True) | Q(pk__in=editable.values("pk")))
        .values_list("pk", flat=True)
    )
    hidden = _("(another organisation's draft)")
    return lambda page: page.title if page.pk in readable else hidden


def first_lesson_checklist(request):
    coming = coming_school_year(timezone.localdate())
    year = _year(request, coming)
    return render(
        request,
        "lessons/programmes/first_lesson_checklist.html",
        {
            "checklist": checklist(year, title=_titles_for(request.user, year)),
            "years": [coming - 1, coming],
        },
    )
