from django.conf import settings
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from lessons.caching import never_cache_privately
from lessons.models.routing import SiteRootRouteMixin
from lessons.taxonomy import GRADE_BY_CODE

from .parents import picker_context


class HomePage(SiteRootRouteMixin, Page):
    """The site's front door at /, and the root of the site's routes: any page below it is
    found in two queries, however deep (lessons.models.routing).

    A returning parent (grade cookie set) is sent on to /grade/<code>/; a new one
    picks the child's grade here. The answer depends on a cookie, so it is private
    and tiny; the grade pages it leads to are the public, cacheable ones.
    """

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["lessons.SectionPage"]
    max_count = 1
    template = "cms/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def serve(self, request, *args, **kwargs):
        grade = request.COOKIES.get(settings.GRADE_COOKIE_NAME)
        if grade in GRADE_BY_CODE:
            return never_cache_privately(redirect("grade", grade=grade))
        return never_cache_privately(super().serve(request, *args, **kwargs))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(picker_context(request))
        return context
