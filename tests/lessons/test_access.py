"""Editors edit only their organisation's section and publish only through review."""

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from lessons.access import REVIEWERS_GROUP, provision_review
from lessons.models import MicroLesson
from tests.factories import MicroLessonFactory, UserFactory, school


@pytest.fixture
def schools(db):
    provision_review()
    return school("实验小学", "shiyan"), school("清水中学", "qingshui")


@pytest.fixture
def editor(schools, client):
    own, _other = schools
    user = UserFactory(username="shiyan_editor", groups=[own.editors_group])
    client.force_login(user)
    return user


@pytest.fixture
def reviewer(schools):
    from django.contrib.auth.models import Group

    return UserFactory(username="reviewer", groups=[Group.objects.get(name=REVIEWERS_GROUP)])


def micro_form(title, action):
    return nested_form_data(
        {
            "title": title,
            "slug": "new-micro",
            "summary": "学会和孩子好好说话。",
            "all_stages": "on",
            "body": streamfield([]),
            "key_points": streamfield([]),
            "transcript": "",
            "comments": inline_formset([]),
            action: "1",
        }
    )


def test_editor_can_open_own_schools_lesson(schools, editor, client):
    own, _other = schools
    lesson = MicroLessonFactory(parent=own.section)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk])).status_code == 200


def test_editor_cannot_open_another_schools_lesson(schools, editor, client):
    _own, other = schools
    lesson = MicroLessonFactory(parent=other.section)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    assert response.status_code in (302, 403)
    assert not lesson.permissions_for_user(editor).can_edit()


def test_editor_cannot_add_a_lesson_in_another_school(schools, editor, client):
    _own, other = schools
    url = reverse("wagtailadmin_pages:add", args=["lessons", "microlesson", other.section.pk])
    response = client.post(url, micro_form("越权的微课", "action-publish"))
    assert response.status_code in (302, 403)
    assert not MicroLesson.objects.filter(title="越权的微课").exists()


def test_editor_cannot_edit_another_schools_lesson_by_post(schools, editor, client):
    _own, other = schools
    lesson = MicroLessonFactory(parent=other.section, title="原标题")
    client.post(
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]), micro_form("改掉", "action-publish")
    )
    lesson.refresh_from_db()
    assert lesson.title == "原标题"
    assert (
        lesson.latest_revision is None or lesson.get_latest_revision_as_object().title == "原标题"
    )


def test_editor_cannot_publish_directly(schools, editor, client):
    own, _other = schools
    url = reverse("wagtailadmin_pages:add", args=["lessons", "microlesson", own.section.pk])
    client.post(url, micro_form("亲子沟通小技巧", "action-publish"))
    page = MicroLesson.objects.filter(title="亲子沟通小技巧").first()
    assert page is None or not page.live
    assert not own.section.permissions_for_user(editor).can_publish_subpage()


def test_submitted_lesson_goes_live_only_after_reviewer_approves(schools, editor, reviewer, client):
    own, _other = schools
    url = reverse("wagtailadmin_pages:add", args=["lessons", "microlesson", own.section.pk])
    response = client.post(url, micro_form("亲子沟通小技巧", "action-submit"))
    assert response.status_code == 302, response.content.decode()[:2000]
    page = MicroLesson.objects.get(title="亲子沟通小技巧")
    assert not page.live
    state = page.current_workflow_task_state
    assert state is not None and state.task.name == "审核员审批"

    client.force_login(reviewer)
    action_url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", state.pk])
    response = client.post(action_url, {"comment": ""})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live


def test_lessons_record_their_owning_organisation(schools):
    own, _other = schools
    lesson = MicroLessonFactory(parent=own.section)
    assert lesson.organisation == own


def test_setup_access_command_is_idempotent(schools):
    from django.core.management import call_command

    before = Page.objects.count()
    call_command("setup_access")
    call_command("setup_access")
    assert Page.objects.count() == before


def test_reviewer_can_publish_directly_with_the_same_form(schools, reviewer, client):
    # The contrast to test_editor_cannot_publish_directly: the form itself is valid.
    own, _other = schools
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:add", args=["lessons", "microlesson", own.section.pk])
    client.post(url, micro_form("亲子沟通小技巧", "action-publish"))
    assert MicroLesson.objects.get(title="亲子沟通小技巧").live


def test_organisation_added_in_the_admin_is_provisioned_at_once(schools, client):
    from lessons.models import Organisation

    own, _other = schools
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    url = reverse("wagtailsnippets_lessons_organisation:add")
    data = {"name": "第二实验小学", "code": "shiyan2", "kind": "school", "parent": own.parent_id}
    assert client.post(url, data).status_code == 302
    org = Organisation.objects.get(code="shiyan2")
    assert org.section.get_parent().pk == own.parent.section.pk
    assert org.editors_group.name == "第二实验小学·编辑"


def test_editors_upload_media_only_into_their_organisations_collection(schools, editor):
    from wagtail.permissions import policy_registry

    from media_pipeline.models import LessonMedia

    own, other = schools
    policy = policy_registry.get_by_type(LessonMedia)
    collections = set(policy.collections_user_has_permission_for(editor, "add"))
    assert own.collection in collections and other.collection not in collections
