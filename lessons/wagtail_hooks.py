from django.core.exceptions import BadRequest
from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .access import provision_organisation
from .classroom import session_views
from .feedback import admin_views as feedback_admin
from .models import ClassSession, ClassSessionLogEntry, Organisation, Topic
from .programmes import checklist
from .record import certificate_admin
from .urls import parse_id


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
    return session_views.ClassSessionViewSet("class_sessions")


@hooks.register("register_admin_viewset")
def register_parent_comments():
    return feedback_admin.LessonCommentViewSet("parent_comments")


@hooks.register("register_admin_viewset")
def register_suggestions():
    return feedback_admin.SuggestionViewSet("parent_suggestions")


@hooks.register("register_log_actions")
def log_class_sessions_by_school(actions):
    """Class sessions' audit log is scoped by school (lessons.models.class_session_log)."""
    actions.register_model(ClassSession, ClassSessionLogEntry)


def _refuse_bad_ids(request, *names):
    """Ids in a chooser's query string go to int() or the database as they are, in Wagtail's
    and wagtailmedia's views (`abc`, 20 digits: a 500); the hooks run first and refuse them."""
    for name in names:
        if any(v and parse_id(v) is None for v in request.GET.getlist(name)):
            raise BadRequest(f"{name}: not an id")


@hooks.register("construct_page_chooser_queryset")
def choosable_pages(pages, request):
    """The page chooser (browse and search) offers live pages and the pages the user may edit
    or publish: never another organisation's draft, whose title is not theirs to read."""
    _refuse_bad_ids(request, "target_pages[]")
    editable = page_permission_policy.instances_user_has_any_permission_for(
        request.user, ["change", "publish"]
    )
    return pages.filter(Q(live=True) | Q(pk__in=editable.values("pk")))


@hooks.register("construct_media_chooser_queryset")
def media_chooser_ids(media, request):
    _refuse_bad_ids(request, "collection_id")
    return media


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
            checklist.first_lesson_checklist,
            name="first_lesson_checklist",
        ),
        path("class-sessions/progress/", session_views.progress, name="class_progress"),
        path(
            "certificates/verify/",
            certificate_admin.verify_certificate,
            name="verify_star_certificate",
        ),
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


@hooks.register("register_admin_menu_item")
def verify_certificate_menu_item():
    """核验星级证书: for every admin user (a school checks a code it is shown)."""
    return MenuItem(
        _("Verify star certificates"), reverse("verify_star_certificate"), icon_name="success",
        order=930,
    )  # fmt: skip


# Embeds (lessons.embeds): a lesson's <iframe> snippet for editors, from its edit view's header
# menu and the page listing's "More" menu.
@hooks.register("register_admin_urls")
def register_embed_code_url():
    from .embeds.admin_views import embed_code

    return [path("lessons/<id:page_id>/embed/", embed_code, name="lesson_embed_code")]


@hooks.register("register_page_header_buttons")
@hooks.register("register_page_listing_more_buttons")
def embed_code_buttons(page, user, *args, **kwargs):
    from .embeds.admin_views import embed_code_buttons as buttons

    return buttons(page, user, *args, **kwargs)
