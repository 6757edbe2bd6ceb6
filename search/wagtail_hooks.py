from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Search synonyms")
    add_to_admin_menu = True
    menu_order = 800
    list_display = ["__str__", "origin", "active", "updated_at"]
    list_filter = ["active"]
    search_fields = ["terms"]


register_snippet(SynonymGroupViewSet)
