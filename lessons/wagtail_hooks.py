from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def provision_new_organisation(request, instance):
    """An organisation added in the admin gets its section, group and collection at once."""
    if isinstance(instance, Organisation):
        provision_organisation(instance)
