from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

TERM_SEPARATORS = ",，、;；/\n"


def split_terms(text: str) -> list[str]:
    for separator in TERM_SEPARATORS:
        text = text.replace(separator, ",")
    return list(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))


class SynonymGroup(models.Model):
    """同义词: words parents and editors use for one idea (网瘾, 沉迷网络游戏, 游戏成瘾).

    A query for any of them also finds the others, on every search backend. Groups of the
    shipped thesaurus (search/thesaurus/groups.txt) carry its `key`; editors may change,
    switch off or delete them, and the next sync keeps their choice (docs/thesaurus.md)."""

    terms = models.TextField(
        _("words with the same meaning"),
        help_text=_("Separate the words with commas or 、, e.g. 网瘾、沉迷网络游戏、游戏成瘾."),
    )
    active = models.BooleanField(
        _("in use"),
        default=True,
        help_text=_("Untick to stop using this group in search without deleting it."),
    )
    # The shipped thesaurus' name for the group (its first term); empty for editors' own.
    key = models.CharField(max_length=30, blank=True, default="", editable=False)
    # The terms as the thesaurus last shipped them: `terms` differing means an editor's edit.
    shipped_terms = models.TextField(blank=True, default="", editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("active")]

    class Meta:
        ordering = ["id"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonyms")
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~models.Q(key=""), name="search_synonym_unique_key"
            )
        ]

    def __str__(self):
        return "、".join(self.term_list())

    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    @property
    def edited(self) -> bool:
        """A shipped group an editor has changed (its terms are no longer the shipped ones)."""
        return bool(self.key) and split_terms(self.terms) != split_terms(self.shipped_terms)

    def origin(self) -> str:
        """For the admin's list: where the group came from."""
        if not self.key:
            return str(_("added by editors"))
        return str(_("shipped, edited") if self.edited else _("shipped"))

    origin.short_description = _("origin")

    def clean(self):
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("Give at least two words.")})
        if any(len(term) > 30 for term in self.term_list()):
            raise ValidationError({"terms": _("Each word may have at most 30 characters.")})


class SearchMiss(models.Model):
    """A query text parents searched for in an ISO week that found no lesson, and how often.

    Only the normalised text, cut to TEXT_MAX_CHARS: no address, cookie or time of day.
    Editors see which lessons parents look for in vain (small counts masked)."""

    TEXT_MAX_CHARS = 50

    text = models.CharField(_("search text"), max_length=TEXT_MAX_CHARS)
    week = models.DateField(_("week"), help_text=_("The Monday of the ISO week."))
    count = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        ordering = ["-week", "-count"]
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")
        constraints = [
            models.UniqueConstraint(fields=["text", "week"], name="search_miss_text_week")
        ]

    def __str__(self):
        return self.text


from .dense.models import LessonVector  # noqa: E402, F401  (the app's models module lists it)
