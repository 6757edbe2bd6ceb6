"""What parents tell us, anonymously: votes and comments on a lesson, complaints and
suggestions, and how often a lesson's video is started and finished.

Nothing here names or traces a parent: no account, IP address, user agent or cookie is
stored, only counts per lesson per ISO week, and texts a parent chose to write (with the
day it came, not the time). Counts are incremented atomically (lessons.feedback.counters).
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_CHARS = 300
SUGGESTION_MAX_CHARS = 1000
CONTACT_MAX_CHARS = 100


class WeeklyCount(models.Model):
    """Counts of one lesson in one ISO week (`week` is the week's Monday)."""

    lesson = models.ForeignKey(
        "lessons.LessonPage", verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField(_("week"), help_text=_("The Monday of the ISO week."))

    class Meta:
        abstract = True


class HelpfulVotes(WeeklyCount):
    """这节课对您有帮助吗？ Answers per lesson per week."""

    helpful = models.PositiveIntegerField(_("helpful"), default=0)
    not_helpful = models.PositiveIntegerField(_("not helpful"), default=0)

    class Meta:
        verbose_name = _("helpful votes")
        verbose_name_plural = _("helpful votes")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "week"], name="helpful_votes_lesson_week")
        ]

    def __str__(self):
        return f"{self.lesson_id} {self.week}"


class PlayCounts(WeeklyCount):
    """Video plays of a lesson per week: started, and watched to the end."""

    started = models.PositiveIntegerField(_("started"), default=0)
    completed = models.PositiveIntegerField(_("completed"), default=0)

    class Meta:
        verbose_name = _("play counts")
        verbose_name_plural = _("play counts")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "week"], name="play_counts_lesson_week")
        ]

    def __str__(self):
        return f"{self.lesson_id} {self.week}"


class LessonComment(models.Model):
    """A parent's short comment left with a vote; editors review it, nobody else sees it."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        APPROVED = "approved", _("Approved")
        HIDDEN = "hidden", _("Hidden")

    lesson = models.ForeignKey(
        "lessons.LessonPage",
        verbose_name=_("lesson"),
        on_delete=models.CASCADE,
        related_name="parent_comments",
    )
    text = models.TextField(_("comment"), validators=[MaxLengthValidator(COMMENT_MAX_CHARS)])
    helpful = models.BooleanField(_("found the lesson helpful"))
    created = models.DateField(_("received on"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("parent comment")
        verbose_name_plural = _("parent comments")
        indexes = [models.Index(fields=["status", "created"], name="lesson_comment_status")]

    def __str__(self):
        # Not the text: the label goes to the admin's audit log.
        return _("Comment %(number)s") % {"number": self.pk}


class Suggestion(models.Model):
    """投诉建议: a complaint or a suggestion; the city's editors answer it in the admin."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        SUGGESTION = "suggestion", _("Suggestion")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.TextField(_("text"), validators=[MaxLengthValidator(SUGGESTION_MAX_CHARS)])
    contact = models.CharField(
        _("contact"),
        max_length=CONTACT_MAX_CHARS,
        blank=True,
        help_text=_("Left by the parent, only to answer them."),
    )
    created = models.DateField(_("received on"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    answer = models.TextField(
        _("answer"), blank=True, help_text=_("What was done or replied. Never shown publicly.")
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("complaint or suggestion")
        verbose_name_plural = _("complaints and suggestions")
        indexes = [models.Index(fields=["status", "created"], name="suggestion_status")]

    def __str__(self):
        return _("%(kind)s %(number)s") % {"kind": self.get_kind_display(), "number": self.pk}
