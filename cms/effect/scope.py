"""Whose figures an editor sees: those of the lessons they may edit.

Editing rights (lessons.access) are the scope: a school's editors edit their school's section,
a district's editors the district's section and every section below it, the city's editors
(and reviewers, and superusers) everything. The figures of a lesson follow it: plays, votes,
comments, and the class sessions teachers held with it, wherever the school is.

Searches that found nothing belong to no lesson and come from parents all over the city:
only users who may edit the city's own section (its editors, reviewers) and superusers see
them. A school's or a district's editors do not.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from wagtail.permissions import page_permission_policy

from lessons.models import Organisation


@dataclass(frozen=True)
class Scope:
    """The lessons a user may edit (a subquery of page ids) and whether they see the city."""

    lesson_ids: QuerySet
    city_wide: bool


def may_open(user) -> bool:
    """Anyone who may change pages somewhere: editors, reviewers, superusers."""
    return user.is_active and page_permission_policy.user_has_permission(user, "change")


def scope_of(user) -> Scope:
    """The user's scope; an empty one for a user who may edit nothing."""
    editable = page_permission_policy.instances_user_has_permission_for(user, "change")
    if user.is_active and user.is_superuser:
        return Scope(editable.values("pk"), city_wide=True)
    # The one query: does the user edit the city's section (a root organisation's)?
    city_wide = editable.filter(
        sectionpage__organisation__kind=Organisation.Kind.CITY,
        sectionpage__organisation__parent=None,
    ).exists()
    return Scope(editable.values("pk"), city_wide=city_wide)
