"""Admin of class sessions: teachers record them, editors see progress per class and district.

Listing and reports show the schools at or below the user's organisations; adding,
editing and deleting is for the school's own teachers (lessons.class_sessions).
"""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_required
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from .class_sessions import (
    SESSIONS_PER_YEAR,
    class_progress,
    current_school_year,
    district_totals,
    schools_recordable_by,
    schools_visible_to,
)
from .models import ClassSession, RequiredLesson


class ClassSessionForm(WagtailAdminModelForm):
    """Schools limited to the teacher's own; lessons to published required lessons."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        schools = schools_recordable_by(self.for_user)
        self.fields["school"].queryset = schools
        self.fields["school"].error_messages["invalid_choice"] = _(
            "You can only record class sessions for your own school."
        )
        if len(schools) == 1 and not self.instance.pk:
            self.fields["school"].initial = schools[0].pk
        self.fields["lesson"].queryset = RequiredLesson.objects.live().order_by("title")
        self.fields["lesson"].required = True
        self.fields["held_on"].initial = timezone.localdate

    class Meta:
        model = ClassSession
        fields = ["school", "held_on", "grade", "class_name", "lesson", "attendance"]

    def save(self, commit=True):
        if self.instance.recorded_by_id is None:
            self.instance.recorded_by = self.for_user
        return super().save(commit)


class _OwnSchoolsOnly:
    """Edit and delete only the sessions of the user's own school (others: 404)."""

    def get_queryset(self):
        return ClassSession.objects.filter(school__in=schools_recordable_by(self.request.user))


class ClassSessionIndexView(generic.IndexView):
    def get_base_queryset(self):
        visible = schools_visible_to(self.request.user)
        return (
            ClassSession.objects.filter(school__in=visible)
            .select_related("school", "grade", "lesson")
            .order_by("-held_on", "-pk")
        )


class ClassSessionEditView(_OwnSchoolsOnly, generic.EditView):
    pass


class ClassSessionDeleteView(_OwnSchoolsOnly, generic.DeleteView):
    pass


class ClassSessionViewSet(ModelViewSet):
    model = ClassSession
    icon = "date"
    menu_label = _("Class sessions")
    menu_order = 910
    add_to_admin_menu = True
    list_display = ["held_on", "school", "grade", "class_name", "lesson", "attendance"]
    list_filter = ["school_year", "grade"]
    index_view_class = ClassSessionIndexView
    edit_view_class = ClassSessionEditView
    delete_view_class = ClassSessionDeleteView
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ClassSessionForm


def _school_year(request, current: int) -> int:
    try:
        return int(request.GET.get("year", current))
    except ValueError:
        return current


@permission_required("lessons.view_classsession")
def progress(request):
    """Per class: how many of the four yearly sessions are done (the user's schools)."""
    current = current_school_year(timezone.localdate())
    year = _school_year(request, current)
    visible = schools_visible_to(request.user)
    return render(
        request,
        "lessons/admin/class_progress.html",
        {
            "school_year": year,
            "years": [current - 1, current],
            "per_year": SESSIONS_PER_YEAR,
            "classes": class_progress(visible, year),
            "districts": district_totals(visible, year),
        },
    )
