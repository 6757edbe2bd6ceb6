"""A school editor uploads a lesson's video through the media chooser in the page editor; the
chooser offers their school's media and never another school's."""

import pytest

from lessons.models import MicroLesson
from media_pipeline.ingest import ingest_file
from media_pipeline.models import LessonMedia

from .saved import expected, saved_audience

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_school_editor_uploads_a_video_through_the_chooser(login_as, users, orgs, lesson_clip):
    ours = ingest_file(lesson_clip, "实验小学往期微课视频", collection=orgs["shiyan"].collection)
    theirs = ingest_file(lesson_clip, "清水镇中学内部视频", collection=orgs["qingshui"].collection)
    admin = login_as(users["school_editor"])
    admin.open_add("microlesson", orgs["shiyan"].section.pk)
    admin.lesson_basics(
        "入学第一天，怎样和孩子告别", "告别要温和而坚定。", stages=["primary"], grades=["p1", "p2"]
    )

    admin.media_chooser("video")
    listed = admin.chooser_titles()
    assert ours.title in listed
    assert theirs.title not in listed
    admin.close_modal()

    media_id = admin.upload_video(lesson_clip, "入学第一天告别示范")
    admin.save_draft()

    assert admin.field_errors() == {}
    lesson = MicroLesson.objects.get(title="入学第一天，怎样和孩子告别")
    uploaded = LessonMedia.objects.get(title="入学第一天告别示范")
    assert media_id == uploaded.pk
    assert lesson.get_latest_revision_as_object().video_id == uploaded.pk
    assert lesson.video_id == uploaded.pk
    assert (uploaded.collection, uploaded.uploaded_by_user) == (
        orgs["shiyan"].collection,
        users["school_editor"],
    )
    assert uploaded.type == "video" and uploaded.duration > 1
    assert saved_audience(lesson.pk) == expected(stages=["primary"], grades=["p1", "p2"])
