"""The server's part of a parent's own record (我的学习), both optional and chosen by the parent.

- RecordBackup: a copy of the record the parent asked to keep across phones. It is found by
  the hash of a recovery code only the parent holds; no name, phone number, child, school,
  address or cookie is stored. The parent can delete it with the code; it is deleted after
  RECORD_BACKUP_KEEP_DAYS without use (lessons.record.backup).
- StarCertificate: a star-parent certificate (星级家长) the parent chose to print. It holds
  the level, the school year and a verification code, nothing about the parent; a school can
  check a code it is shown (valid, level, year) and nothing else (lessons.record.certificates).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordBackup(models.Model):
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    record = models.JSONField(_("learning record"), default=dict)
    created = models.DateField(_("created on"), auto_now_add=True)
    last_used = models.DateField(_("last used on"), db_index=True)

    class Meta:
        verbose_name = _("record backup")
        verbose_name_plural = _("record backups")

    def __str__(self):
        return _("Backup %(number)s") % {"number": self.pk}


class StarCertificate(models.Model):
    code = models.CharField(_("verification code"), max_length=20, unique=True, editable=False)
    stars = models.PositiveSmallIntegerField(_("stars"))
    school_year = models.PositiveSmallIntegerField(
        _("school year"), help_text=_("The calendar year the school year starts in.")
    )
    issued = models.DateField(_("issued on"), auto_now_add=True)

    class Meta:
        verbose_name = _("star-parent certificate")
        verbose_name_plural = _("star-parent certificates")

    def __str__(self):
        return self.code
