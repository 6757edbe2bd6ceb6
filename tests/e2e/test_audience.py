"""Who a lesson is for, as a school editor sets it in the page editor: all stages, one stage,
one stage and some of its grades, two stages — and the combinations that make no sense,
refused on the form with the reason in Chinese."""

import pytest

from lessons.models import ConceptLesson
from tests.factories import ConceptLessonFactory

from .saved import expected, saved_audience

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NOT_CREATED = "由于验证错误，无法创建页面。"
NOT_SAVED = "由于验证错误，无法保存页面。"
CHOOSE_A_STAGE = "请至少选择一个学段，或选择“全学段”。"
ALL_MEANS_ALL = "已选“全学段”的课程不能再指定学段或年级。"
GRADE_OUTSIDE = "以下年级不在所选学段内："

VALID = {
    "all-stages": {"all_stages": True},
    "one-stage": {"stages": ["primary"]},
    "one-stage-and-a-grade": {"stages": ["primary"], "grades": ["p1"]},
    "two-stages": {"stages": ["primary", "junior"]},
}

INVALID = {
    "a-grade-outside-the-stage": ({"stages": ["kindergarten"], "grades": ["s3"]}, GRADE_OUTSIDE),
    "all-stages-and-a-stage": ({"all_stages": True, "stages": ["primary"]}, ALL_MEANS_ALL),
    "nothing-chosen": ({}, CHOOSE_A_STAGE),
}


def all_errors(admin) -> list[str]:
    return [message for messages in admin.field_errors().values() for message in messages]


def add_concept_lesson(admin, section, title, audience):
    admin.open_add("conceptlesson", section.pk)
    admin.lesson_basics(title, "家校协同，从理解孩子开始。", **audience)
    admin.type("speaker", "王教授")
    admin.save_draft()


@pytest.mark.parametrize("audience", VALID.values(), ids=VALID.keys())
def test_a_school_editor_adds_a_lesson_for(login_as, users, orgs, audience):
    admin = login_as(users["school_editor"])
    add_concept_lesson(admin, orgs["shiyan"].section, "家校协同育人的理念", audience)

    assert admin.field_errors() == {}
    assert admin.messages() and NOT_CREATED not in admin.messages()
    lesson = ConceptLesson.objects.get(title="家校协同育人的理念")
    assert admin.edit_page_id() == lesson.pk
    assert saved_audience(lesson.pk) == expected(**audience)
    assert (lesson.organisation, lesson.live, lesson.speaker) == (orgs["shiyan"], False, "王教授")


@pytest.mark.parametrize(("audience", "reason"), INVALID.values(), ids=INVALID.keys())
def test_a_lesson_is_refused_when_its_audience_makes_no_sense(
    login_as, users, orgs, audience, reason
):
    admin = login_as(users["school_editor"])
    add_concept_lesson(admin, orgs["shiyan"].section, "适用对象有误的课", audience)

    assert not ConceptLesson.objects.filter(title="适用对象有误的课").exists()  # nor autosaved
    assert NOT_CREATED in " ".join(admin.messages())
    assert [e for e in all_errors(admin) if e.startswith(reason)], admin.field_errors()


def test_editing_a_lesson_to_a_grade_outside_its_stage_is_refused(login_as, users, orgs):
    lesson = ConceptLessonFactory(
        parent=orgs["shiyan"].section, title="幼儿园家长的第一课", stages=["kindergarten"]
    )
    admin = login_as(users["school_editor"])
    admin.open_edit(lesson.pk)
    admin.tick("grades", ["s3"])
    admin.save_draft()

    assert NOT_SAVED in " ".join(admin.messages())
    assert [e for e in all_errors(admin) if e.startswith(GRADE_OUTSIDE)], admin.field_errors()
    assert saved_audience(lesson.pk) == expected(stages=["kindergarten"])


def test_editing_a_lesson_to_another_stage_and_grade_is_saved(login_as, users, orgs):
    lesson = ConceptLessonFactory(
        parent=orgs["shiyan"].section, title="小升初，家长先准备", stages=["primary"]
    )
    admin = login_as(users["school_editor"])
    admin.open_edit(lesson.pk)
    admin.audience(stages=["junior"], grades=["j1"])
    admin.save_draft()

    assert admin.field_errors() == {}
    assert saved_audience(lesson.pk) == expected(stages=["junior"], grades=["j1"])
