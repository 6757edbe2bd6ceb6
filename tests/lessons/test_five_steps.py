import pytest
from django.core.exceptions import ValidationError

from lessons.models import RequiredLesson
from tests.factories import RequiredLessonFactory

STEP_FIELDS = [field for field, _name in RequiredLesson.STEPS]


def test_steps_are_the_five_step_method_in_order():
    assert [str(name) for _field, name in RequiredLesson.STEPS] == [
        "视频导课",
        "现场讨论",
        "课堂总结",
        "拓展训练",
        "微课巩固",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("field", STEP_FIELDS)
def test_publishing_with_a_step_missing_is_refused(field):
    lesson = RequiredLessonFactory(live=False)
    setattr(lesson, field, [] if field != "lead_in_intro" else "")
    with pytest.raises(ValidationError) as excinfo:
        lesson.save_revision().publish()
    assert field in excinfo.value.message_dict
    lesson.refresh_from_db()
    assert not lesson.live


@pytest.mark.django_db
def test_complete_lesson_publishes():
    lesson = RequiredLessonFactory(live=False)
    lesson.save_revision().publish()
    lesson.refresh_from_db()
    assert lesson.live


@pytest.mark.django_db
def test_lesson_page_shows_the_five_steps_in_order(client):
    lesson = RequiredLessonFactory(title="幼小衔接：做好入学准备")
    html = client.get(lesson.url).content.decode()
    positions = [
        html.index(name) for name in ("视频导课", "现场讨论", "课堂总结", "拓展训练", "微课巩固")
    ]
    assert positions == sorted(positions)
    assert "整理书包的小方法" in html  # the linked micro-lesson
