"""Admin of class sessions: teachers record them, editors see progress per class and district.

Listing and reports show the schools at or below the user's organisations; adding,
editing and deleting is for the school's own teachers (lessons.classroom.sessions).

Every view of the viewset is scoped by school, through one permission policy
(ClassSessionPermissionPolicy): the index and any read-only view list the sessions of the
schools the user may see; edit, delete, history (the audit log, with the teacher's name) and
usage find only the sessions of the user's own school (others: 404). The policy also tells
Wagtail's admin URL finder which sessions a user may open, so a lesson's usage page shows
other schools' sessions as "(private)". The audit log behind history is scoped the same way
in the site history report (lessons.models.class_session_log).
"""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.auth import permission_required
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from ..models import ClassSession, RequiredLesson
from ..models.class_sessions import TO_IMPROVE_MAX_CHARS
from ..school_year import school_year_of
from .sessions import (
    SESSIONS_PER_YEAR,
    class_progress,
    district_totals,
    schools_recordable_by,
    schools_visible_to,
)


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
        fields = [
            "school",
            "held_on",
            "grade",
            "class_name",
            "lesson",
            "attendance",
            "how_it_worked",
            "to_improve",
        ]
        widgets = {
            "to_improve": forms.Textarea(attrs={"rows": 3, "maxlength": TO_IMPROVE_MAX_CHARS})
        }

    def save(self, commit=True):
        if self.instance.recorded_by_id is None:
            self.instance.recorded_by = self.for_user
        return super().save(commit)


class ClassSessionPermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, narrowed to schools: "view" to the schools the user may see
    (at or below their organisations), every other action to their own school's sessions."""

    def _schools(self, user, action):
        return schools_visible_to(user) if action == "view" else schools_recordable_by(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return (
            self.user_has_permission(user, action)
            and self._schools(user, action).filter(pk=instance.school_id).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        allowed = [a for a in actions if self.user_has_permission(user, a)]
        scope = ClassSession.objects.none()
        for action in allowed:
            scope = scope | ClassSession.objects.filter(school__in=self._schools(user, action))
        return scope


policy = ClassSessionPermissionPolicy(ClassSession)
register_permission_policy(ClassSession, policy)


def sessions_for(user, action: str):
    return policy.instances_user_has_permission_for(user, action)


class _OwnSchoolsOnly:
    """Edit and delete: only the sessions of the user's own school (others: 404)."""

    def get_queryset(self):
        return sessions_for(self.request.user, "change")


class _OwnSchoolsObject:
    """History, its results and usage: the object is found among the user's own school's
    sessions only (others: 404); these views need the change permission anyway."""

    def get_base_object_queryset(self):
        return sessions_for(self.request.user, "change")


class ClassSessionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return (
            sessions_for(self.request.user, "view")
            .select_related("school", "grade", "lesson")
            .order_by("-held_on", "-pk")
        )


class ClassSessionEditView(_OwnSchoolsOnly, generic.EditView):
    pass


class ClassSessionDeleteView(_OwnSchoolsOnly, generic.DeleteView):
    pass


class ClassSessionHistoryView(_OwnSchoolsObject, generic.HistoryView):
    pass


class ClassSessionUsageView(_OwnSchoolsObject, generic.UsageView):
    pass


class ClassSessionInspectView(generic.InspectView):
    """Not enabled today; scoped like the index should it be turned on."""

    def get_object(self, queryset=None):
        return get_object_or_404(sessions_for(self.request.user, "view"), pk=self.pk)


class ClassSessionViewSet(ModelViewSet):
    model = ClassSession
    icon = "date"
    menu_label = _("Class sessions")
    menu_order = 910
    add_to_admin_menu = True
    list_display = [
        "held_on", "school", "grade", "class_name", "lesson", "attendance", "how_it_worked",
    ]  # fmt: skip
    list_filter = ["school_year", "grade"]
    index_view_class = ClassSessionIndexView
    edit_view_class = ClassSessionEditView
    delete_view_class = ClassSessionDeleteView
    history_view_class = ClassSessionHistoryView
    usage_view_class = ClassSessionUsageView
    inspect_view_class = ClassSessionInspectView
    inspect_view_enabled = False
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return ClassSessionForm


def _school_year(request, current: int) -> int:
    """The `year` parameter when it is a plausible school year (four ASCII digits), else the
    current one: a 5,000-digit or out-of-range year never reaches int() or the database."""
    value = request.GET.get("year", "")
    if len(value) == 4 and value.isascii() and value.isdigit() and 2000 <= int(value) <= 2999:
        return int(value)
    return current


@permission_required("lessons.view_classsession")
def progress(request):
    """Per class: how many of the four yearly sessions are done (the user's schools)."""
    current = school_year_of(timezone.localdate())
    year = _school_year(request, current)
    visible = schools_visible_to(request.user)
    return render(
        request,
        "lessons/classroom/class_progress.html",
        {
            "school_year": year,
            "years": [current - 1, current],
            "per_year": SESSIONS_PER_YEAR,
            "classes": class_progress(visible, year),
            "districts": district_totals(visible, year),
        },
    )
