"""The audit log of class sessions, scoped by school like the sessions themselves.

Wagtail keeps the log of every non-page model in one table (ModelLogEntry) and shows an
entry to anyone with any permission on its model: every teacher would read in the site
history (报告 › 网站历史) which class of which school another school's teacher recorded,
under that teacher's name. Class sessions log here instead (registered in
lessons.wagtail_hooks), each entry with its school, and a user sees the entries of the
schools they record sessions for (the same scope as editing a session).
"""

from django.db import models
from wagtail.models.audit_log import BaseLogEntry, BaseLogEntryManager


class ClassSessionLogEntryManager(BaseLogEntryManager):
    def log_action(self, instance, action, **kwargs):
        kwargs.update(object_id=str(instance.pk), school_id=instance.school_id)
        return super().log_action(instance, action, **kwargs)

    def viewable_by_user(self, user):
        from ..classroom.sessions import schools_recordable_by

        if user.is_superuser:
            return self.all()
        if not user.has_perm("lessons.change_classsession"):
            return self.none()
        return self.filter(school__in=schools_recordable_by(user))

    def for_instance(self, instance):
        return self.filter(object_id=str(instance.pk))


class ClassSessionLogEntry(BaseLogEntry):
    object_id = models.CharField(max_length=255, db_index=True)
    school = models.ForeignKey(
        "lessons.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ClassSessionLogEntryManager()
