"""Who may do what with a media item, per collection (wagtailmedia's permission policy).

wagtailmedia has no "choose" permission of its own: its chooser lists, and its
`media_chosen` view returns, the items the user may change or delete. Forms that take a
media item (the lesson's `video`) must accept exactly those, not any id posted.
"""

from django import forms
from django.utils.translation import gettext as _
from wagtail.permissions import policy_registry

from .models import LessonMedia

CHOOSE_ACTIONS = ("change", "delete")  # what wagtailmedia's chooser requires


def policy():
    return policy_registry.get_by_type(LessonMedia)


def choosable_media(user):
    """The media items this user may pick for a page (the chooser's queryset)."""
    return policy().instances_user_has_any_permission_for(user, CHOOSE_ACTIONS)


def can_choose(user, media: LessonMedia) -> bool:
    return policy().user_has_any_permission_for_instance(user, CHOOSE_ACTIONS, media)


def can_change(user, media: LessonMedia) -> bool:
    return policy().user_has_permission_for_instance(user, "change", media)


def clean_media_choice(user, media: LessonMedia | None, current_id: int | None = None):
    """For a form's clean_<field>: the chosen item if this user may choose it, else a
    ValidationError. The item already saved on the object (current_id) stays acceptable,
    so an editor can save a page another editor gave a video from a wider collection."""
    if media is None or media.pk == current_id:
        return media
    if user is not None and can_choose(user, media):  # no user known: nothing new allowed
        return media
    raise forms.ValidationError(
        _("You may not use this media item: it is in a collection you cannot use."),
        code="media_not_allowed",
    )
