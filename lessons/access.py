"""Who may edit what: one editors' group per organisation, a reviewers' group and
a review workflow. Run by `manage.py setup_access`; safe to run again.

- An organisation's editors may add and change pages in its section (and the
  sections below it) and use its media collection; they cannot publish.
- Reviewers (审核员) may publish anywhere; every page goes live through the
  review workflow assigned at the site's root page.
- A school's teachers (班主任) may record the class sessions they hold; every
  organisation's editors may see the sessions of the schools in their area
  (lessons.classroom.sessions scopes both to the organisation).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import Organisation, SectionPage

REVIEWERS_GROUP = "审核员"
WORKFLOW_NAME = "家长学校审核发布"
REVIEW_TASK_NAME = "审核员审批"
EDITORS_GROUP_SUFFIX = "·编辑"
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
REVIEWER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
TEACHERS_GROUP_SUFFIX = "·班主任"
SESSION_VIEW_PERMISSIONS = (("lessons", "view_classsession"),)
SESSION_RECORD_PERMISSIONS = (
    ("lessons", "add_classsession"),
    ("lessons", "change_classsession"),
    ("lessons", "delete_classsession"),
    ("lessons", "view_classsession"),
)
EDITOR_MEDIA_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtailmedia", "add_media"),  # wagtailmedia's permissions cover our media model
    ("wagtailmedia", "change_media"),
)


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_pages(group: Group, page: Page, codenames) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=_permission("wagtailcore", codename)
        )


def _grant_collection(group: Group, collection: Collection, perms) -> None:
    for app_label, codename in perms:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )


def site_root() -> Page:
    return Site.objects.get(is_default_site=True).root_page


def _ensure_section(org: Organisation) -> SectionPage:
    section = SectionPage.objects.filter(organisation=org).first()
    if section is not None:
        return section
    parent = _ensure_section(org.parent) if org.parent else site_root()
    section = SectionPage(title=org.name, slug=org.code, organisation=org)
    parent.add_child(instance=section)
    section.save_revision().publish()
    return section


def _ensure_collection(org: Organisation) -> Collection:
    if org.collection_id:
        return org.collection
    parent = _ensure_collection(org.parent) if org.parent else Collection.get_first_root_node()
    collection = parent.add_child(name=org.name)
    org.collection = collection
    org.save(update_fields=["collection"])
    return collection


@transaction.atomic
def provision_organisation(org: Organisation) -> None:
    """Section page, media collection and editors' group for one organisation."""
    section = _ensure_section(org)
    collection = _ensure_collection(org)
    if org.editors_group_id is None:
        org.editors_group, _created = Group.objects.get_or_create(
            name=org.name + EDITORS_GROUP_SUFFIX
        )
        org.save(update_fields=["editors_group"])
    group = org.editors_group
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    group.permissions.add(*(_permission(*p) for p in SESSION_VIEW_PERMISSIONS))
    _grant_pages(group, section, EDITOR_PAGE_PERMISSIONS)
    _grant_collection(group, collection, EDITOR_MEDIA_PERMISSIONS)
    if org.kind == Organisation.Kind.SCHOOL:
        _provision_teachers(org)


def _provision_teachers(school: Organisation) -> None:
    if school.teachers_group_id is None:
        school.teachers_group, _created = Group.objects.get_or_create(
            name=school.name + TEACHERS_GROUP_SUFFIX
        )
        school.save(update_fields=["teachers_group"])
    school.teachers_group.permissions.add(
        _permission("wagtailadmin", "access_admin"),
        *(_permission(*p) for p in SESSION_RECORD_PERMISSIONS),
    )


@transaction.atomic
def provision_review() -> Group:
    """The reviewers' group and the workflow every page goes live through."""
    reviewers, _created = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    reviewers.permissions.add(_permission("wagtailadmin", "access_admin"))
    root = site_root()
    _grant_pages(reviewers, root, REVIEWER_PAGE_PERMISSIONS)
    _grant_collection(
        reviewers,
        Collection.get_first_root_node(),
        [("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")],
    )

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task, _created = GroupApprovalTask.objects.get_or_create(name=REVIEW_TASK_NAME)
    task.groups.set([reviewers])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return reviewers


def provision_all() -> None:
    provision_review()
    # Parents before children: a section is created under its parent's section.
    for org in Organisation.objects.order_by("pk"):
        provision_organisation(org)


def organisation_by_path() -> dict[str, Organisation]:
    orgs = list(Organisation.objects.select_related("parent"))
    by_pk = {o.pk: o for o in orgs}
    for o in orgs:  # join parents from memory: no query per organisation
        if o.parent_id:
            o.parent = by_pk[o.parent_id]
    return {o.path: o for o in orgs}
