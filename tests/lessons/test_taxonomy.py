import pytest

from lessons.models import Grade, Stage
from lessons.taxonomy import GRADE_BY_CODE, GRADES, STAGES, stage_of

EXPECTED = {
    "kindergarten": ["k1", "k2", "k3"],
    "primary": ["p1", "p2", "p3", "p4", "p5", "p6"],
    "junior": ["j1", "j2", "j3"],
    "senior": ["s1", "s2", "s3"],
}


def test_fifteen_grades_with_fixed_codes_in_order():
    assert [g.code for g in GRADES] == [c for codes in EXPECTED.values() for c in codes]
    assert len(GRADES) == 15


@pytest.mark.parametrize("code, stage", [(c, s) for s, codes in EXPECTED.items() for c in codes])
def test_each_grade_maps_to_its_stage(code, stage):
    assert stage_of(code).code == stage


def test_chinese_grade_names():
    names = {code: GRADE_BY_CODE[code].name for code in ("k1", "k2", "k3", "p1", "j1", "s3")}
    assert names == {
        "k1": "小班",
        "k2": "中班",
        "k3": "大班",
        "p1": "一年级",
        "j1": "初一",
        "s3": "高三",
    }


@pytest.mark.django_db
def test_migration_wrote_the_same_stages_and_grades():
    assert list(Stage.objects.values_list("code", "name")) == [(s.code, s.name) for s in STAGES]
    assert list(Grade.objects.values_list("code", "name", "stage_id")) == [
        (g.code, g.name, g.stage_code) for g in GRADES
    ]
