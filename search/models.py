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

    A query for any of them also finds the others, on every search backend."""

    terms = models.TextField(
        _("words with the same meaning"),
        help_text=_("Separate the words with commas or 、, e.g. 网瘾、沉迷网络游戏、游戏成瘾."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [FieldPanel("terms")]

    class Meta:
        ordering = ["id"]
        verbose_name = _("synonym group")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return "、".join(self.term_list())

    def term_list(self) -> list[str]:
        return split_terms(self.terms)

    def clean(self):
        if len(self.term_list()) < 2:
            raise ValidationError({"terms": _("Give at least two words.")})
        if any(len(term) > 30 for term in self.term_list()):
            raise ValidationError({"terms": _("Each word may have at most 30 characters.")})
