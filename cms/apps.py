from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import purging
        from .checks import check_site_address

        purging.connect()  # pages purged from the page cache (and a CDN) on publish

        # It reads the default Site: a database check (run by migrate, check --database).
        checks.register(check_site_address, checks.Tags.database)
