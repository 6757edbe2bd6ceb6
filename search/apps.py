from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Chinese search over lessons: analysis, backends, synonyms, search page and API."""

    name = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import synonyms
        from .dense import indexing

        synonyms.connect_signals()
        indexing.connect_signals()
