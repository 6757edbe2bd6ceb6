"""The weekly cloud classroom (每周一期 "网上云课堂，点亮千万家"): a programme page and its
numbered episodes."""

from django.db import models, transaction
from django.db.models import Max, Q, Subquery
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index
from wagtailmedia.edit_handlers import MediaChooserPanel

from ..school_year import term_label, term_of
from .cards import grouped_cards
from .neighbours import pager
from .pages import LessonPage, ProgrammePage


class CloudClassroomProgramme(ProgrammePage):
    """网上云课堂: the programme; its page is the archive of its episodes."""

    subpage_types = ["lessons.CloudClassroomEpisode"]
    template = "lessons/cloud_classroom_programme.html"

    class Meta:
        verbose_name = _("cloud classroom programme")
        verbose_name_plural = _("cloud classroom programmes")

    def get_context(self, request, *args, **kwargs):
        """The archive: episodes grouped by school year and term, newest first."""
        context = super().get_context(request, *args, **kwargs)
        episodes = (
            CloudClassroomEpisode.objects.for_parents().child_of(self).select_related("cover_image")
        )
        context["terms"] = grouped_cards(
            list(episodes.order_by("-number")),
            request,
            key=lambda episode: term_of(episode.air_date),
            label=lambda term: term_label(*term),
        )
        return context


class CloudClassroomEpisode(LessonPage):
    """One weekly episode: 第 N 期, numbered on creation without gaps or duplicates."""

    kind = "episode"
    number = models.PositiveIntegerField(_("episode number"), null=True, editable=False)
    programme = models.ForeignKey(
        CloudClassroomProgramme, null=True, editable=False, on_delete=models.SET_NULL,
        related_name="episodes",
    )  # fmt: skip
    air_date = models.DateField(_("air date"))
    guest = models.CharField(_("guest / speaker"), max_length=120, blank=True)

    content_panels = [
        *LessonPage.content_panels,
        MultiFieldPanel([FieldPanel("air_date"), FieldPanel("guest")], heading=_("Episode")),
        MediaChooserPanel("video", media_type=None),
        FieldPanel("body"),
    ]
    search_fields = [
        *LessonPage.search_fields,
        index.SearchField("guest"),
        index.SearchField("programme_title"),
    ]
    parent_page_types = ["lessons.CloudClassroomProgramme"]
    subpage_types = []
    template = "lessons/cloud_classroom_episode.html"

    class Meta:
        verbose_name = _("cloud classroom episode")
        verbose_name_plural = _("cloud classroom episodes")
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="episode_number_unique")
        ]

    def programme_title(self) -> str:
        """网上云课堂: parents search by the programme's name too."""
        return self.programme.title if self.programme_id else ""

    def save(self, *args, **kwargs):
        if self.number is None and self.path:
            with transaction.atomic():
                self._assign_number()
                return super().save(*args, **kwargs)
        return super().save(*args, **kwargs)

    def _assign_number(self) -> None:
        """Lock the programme row, then take the next number: concurrent creators queue up."""
        programme = (
            CloudClassroomProgramme.objects.select_for_update()
            .filter(pk__in=Page.objects.ancestor_of(self).values("pk"))
            .order_by("-depth")
            .first()
        )
        self.programme = programme
        latest = CloudClassroomEpisode.objects.filter(programme=programme).aggregate(
            latest=Max("number")
        )["latest"]
        self.number = (latest or 0) + 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(pager(*self.neighbours(), request, "number"))
        return context

    def neighbours(self):
        """(previous, next) live public episodes of the programme, by number (one query)."""
        siblings = CloudClassroomEpisode.objects.for_parents().filter(programme=self.programme_id)
        number = self.number or 0
        before = siblings.filter(number__lt=number).order_by("-number").values("number")[:1]
        after = siblings.filter(number__gt=number).order_by("number").values("number")[:1]
        found = {
            episode.number: episode
            for episode in siblings.filter(
                Q(number=Subquery(before)) | Q(number=Subquery(after))
            ).only("title", "url_path", "number")
        }
        return (
            next((e for n, e in found.items() if n < number), None),
            next((e for n, e in found.items() if n > number), None),
        )
