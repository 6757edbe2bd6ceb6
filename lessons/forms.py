"""The editor's form for every lesson kind."""

from wagtail.admin.forms import WagtailAdminPageForm


class LessonPageForm(WagtailAdminPageForm):
    """Validates the audience the editor submitted, not the one stored before the edit.

    `LessonPage.clean` (and `FirstLesson.clean`) read the audience from `stages` and
    `grades`, which are ParentalManyToManyFields. Django's `construct_instance` leaves
    many-to-many fields alone and modelcluster assigns them only in `save()`, so model
    validation would otherwise see the old values: a new lesson for one stage was refused as
    having none, and an edit to an impossible audience was accepted. modelcluster's
    assignment is in memory only, so doing it before validation writes nothing.
    """

    def _post_clean(self):
        self.save_cluster_m2m()
        super()._post_clean()
