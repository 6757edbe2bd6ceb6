"""The base of every lesson kind (see kinds.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from media_pipeline.captions import captions_text
from media_pipeline.player import player_for

from ..audience import Audience
from ..blocks import LessonBodyBlock
from ..caching import PublicPageMixin
from ..forms import LessonPageForm
from .links import prefetch_links
from .querysets import LessonManager
from .routing import ViewRestrictionsMixin


class LessonPage(ViewRestrictionsMixin, PublicPageMixin, Page):
    """What every kind of lesson has. Not created directly: pick a kind."""

    kind = ""  # set by each concrete kind; see lessons.kinds
    summary = models.TextField(_("summary"), max_length=300)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    all_stages = models.BooleanField(
        _("all stages"), default=False, help_text=_("For parents of every stage and grade.")
    )
    stages = ParentalManyToManyField("lessons.Stage", verbose_name=_("stages"), blank=True)
    grades = ParentalManyToManyField(
        "lessons.Grade",
        verbose_name=_("grades"),
        blank=True,
        help_text=_("Leave empty for the whole stage."),
    )
    topics = ParentalManyToManyField("lessons.Topic", verbose_name=_("topics"), blank=True)
    organisation = models.ForeignKey(
        "lessons.Organisation",
        verbose_name=_("organisation"),
        null=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="lessons",
    )
    external_id = models.CharField(
        _("external id"), max_length=100, unique=True, null=True, blank=True, editable=False
    )
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)
    video = models.ForeignKey(
        "media_pipeline.LessonMedia",
        verbose_name=_("video"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Parents see it once it has been processed."),
    )

    objects = LessonManager()
    base_form_class = LessonPageForm
    is_creatable = False
    # A copy is a new lesson: the importer's id stays with the original (it is unique).
    exclude_fields_in_copy = ["external_id"]

    audience_panels = [
        MultiFieldPanel(
            [
                FieldPanel("all_stages"),
                FieldPanel("stages", widget=forms.CheckboxSelectMultiple),
                FieldPanel("grades", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("For whom"),
        ),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        *audience_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("captions_text"),
        index.SearchField("audience_words"),
        index.FilterField("all_stages"),
        index.FilterField("organisation"),
        index.RelatedFields("topics", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        indexes = [
            # Covers the audience filter's read of all_stages: without it, filtering by
            # grade reads every lesson's row (body included): 18 -> 7 ms at 20,000 lessons
            # on SQLite and on PostgreSQL (an index-only scan there).
            models.Index(fields=["page_ptr", "all_stages"], name="lesson_all_stages_idx"),
        ]

    @property
    def audience(self) -> Audience:
        return Audience(
            all_stages=self.all_stages,
            stage_codes=frozenset(s.pk for s in self.stages.all()),
            grade_codes=frozenset(g.pk for g in self.grades.all()),
        )

    def audience_words(self) -> str:
        """The names of the grades and stages the lesson is for (一年级 小学), indexed so that
        a parent's 一年级 finds the lessons written for first graders whose text never says
        it. Nothing for an all-stage lesson: it would match every grade's name."""
        return " ".join(self.audience.names())

    def captions_text(self) -> str:
        """What is said in the video, from its WebVTT captions (indexed for search)."""
        return captions_text(self.video)

    @classmethod
    def objects_for_serving(cls):
        """The lesson with what its page shows (lessons.models.routing fetches it so)."""
        return cls.objects.select_related("organisation", "video").prefetch_related(
            "video__outputs"
        )

    def prefetch_lesson_links(self, request, lessons=()) -> None:
        """The lesson's stages, grades and topics, and the audiences of the lessons its page
        shows as cards, in one query (`lesson_links`; lessons.models.links). Not in a
        preview: it shows the page's own, maybe unsaved, relations."""
        if getattr(request, "is_preview", False):
            return
        prefetch_links([self, *lessons], topics_of=[self.pk])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # A preview shows the page as edited: its own, maybe unsaved, relations.
            audience, topics = self.audience, list(self.topics.all())
        else:
            # One query (none when a kind fetched them with the lessons its page lists).
            self.prefetch_lesson_links(request)
            audience, topics = self.lesson_links.audience(self), self.lesson_links.topics
        context["audience_label"] = audience.label()
        context["topics"] = topics
        context["kind_label"] = self._meta.verbose_name
        context["organisation_name"] = self.organisation.name if self.organisation else ""
        context["player"] = player_for(self.video)
        return context

    def clean(self):
        super().clean()
        problems = self.audience.errors()
        if problems:
            raise ValidationError({"stages": problems})

    def save(self, *args, **kwargs):
        # The owning organisation follows the page's place in the tree.
        if self.path:
            self.organisation_id = (
                Page.objects.ancestor_of(self)
                .filter(sectionpage__isnull=False)
                .order_by("-depth")
                .values_list("sectionpage__organisation_id", flat=True)
                .first()
            )
        return super().save(*args, **kwargs)


class ProgrammePage(ViewRestrictionsMixin, PublicPageMixin, Page):
    """The index page of a recurring programme (weekly episodes, first lessons) in a section."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["lessons.SectionPage"]

    class Meta:
        abstract = True

    @classmethod
    def for_section(cls, section: Page, **fields):
        """The section's programme page of this kind; created and published when missing."""
        existing = cls.objects.child_of(section).first()
        if existing is not None:
            return existing
        page = cls(**fields)
        section.add_child(instance=page)
        page.save_revision().publish()
        return page
