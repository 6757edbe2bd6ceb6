"""Audience.listed_grade_codes / listed_stage_codes (what a publish purges, cms/purging.py)
say in Python what LessonQuerySet.for_grade / for_stage find in SQL: the two must agree."""

import pytest

from lessons.models import LessonPage
from lessons.taxonomy import GRADE_BY_CODE, STAGE_BY_CODE
from tests.factories import ConceptLessonFactory, city

AUDIENCES = [
    {"all_stages": True},
    {"stages": ["primary"]},
    {"stages": ["primary"], "grades": ["p1", "p3"]},
    {"stages": ["primary", "junior"], "grades": ["j2"]},
    {"stages": ["kindergarten", "senior"]},
]


@pytest.mark.django_db
@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_grades_and_stages_listed_are_those_the_queries_find(audience):
    city()
    lesson = ConceptLessonFactory(**audience)
    listed = LessonPage.objects.get(pk=lesson.pk).audience
    lessons = LessonPage.objects.filter(pk=lesson.pk)
    found_grades = {code for code in GRADE_BY_CODE if lessons.for_grade(code).exists()}
    found_stages = {code for code in STAGE_BY_CODE if lessons.for_stage(code).exists()}
    assert set(listed.listed_grade_codes()) == found_grades
    assert set(listed.listed_stage_codes()) == found_stages
