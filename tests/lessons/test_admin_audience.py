"""The audience an editor submits in the admin's own form is the one validated and saved.

These post the form the admin renders (its fields read back from the HTML), as a browser
would; tests/e2e drives the same paths in Chromium.
"""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from lessons.models import ConceptLesson
from tests.factories import ConceptLessonFactory, UserFactory, city

AUDIENCE_MESSAGE = "请至少选择一个学段"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _form(client, url) -> dict:
    """The fields of the admin's page form as rendered, as a dict of lists."""
    response = client.get(url)
    assert response.status_code == 200
    data = dict(querydict_from_html(response.content.decode(), form_id="page-edit-form").lists())
    # The StreamField's inputs are built by the admin's JavaScript: an empty body.
    data.update(nested_form_data({"body": streamfield([])}))
    return data


def _add(client, *, title, stages=(), grades=(), all_stages=False):
    section = city().section
    url = reverse("wagtailadmin_pages:add", args=["lessons", "conceptlesson", section.pk])
    data = _form(client, url)
    data.update({"title": title, "slug": f"lesson-{abs(hash(title))}", "summary": "摘要"})
    data.update(stages=list(stages), grades=list(grades))
    if all_stages:
        data["all_stages"] = "on"
    return client.post(url, data)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "stages, grades",
    [(["primary"], []), (["primary"], ["p1"]), (["primary", "junior"], ["p1", "j3"])],
)
def test_an_editor_creates_a_lesson_for_stages_and_grades(admin_client, stages, grades):
    response = _add(admin_client, title="幼小衔接怎么做", stages=stages, grades=grades)
    assert response.status_code == 302, response.content.decode()[:2000]
    lesson = ConceptLesson.objects.get(title="幼小衔接怎么做")
    assert not lesson.all_stages
    assert sorted(s.pk for s in lesson.stages.all()) == sorted(stages)
    assert sorted(g.pk for g in lesson.grades.all()) == sorted(grades)


@pytest.mark.django_db
def test_an_editor_creates_a_lesson_for_all_stages(admin_client):
    assert _add(admin_client, title="全学段课程", all_stages=True).status_code == 302
    assert ConceptLesson.objects.get(title="全学段课程").all_stages


@pytest.mark.django_db
@pytest.mark.parametrize(
    "audience, message",
    [
        ({}, AUDIENCE_MESSAGE),
        ({"stages": ["kindergarten"], "grades": ["s3"]}, "不在所选学段内"),
        ({"all_stages": True, "stages": ["primary"]}, "不能再指定学段或年级"),
    ],
)
def test_an_impossible_audience_is_refused_in_the_form(admin_client, audience, message):
    response = _add(admin_client, title="不合适的对象", **audience)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ConceptLesson.objects.filter(title="不合适的对象").exists()


@pytest.mark.django_db
def test_an_edit_to_an_impossible_audience_is_refused_and_keeps_the_lesson(admin_client):
    lesson = ConceptLessonFactory(stages=["primary"], grades=["p1"])
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    data = _form(admin_client, url)
    data.update(stages=["kindergarten"], grades=["s3"])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "以下年级不在所选学段内：高三" in response.content.decode()  # the grade's name
    lesson.refresh_from_db()
    assert lesson.audience.stage_codes == {"primary"}
    assert lesson.audience.grade_codes == {"p1"}
    assert not lesson.revisions.exists()  # nothing saved, not even a draft


def _media(collection, title):
    from media_pipeline.models import LessonMedia

    return LessonMedia.objects.create(
        title=title, type="video", file="originals/x.mp4", collection=collection, duration=3
    )


@pytest.mark.django_db
def test_an_editor_cannot_post_another_schools_video_id(client):
    from tests.factories import school

    ours, theirs = school("第一小学", "s-one"), school("第二小学", "s-two")
    editor = UserFactory(is_staff=True, groups=[ours.editors_group])
    client.force_login(editor)
    mine, foreign = _media(ours.collection, "我校视频"), _media(theirs.collection, "外校视频")
    url = reverse("wagtailadmin_pages:add", args=["lessons", "conceptlesson", ours.section.pk])
    data = _form(client, url)
    data.update(title="本校课程", slug="our-lesson", summary="摘要", all_stages="on")

    response = client.post(url, {**data, "video": str(foreign.pk)})
    assert response.status_code == 200
    assert "您无权使用此媒体" in response.content.decode()
    assert not ConceptLesson.objects.filter(title="本校课程").exists()

    response = client.post(url, {**data, "video": str(mine.pk)})
    assert response.status_code == 302
    assert ConceptLesson.objects.get(title="本校课程").video == mine
