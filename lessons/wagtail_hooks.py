from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, class_session_views
from .access import provision_organisation
from .models import Organisation, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "description"]
    search_fields = ["name"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "parent", "code"]
    list_filter = ["kind"]


register_snippet(TopicViewSet)
register_snippet(OrganisationViewSet)


@hooks.register("register_admin_viewset")
def register_class_sessions():
    return class_session_views.ClassSessionViewSet("class_sessions")


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def provision_new_organisation(request, instance):
    """An organisation added in the admin gets its section, group and collection at once."""
    if isinstance(instance, Organisation):
        provision_organisation(instance)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "first-lessons/checklist/",
            admin_views.first_lesson_checklist,
            name="first_lesson_checklist",
        ),
        path("class-sessions/progress/", class_session_views.progress, name="class_progress"),
    ]


@hooks.register("register_admin_menu_item")
def first_lesson_checklist_menu_item():
    return MenuItem(
        _("First lessons checklist"), reverse("first_lesson_checklist"), icon_name="list-ul",
        order=900,
    )  # fmt: skip


class ClassProgressMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("lessons.view_classsession")


@hooks.register("register_admin_menu_item")
def class_progress_menu_item():
    return ClassProgressMenuItem(
        _("Class session progress"), reverse("class_progress"), icon_name="tasks", order=920
    )
