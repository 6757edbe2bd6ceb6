import pytest

from lessons.audience import Audience
from lessons.browse import lessons_for_grade
from tests.factories import MicroLessonFactory


def titles_for(grade):
    return set(lessons_for_grade(grade).values_list("title", flat=True))


@pytest.fixture
def lessons(db):
    MicroLessonFactory(title="全学段", all_stages=True)
    MicroLessonFactory(title="整个小学", stages=["primary"])
    MicroLessonFactory(title="一年级", stages=["primary"], grades=["p1"])
    MicroLessonFactory(
        title="大班和一年级", stages=["kindergarten", "primary"], grades=["k3", "p1"]
    )
    MicroLessonFactory(title="大班和整个小学", stages=["kindergarten", "primary"], grades=["k3"])
    MicroLessonFactory(title="高三", stages=["senior"], grades=["s3"])
    MicroLessonFactory(title="草稿", stages=["primary"], live=False)


@pytest.mark.parametrize(
    "grade, expected",
    [
        ("p1", {"全学段", "整个小学", "一年级", "大班和一年级", "大班和整个小学"}),
        ("p2", {"全学段", "整个小学", "大班和整个小学"}),
        ("k3", {"全学段", "大班和一年级", "大班和整个小学"}),
        ("k1", {"全学段"}),
        ("s3", {"全学段", "高三"}),
        ("j2", {"全学段"}),
    ],
)
def test_grade_filter(lessons, grade, expected):
    assert titles_for(grade) == expected


@pytest.mark.parametrize(
    "grade",
    ["k1", "k2", "k3", "p1", "p2", "p3", "p4", "p5", "p6", "j1", "j2", "j3", "s1", "s2", "s3"],
)
def test_all_stages_lesson_appears_for_every_grade(db, grade):
    MicroLessonFactory(title="全学段", all_stages=True)
    assert "全学段" in titles_for(grade)


def test_audience_rejects_grades_outside_the_stages():
    errors = Audience(False, frozenset({"primary"}), frozenset({"j1"})).errors()
    assert errors and "初一（j1）" in errors[0]


def test_audience_needs_a_stage_or_all():
    assert Audience(False, frozenset(), frozenset()).errors()


def test_audience_label():
    assert Audience(True, frozenset(), frozenset()).label() == "全学段"
    assert (
        Audience(False, frozenset({"primary", "kindergarten"}), frozenset({"k3"})).label()
        == "大班、小学"
    )
