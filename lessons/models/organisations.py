from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Collection


class Organisation(models.Model):
    """A body that publishes lessons: city → district → town/sub-district → school.

    Each organisation owns a SectionPage (its part of the page tree), an editors'
    group and a media collection, and a school also a teachers' group (班主任, who
    record class sessions); `python manage.py setup_access` provisions them.
    """

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District / county")
        TOWN = "town", _("Town / sub-district")
        SCHOOL = "school", _("School / kindergarten")

    # Which kind may sit directly under which.
    ALLOWED_PARENT = {
        Kind.CITY: None,
        Kind.DISTRICT: Kind.CITY,
        Kind.TOWN: Kind.DISTRICT,
        Kind.SCHOOL: Kind.TOWN,
    }

    name = models.CharField(_("name"), max_length=80)
    code = models.SlugField(
        _("code"),
        max_length=60,
        validators=[validate_slug],
        help_text=_("Short Latin code, also the section's URL segment, e.g. dongcheng."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    editors_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    teachers_group = models.OneToOneField(  # schools only: homeroom teachers (班主任)
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    collection = models.OneToOneField(
        Collection,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("kind"), FieldPanel("parent")]

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(fields=["parent", "code"], name="organisation_code_unique"),
            models.UniqueConstraint(
                fields=["code"], condition=models.Q(parent=None), name="organisation_root_code"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        expected = self.ALLOWED_PARENT[self.kind]
        actual = self.parent.kind if self.parent else None
        if expected != actual:
            raise ValidationError(
                {"parent": _("This kind of organisation needs a different parent.")}
            )

    @property
    def path(self) -> str:
        """Codes from the city down, e.g. city/dongcheng/hongxing/shiyan-primary."""
        parts, node = [], self
        while node is not None:
            parts.append(node.code)
            node = node.parent
        return "/".join(reversed(parts))
