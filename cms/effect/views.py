"""The 效果追踪 admin views: the dashboard and its CSV (urls and menu item: cms.wagtail_hooks).

Open to anyone who may change pages (editors, reviewers, superusers); others are sent back
to the admin's home with Wagtail's "no permission" message, as other admin views do. The
figures are those of the user's scope (scope), for the period the `weeks` parameter picks
(period: an unknown value is the default).
"""

from django.shortcuts import render
from wagtail.admin.auth import user_passes_test

from . import figures
from .export import csv_response
from .period import period_for
from .report import dashboard_context
from .scope import may_open, scope_of


@user_passes_test(may_open)
def dashboard(request):
    context = dashboard_context(scope_of(request.user), period_for(request))
    return render(request, "cms/effect/dashboard.html", context)


@user_passes_test(may_open)
def export(request):
    period = period_for(request)
    return csv_response(figures.per_lesson_and_week(scope_of(request.user), period), period)
