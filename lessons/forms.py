"""The editor's form for every lesson kind."""

from wagtail.admin.forms import WagtailAdminPageForm

from media_pipeline.permissions import clean_media_choice


class LessonPageForm(WagtailAdminPageForm):
    """Validates what the editor submitted, as the editor may submit it.

    `LessonPage.clean` (and `FirstLesson.clean`) read the audience from `stages` and
    `grades`, which are ParentalManyToManyFields. Django's `construct_instance` leaves
    many-to-many fields alone and modelcluster assigns them only in `save()`, so model
    validation would otherwise see the old values: a new lesson for one stage was refused as
    having none, and an edit to an impossible audience was accepted. modelcluster's
    assignment is in memory only, so doing it before validation writes nothing.

    The video must be one the editor may choose (the chooser's collections): the chooser
    only lists those, but any id could be posted.
    """

    def clean_video(self):
        return clean_media_choice(
            self.for_user, self.cleaned_data.get("video"), current_id=self.instance.video_id
        )

    def _post_clean(self):
        self.save_cluster_m2m()
        super()._post_clean()
