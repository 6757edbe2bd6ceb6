"""Admin views of the lessons app."""

from django.shortcuts import render
from django.utils import timezone

from .first_lessons import checklist, coming_school_year


def first_lesson_checklist(request):
    coming = coming_school_year(timezone.localdate())
    try:
        year = int(request.GET.get("year", coming))
    except ValueError:
        year = coming
    return render(
        request,
        "lessons/admin/first_lesson_checklist.html",
        {"checklist": checklist(year), "years": [coming - 1, coming]},
    )
