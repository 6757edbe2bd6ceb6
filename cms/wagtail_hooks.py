"""The admin dashboard warns while the site's address is still localhost (in production):
printed QR codes and handout links carry that address (lessons.site_address) until
`manage.py setup_site --url …` sets the real one. The same condition is a system check
(cms/checks.py)."""

from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from lessons.site_address import local_default_site

from .effect import views as effect_views
from .effect.scope import may_open


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


# 效果追踪: the effect-tracking dashboard and its CSV (cms/effect).


@hooks.register("register_admin_urls")
def register_effect_urls():
    return [
        path("effect/", effect_views.dashboard, name="effect_dashboard"),
        path("effect/export.csv", effect_views.export, name="effect_export"),
    ]


class EffectMenuItem(MenuItem):
    def is_shown(self, request):
        return may_open(request.user)


@hooks.register("register_admin_menu_item")
def effect_menu_item():
    return EffectMenuItem(
        _("Effect tracking"), reverse("effect_dashboard"), icon_name="view", order=950
    )
