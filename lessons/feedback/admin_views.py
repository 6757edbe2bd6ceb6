"""The admin of parents' feedback: editors review the comments on the lessons they may edit;
the city's editors (and administrators) handle complaints and suggestions. Nothing of it is
shown publicly, and nobody adds either in the admin (parents send them from the site).

Scoping is a permission policy per model (Wagtail asks it for the menu, every view and the
admin URL finder); each view's queryset is the user's scope, so another scope's item is a
404. The item's label in the audit log is its number, never the parent's text.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import page_permission_policy, register_permission_policy

from ..models import LessonComment, Organisation, Suggestion

HANDLE = ("view", "change")  # what the people in scope may do; deleting is for administrators


class _FeedbackPolicy(BasePermissionPolicy):
    """Superusers may do anything but add; users in scope may view and change their scope."""

    def in_scope(self, user) -> bool:
        raise NotImplementedError

    def scope(self, user):
        """The instances of the model the user (in scope, not a superuser) may handle."""
        raise NotImplementedError

    def user_has_permission(self, user, action):
        if not user.is_active or action == "add":
            return False
        if user.is_superuser:
            return True
        return action in HANDLE and self.in_scope(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and (
            user.is_superuser or self.scope(user).filter(pk=instance.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        if not any(self.user_has_permission(user, action) for action in actions):
            return manager.none()
        return manager.all() if user.is_superuser else self.scope(user)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


class CommentPolicy(_FeedbackPolicy):
    """Comments on the lessons the user may edit (lessons.access: an organisation's editors
    edit their section and the sections below it)."""

    def in_scope(self, user) -> bool:
        return page_permission_policy.user_has_permission(user, "change")

    def scope(self, user):
        editable = page_permission_policy.instances_user_has_permission_for(user, "change")
        return LessonComment.objects.filter(lesson__in=editable.values("pk"))


class SuggestionPolicy(_FeedbackPolicy):
    """Complaints and suggestions go to the city: its editors' group, and administrators."""

    def in_scope(self, user) -> bool:
        return Organisation.objects.filter(
            Q(kind=Organisation.Kind.CITY) & Q(editors_group__in=user.groups.all())
        ).exists()

    def scope(self, user):
        return Suggestion.objects.all() if self.in_scope(user) else Suggestion.objects.none()


comment_policy = CommentPolicy(LessonComment)
suggestion_policy = SuggestionPolicy(Suggestion)
register_permission_policy(LessonComment, comment_policy)
register_permission_policy(Suggestion, suggestion_policy)


def _handled(view):
    return view.permission_policy.instances_user_has_permission_for(view.request.user, "change")


class ScopedIndexView(generic.IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_permission_for(self.request.user, "view")


class ScopedEditView(generic.EditView):
    def get_queryset(self):
        return _handled(self)


class ScopedDeleteView(generic.DeleteView):
    def get_queryset(self):
        return _handled(self)


class ScopedHistoryView(generic.HistoryView):
    def get_base_object_queryset(self):
        return _handled(self)


class ScopedUsageView(generic.UsageView):
    def get_base_object_queryset(self):
        return _handled(self)


class FeedbackViewSet(ModelViewSet):
    """Every view finds objects in the user's scope only (the model's permission policy)."""

    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_enabled = False
    copy_view_enabled = False


class LessonCommentViewSet(FeedbackViewSet):
    model = LessonComment
    icon = "comment"
    menu_label = _("Parent comments")
    menu_order = 930
    add_to_admin_menu = True
    list_display = ["text", "lesson", "helpful", "status", "created"]
    list_filter = ["status", "helpful"]
    panels = [
        FieldPanel("lesson", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("helpful", read_only=True),
        FieldPanel("created", read_only=True),
        FieldPanel("status"),
    ]


class SuggestionViewSet(FeedbackViewSet):
    model = Suggestion
    icon = "mail"
    menu_label = _("Complaints and suggestions")
    menu_order = 940
    add_to_admin_menu = True
    list_display = ["text", "kind", "status", "created"]
    list_filter = ["status", "kind"]
    panels = [
        FieldPanel("kind", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("contact", read_only=True),
        FieldPanel("created", read_only=True),
        FieldPanel("status"),
        FieldPanel("answer"),
    ]
