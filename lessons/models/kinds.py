"""The four lesson kinds."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtailmedia.edit_handlers import MediaChooserPanel

from ..blocks import MicroLessonLinksBlock, TextItemBlock
from .cards import lesson_cards, live_lessons
from .neighbours import neighbours_in, page_link, pager
from .pages import LessonPage
from .querysets import for_parents
from .steps import FIVE_STEPS, LESSONS, POINTS, TEXT

LESSON_PARENTS = ["lessons.SectionPage"]


def video_panel():
    return MediaChooserPanel("video", media_type=None)


class ConceptLesson(LessonPage):
    """理念引领课: a long featured lecture for a big audience."""

    kind = "concept"
    speaker = models.CharField(_("speaker"), max_length=80, blank=True)
    speaker_title = models.CharField(_("speaker's title"), max_length=120, blank=True)

    content_panels = [
        *LessonPage.content_panels,
        MultiFieldPanel([FieldPanel("speaker"), FieldPanel("speaker_title")], heading=_("Speaker")),
        video_panel(),
        FieldPanel("body"),
    ]
    search_fields = [*LessonPage.search_fields, index.SearchField("speaker")]
    parent_page_types = LESSON_PARENTS
    subpage_types = []
    template = "lessons/concept_lesson.html"

    class Meta:
        verbose_name = _("concept lesson")
        verbose_name_plural = _("concept lessons")


class RequiredLesson(LessonPage):
    """必修课: the homeroom teacher's class, always in the five-step method.

    The steps (FIVE_STEPS, lessons.models.steps) are fields in a fixed order, so order is
    structural; each is required, so a lesson missing a step can be saved as a draft but never
    published.
    """

    kind = "required"
    lead_in_intro = RichTextField(
        _("video lead-in"),
        features=["bold", "italic", "ol", "ul"],
        help_text=_("What the short opening video shows and how to introduce it."),
    )
    discussion_questions = StreamField(TextItemBlock(), verbose_name=_("discussion questions"))
    summary_points = StreamField(TextItemBlock(), verbose_name=_("key points"))
    practice_exercises = StreamField(TextItemBlock(), verbose_name=_("exercises for home"))
    consolidation = StreamField(MicroLessonLinksBlock(), verbose_name=_("micro-lessons"))

    # (field, step name) pairs in the five-step order, from FIVE_STEPS.
    STEPS = tuple((step.field, step.name) for step in FIVE_STEPS)

    content_panels = [
        *LessonPage.content_panels,
        *(
            MultiFieldPanel(
                [*([video_panel()] if step.video else []), FieldPanel(step.field)],
                heading=step.heading,
            )
            for step in FIVE_STEPS
        ),
        FieldPanel("body", heading=_("Notes for the teacher")),
    ]
    search_fields = [
        *LessonPage.search_fields,
        *(index.SearchField(step.field) for step in FIVE_STEPS if step.form != LESSONS),
    ]
    parent_page_types = LESSON_PARENTS
    subpage_types = []
    template = "lessons/required_lesson.html"

    class Meta:
        verbose_name = _("required lesson")
        verbose_name_plural = _("required lessons")

    def clean(self):
        """A live required lesson has all five steps (drafts may be incomplete)."""
        super().clean()
        if not self.live:
            return
        missing = {
            step.field: _(
                "Step %(number)d (%(name)s) is missing; a required lesson needs all five."
            )
            % {"number": step.number, "name": step.name}
            for step in FIVE_STEPS
            if not getattr(self, step.field)
        }
        if missing:
            raise ValidationError(missing)

    def get_context(self, request, *args, **kwargs):
        # Page choosers in a StreamField fetch one page each; fetch the live ones at once.
        by_pk = {c.pk: c for c in live_lessons().filter(pk__in=self._linked_ids())}
        self.prefetch_lesson_links(request, by_pk.values())
        context = super().get_context(request, *args, **kwargs)

        def content(step):
            value = getattr(self, step.field)
            if step.form == TEXT:
                return value
            if step.form == POINTS:
                return [block.value for block in value]
            linked = [by_pk[i] for i in self._linked_ids(step) if i in by_pk]
            return lesson_cards(linked, request)

        context["steps"] = [
            {
                "number": step.number,
                "name": step.name,
                "video": step.video,
                step.form: content(step),
            }
            for step in FIVE_STEPS
        ]
        return context

    def _linked_ids(self, step=None) -> list[int]:
        """The ids of the lessons a step (or every step) links to, in order."""
        steps = [step] if step else [s for s in FIVE_STEPS if s.form == LESSONS]
        return [
            block["value"]
            for s in steps
            for block in getattr(self, s.field).raw_data
            if block.get("value")
        ]


class SelfStudySeries(LessonPage):
    """自修课: an ordered series of micro-lessons (its child pages, in tree order)."""

    kind = "self_study"
    content_panels = [*LessonPage.content_panels, FieldPanel("body")]
    parent_page_types = LESSON_PARENTS
    subpage_types = ["lessons.MicroLesson"]
    template = "lessons/self_study_series.html"

    class Meta:
        verbose_name = _("self-study series")
        verbose_name_plural = _("self-study series")

    def get_context(self, request, *args, **kwargs):
        micro_lessons = list(live_lessons().child_of(self).order_by("path"))
        self.prefetch_lesson_links(request, micro_lessons)
        context = super().get_context(request, *args, **kwargs)
        context["micro_cards"] = lesson_cards(micro_lessons, request)
        return context


class MicroLesson(LessonPage):
    """微课: one short video (5–15 minutes) with key points and a transcript."""

    kind = "micro"
    key_points = StreamField(TextItemBlock(), verbose_name=_("key points"), blank=True)
    transcript = models.TextField(_("transcript"), blank=True)

    content_panels = [
        *LessonPage.content_panels,
        video_panel(),
        FieldPanel("key_points"),
        FieldPanel("body"),
        FieldPanel("transcript"),
    ]
    search_fields = [
        *LessonPage.search_fields,
        index.SearchField("key_points"),
        index.SearchField("transcript"),
    ]
    parent_page_types = [*LESSON_PARENTS, "lessons.SelfStudySeries"]
    subpage_types = []
    template = "lessons/micro_lesson.html"

    class Meta:
        verbose_name = _("micro-lesson")
        verbose_name_plural = _("micro-lessons")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        series, siblings = self.series_and_siblings()
        context["series"] = page_link(series, request)
        pks = [p.pk for p in siblings]
        if self.pk in pks:
            context["position"] = pks.index(self.pk) + 1
            context["count"] = len(siblings)
            context.update(pager(*neighbours_in(siblings, self), request))
        return context

    def series_and_siblings(self):
        """(the live public series this micro-lesson is in, its live public micro-lessons in
        order), or (None, []): one query (none outside a series, the parent being known from
        routing)."""
        parent = self.get_parent()
        if parent is None or not issubclass(parent.specific_class or Page, SelfStudySeries):
            return None, []
        pages = Page.objects.all()
        found = list(
            for_parents(
                pages.filter(Q(pk=parent.pk) | pages.child_of_q(parent) & pages.type_q(MicroLesson))
            ).order_by("path")
        )
        if not found or found[0].pk != parent.pk:
            return None, []
        return found[0], found[1:]
