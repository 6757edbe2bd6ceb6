"""Every lesson kind made in the page editor for a particular stage: a required lesson with its
five steps (school editor), a self-study series with a micro-lesson in it (district editor).
The other kinds: test_audience.py (concept lessons), test_media.py and test_review.py
(micro-lessons in a section), test_programmes.py (weekly episodes, first lessons)."""

import pytest

from lessons.models import MicroLesson, RequiredLesson, SelfStudySeries
from tests.factories import MicroLessonFactory

from .saved import expected, saved_audience

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_school_editor_adds_a_required_lesson_with_its_five_steps(login_as, users, orgs):
    section = orgs["shiyan"].section
    micro = MicroLessonFactory(parent=section, title="整理书包的小方法", stages=["primary"])
    admin = login_as(users["school_editor"])
    admin.open_add("requiredlesson", section.pk)
    admin.lesson_basics(
        "入学第一周，家长做什么",
        "帮助一年级新生家长做好入学准备。",
        stages=["primary"],
        grades=["p1"],
    )
    admin.rich_text("lead_in_intro", "视频：一个孩子入学第一天的故事。")
    admin.stream_items("discussion_questions", ["孩子入学前，您最担心什么？", "孩子最期待什么？"])
    admin.stream_items("summary_points", ["提前两周调整作息"])
    admin.stream_items("practice_exercises", ["和孩子一起整理书包"])
    admin.choose_page("consolidation", micro.title)
    admin.stream_paragraph("body", "请提前十分钟播放视频。")
    admin.save_draft()

    assert admin.field_errors() == {}
    lesson = RequiredLesson.objects.get(title="入学第一周，家长做什么")
    assert admin.edit_page_id() == lesson.pk
    assert saved_audience(lesson.pk) == expected(stages=["primary"], grades=["p1"])
    assert "入学第一天的故事" in lesson.lead_in_intro
    assert [b.value for b in lesson.discussion_questions] == [
        "孩子入学前，您最担心什么？",
        "孩子最期待什么？",
    ]
    assert [b.value for b in lesson.summary_points] == ["提前两周调整作息"]
    assert [b.value for b in lesson.practice_exercises] == ["和孩子一起整理书包"]
    assert [b.value.pk for b in lesson.consolidation] == [micro.pk]
    assert [b.block_type for b in lesson.body] == ["paragraph"]
    assert (lesson.organisation, lesson.live) == (orgs["shiyan"], False)


def test_a_district_editor_adds_a_self_study_series_and_a_micro_lesson_in_it(login_as, users, orgs):
    admin = login_as(users["district_editor"])
    admin.open_add("selfstudyseries", orgs["dongcheng"].section.pk)
    admin.lesson_basics(
        "青春期亲子沟通", "五节微课，陪孩子走过青春期。", stages=["junior", "senior"]
    )
    admin.stream_paragraph("body", "每节微课十分钟。")
    admin.save_draft()
    assert admin.field_errors() == {}
    series = SelfStudySeries.objects.get(title="青春期亲子沟通")
    assert saved_audience(series.pk) == expected(stages=["junior", "senior"])

    admin.open_add("microlesson", series.pk)
    admin.lesson_basics(
        "孩子不爱说话了怎么办", "先倾听，少说教。", stages=["junior"], grades=["j2"]
    )
    admin.stream_items("key_points", ["先倾听", "少说教"])
    admin.type("transcript", "各位家长好，今天我们聊聊青春期的沟通。")
    admin.save_draft()

    assert admin.field_errors() == {}
    micro = MicroLesson.objects.get(title="孩子不爱说话了怎么办")
    assert micro.get_parent().pk == series.pk
    assert saved_audience(micro.pk) == expected(stages=["junior"], grades=["j2"])
    assert [b.value for b in micro.key_points] == ["先倾听", "少说教"]
    assert (series.organisation, micro.organisation) == (orgs["dongcheng"], orgs["dongcheng"])
