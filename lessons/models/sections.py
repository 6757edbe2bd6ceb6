from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from ..caching import PublicPageMixin
from .cards import lesson_cards, live_lessons
from .registry import LESSON_KINDS
from .routing import ViewRestrictionsMixin


class SectionPage(ViewRestrictionsMixin, PublicPageMixin, Page):
    """The part of the page tree an Organisation owns (created by setup_access)."""

    organisation = models.OneToOneField(
        "lessons.Organisation", on_delete=models.PROTECT, related_name="section"
    )
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = [
        "lessons.SectionPage",
        *(kind.model._meta.label for kind in LESSON_KINDS if kind.in_sections),
        "lessons.CloudClassroomProgramme",
        "lessons.FirstLessonProgramme",
    ]
    is_creatable = False  # provisioned per organisation, not by hand
    template = "lessons/section_page.html"

    class Meta:
        verbose_name = _("organisation section")
        verbose_name_plural = _("organisation sections")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cards"] = lesson_cards(live_lessons().descendant_of(self)[:60], request)
        return context
