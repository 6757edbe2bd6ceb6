"""家长开学第一课: each school year, five stage-transition first lessons (all stages, new
小班/一年级/初一/高一 parents) and year-transition lessons (学年衔接第一课) for the other grades."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index
from wagtailmedia.edit_handlers import MediaChooserPanel

from ..school_year import school_year_label
from .cards import grouped_cards
from .pages import LessonPage, ProgrammePage

STAGE_ENTRY_GRADES = ("k1", "p1", "j1", "s1")


class FirstLessonProgramme(ProgrammePage):
    """家长开学第一课: the yearly first lessons; its page is the archive, newest year first."""

    subpage_types = ["lessons.FirstLesson"]
    template = "lessons/first_lesson_programme.html"

    class Meta:
        verbose_name = _("first lesson programme")
        verbose_name_plural = _("first lesson programmes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        lessons = FirstLesson.objects.for_parents().child_of(self).select_related("cover_image")
        context["years"] = grouped_cards(
            list(lessons.order_by("-school_year", "path")),
            request,
            key=lambda lesson: lesson.school_year,
            label=school_year_label,
        )
        return context


class FirstLesson(LessonPage):
    """One first lesson of a school year, for all stages, one entry grade, or other grades."""

    class Transition(models.TextChoices):
        ALL = "all", _("All stages")
        K1 = "k1", _("New kindergarten parents (小班)")
        P1 = "p1", _("New primary parents (一年级)")
        J1 = "j1", _("New junior secondary parents (初一)")
        S1 = "s1", _("New senior secondary parents (高一)")
        YEAR = "year", _("Year transition (other grades)")

    kind = "first_lesson"
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The year it starts in: 2026 means 2026–2027.")
    )
    transition = models.CharField(_("for"), max_length=4, choices=Transition.choices)

    content_panels = [
        *LessonPage.content_panels,
        MultiFieldPanel(
            [FieldPanel("school_year"), FieldPanel("transition")], heading=_("First lesson")
        ),
        MediaChooserPanel("video", media_type=None),
        FieldPanel("body"),
    ]
    search_fields = [*LessonPage.search_fields, index.SearchField("programme_title")]
    parent_page_types = ["lessons.FirstLessonProgramme"]
    subpage_types = []
    template = "lessons/first_lesson.html"

    class Meta:
        verbose_name = _("first lesson of the school year")
        verbose_name_plural = _("first lessons of the school year")

    def programme_title(self) -> str:
        """家长开学第一课: parents search by the programme's name too."""
        parent = self.get_parent()
        return parent.title if parent else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["school_year_label"] = school_year_label(self.school_year)
        return context

    def clean(self):
        super().clean()
        grades = {g.pk for g in self.grades.all()}
        if self.transition == self.Transition.ALL and not self.all_stages:
            raise ValidationError(
                {"all_stages": _("The all-stages first lesson is for all stages.")}
            )
        if self.transition in STAGE_ENTRY_GRADES and grades != {self.transition}:
            raise ValidationError(
                {"grades": _("A stage-transition first lesson is for exactly its entry grade.")}
            )
        if self.transition == self.Transition.YEAR and (
            not grades or grades & set(STAGE_ENTRY_GRADES)
        ):
            raise ValidationError(
                {"grades": _("Choose the grades (not 小班/一年级/初一/高一) this lesson is for.")}
            )
