from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..school_year import school_year_of
from .organisations import Organisation
from .taxonomy import Grade

MAX_ATTENDANCE = 300  # more than any class has parents: a typing error
TO_IMPROVE_MAX_CHARS = 1000


class HowItWorked(models.IntegerChoices):
    """The teacher's view of how the lesson worked in class (1–5)."""

    POORLY = 1, _("1 · Poorly")
    NOT_WELL = 2, _("2 · Not well")
    FAIR = 3, _("3 · Fair")
    WELL = 4, _("4 · Well")
    VERY_WELL = 5, _("5 · Very well")


class ClassSession(models.Model):
    """A required parent class (必修课) a homeroom teacher held: when, which class, which
    lesson and how many parents came. A number only: no parent's name is ever recorded."""

    school = models.ForeignKey(
        Organisation,
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Organisation.Kind.SCHOOL},
        related_name="class_sessions",
    )
    held_on = models.DateField(_("date held"))
    school_year = models.PositiveSmallIntegerField(_("school year"), editable=False)
    grade = models.ForeignKey(Grade, verbose_name=_("grade"), on_delete=models.PROTECT)
    class_name = models.CharField(
        _("class"), max_length=20, help_text=_("As the school names it, e.g. 2班 or 二(2)班.")
    )
    lesson = models.ForeignKey(
        "lessons.RequiredLesson",
        verbose_name=_("lesson used"),
        null=True,  # the record stays if the lesson page is deleted later
        on_delete=models.SET_NULL,
        related_name="class_sessions",
    )
    attendance = models.PositiveSmallIntegerField(
        _("parents attending"), validators=[MaxValueValidator(MAX_ATTENDANCE)]
    )
    how_it_worked = models.PositiveSmallIntegerField(
        _("how the lesson worked in class"), null=True, blank=True, choices=HowItWorked.choices
    )
    to_improve = models.TextField(
        _("what to improve"),
        blank=True,
        validators=[MaxLengthValidator(TO_IMPROVE_MAX_CHARS)],
        help_text=_("Optional: what would make the lesson work better in class."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")
        indexes = [models.Index(fields=["school", "school_year"], name="class_session_school_year")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(attendance__lte=MAX_ATTENDANCE),
                name="class_session_attendance_range",
            ),
            models.CheckConstraint(
                condition=models.Q(how_it_worked__gte=1, how_it_worked__lte=5)
                | models.Q(how_it_worked__isnull=True),
                name="class_session_how_it_worked_range",
            ),
        ]

    def __str__(self):
        return f"{self.held_on} {self.grade_id} {self.class_name}"

    def save(self, *args, **kwargs):
        self.school_year = school_year_of(self.held_on)  # the year it was held in
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("A session can only be recorded once it is held.")})
        self.class_name = (self.class_name or "").strip()
