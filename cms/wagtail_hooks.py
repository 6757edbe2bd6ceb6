"""The admin dashboard warns while the site's address is still localhost (in production):
printed QR codes and handout links carry that address (lessons.site_address) until
`manage.py setup_site --url …` sets the real one. The same condition is a system check
(cms/checks.py)."""

from django.conf import settings
from wagtail import hooks
from wagtail.admin.ui.components import Component

from lessons.site_address import local_default_site


class SiteAddressPanel(Component):
    name = "site_address"
    order = 10  # above Wagtail's own panels (workflow, recent edits: 100 and up)
    template_name = "cms/admin/site_address_panel.html"

    def __init__(self, site):
        self.site = site

    def get_context_data(self, parent_context=None):
        return {"address": self.site.root_url if self.site.hostname else ""}


@hooks.register("construct_homepage_panels")
def warn_about_a_local_site_address(request, panels):
    if settings.DEBUG or not request.user.is_superuser:
        return
    site = local_default_site()
    if site is not None:
        panels.insert(0, SiteAddressPanel(site))
