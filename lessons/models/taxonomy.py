from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Stage(models.Model):
    """学段. Rows are fixed by migration; codes come from lessons.taxonomy."""

    code = models.CharField(_("code"), max_length=20, primary_key=True)
    name = models.CharField(_("name"), max_length=20)
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self):
        return self.name


class Grade(models.Model):
    """年级. Rows are fixed by migration; codes come from lessons.taxonomy."""

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=20)
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="grades")
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        ordering = ["order"]
        verbose_name = _("grade")
        verbose_name_plural = _("grades")

    def __str__(self):
        return self.name


class Topic(index.Indexed, models.Model):
    """主题: an editable snippet (家庭教育, 心理健康, 幼小衔接 …)."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    description = models.CharField(_("description"), max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name
