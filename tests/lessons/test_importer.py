import json

import pytest
from django.core.management import CommandError, call_command

from lessons.importing import ImportFailed, import_lessons
from lessons.models import LessonPage, MicroLesson, RequiredLesson, SelfStudySeries, Topic
from tests.factories import OrganisationFactory, city

MICRO = {
    "id": "m1",
    "kind": "micro",
    "title": "作息调整小妙招",
    "summary": "帮孩子调整作息。",
    "body": "第一段。\n第二段。",
    "stages": ["kindergarten"],
    "grades": ["k3"],
    "topics": ["幼小衔接"],
    "transcript": "各位家长好……",
    "key_points": ["早睡", "早起"],
}
SERIES = {
    "id": "s1",
    "kind": "self_study",
    "title": "入学准备系列",
    "summary": "四节微课。",
    "stages": ["kindergarten"],
    "grades": [],
    "topics": ["幼小衔接"],
    "lessons": ["m2", "m1"],
}
MICRO_2 = {**MICRO, "id": "m2", "title": "整理书包", "series": "s1"}
REQUIRED = {
    "id": "r1",
    "kind": "required",
    "title": "幼小衔接：做好入学准备",
    "summary": "大班家长必修。",
    "stages": ["kindergarten", "primary"],
    "grades": ["k3", "p1"],
    "topics": ["幼小衔接"],
    "steps": {
        "lead_in": "视频：小明上学第一天。",
        "discussion": ["您最担心什么？"],
        "summary": ["调整作息"],
        "practice": ["按时睡觉"],
        "consolidation": ["m1", "m2"],
    },
}
CONCEPT = {
    "id": "c1",
    "kind": "concept",
    "title": "家校社协同育人",
    "summary": "理念引领。",
    "body": "一\n二",
    "stages": ["all"],
    "grades": [],
    "topics": ["家庭教育"],
    "speaker": "张老师",
}


def lines(*records):
    return [json.dumps(r, ensure_ascii=False) for r in records]


@pytest.fixture
def orgs(db):
    root = city()
    district = OrganisationFactory(parent=root, code="dongcheng", name="东城区", kind="district")
    return root, district


def test_good_file_imports_and_publishes_every_kind(orgs):
    # References point forwards and backwards: required first, micros last.
    report = import_lessons(lines(REQUIRED, MICRO, SERIES, MICRO_2, CONCEPT))
    assert (report.created, report.updated) == (5, 0)
    assert LessonPage.objects.live().count() == 5
    required = RequiredLesson.objects.get(external_id="r1")
    assert [b.value.external_id for b in required.consolidation] == ["m1", "m2"]
    assert required.has_unpublished_changes is False


def test_series_membership_and_order_follow_the_series_line(orgs):
    import_lessons(lines(MICRO, SERIES, MICRO_2))
    series = SelfStudySeries.objects.get(external_id="s1")
    children = MicroLesson.objects.child_of(series).order_by("path")
    assert [m.external_id for m in children] == ["m2", "m1"]


def test_default_organisation_is_the_city_and_paths_pick_others(orgs):
    root, district = orgs
    import_lessons(lines(CONCEPT, {**MICRO, "organisation": "city/dongcheng"}))
    assert LessonPage.objects.get(external_id="c1").organisation == root
    assert LessonPage.objects.get(external_id="m1").organisation == district


def test_topics_are_created_once_by_name(orgs):
    import_lessons(lines(MICRO, MICRO_2, SERIES))
    assert Topic.objects.filter(name="幼小衔接").count() == 1


def test_bad_line_imports_nothing_and_names_the_line(orgs):
    bad = {**CONCEPT, "id": "c2", "grades": ["p9"], "stages": ["primary"]}
    with pytest.raises(ImportFailed) as excinfo:
        import_lessons(lines(MICRO, CONCEPT, bad))
    assert excinfo.value.errors == ["line 3: 未知的年级代码：p9"]
    assert LessonPage.objects.count() == 0


@pytest.mark.parametrize(
    "record, message",
    [
        ({**MICRO, "kind": "video"}, "未知的课程类型"),
        ({**MICRO, "title": ""}, "缺少“title”"),
        ({**MICRO, "stages": ["all"], "grades": ["p1"]}, "不能再指定学段或年级"),
        ({**MICRO, "organisation": "city/nowhere"}, "未知的单位"),
        ({**MICRO, "series": "missing"}, "不存在的课程编号"),
        ({**REQUIRED, "steps": {**REQUIRED["steps"], "practice": []}}, "第 4 步"),
        ({**MICRO, "titel": "错字"}, "未知字段：titel"),
    ],
)
def test_each_kind_of_bad_line_is_reported_in_chinese(orgs, record, message):
    with pytest.raises(ImportFailed) as excinfo:
        import_lessons(lines(CONCEPT, record))
    assert len(excinfo.value.errors) == 1
    assert excinfo.value.errors[0].startswith("line 2: ")
    assert message in excinfo.value.errors[0]
    assert LessonPage.objects.count() == 0


def test_invalid_json_reports_the_line(orgs):
    with pytest.raises(ImportFailed) as excinfo:
        import_lessons([json.dumps(CONCEPT, ensure_ascii=False), "{not json"])
    assert excinfo.value.errors[0].startswith("line 2: 不是有效的 JSON")


def test_duplicate_id_reports_the_second_line(orgs):
    with pytest.raises(ImportFailed) as excinfo:
        import_lessons(lines(CONCEPT, CONCEPT))
    assert excinfo.value.errors == ["line 2: 编号 'c1' 已在第 1 行使用"]


def test_reimport_updates_in_place(orgs):
    import_lessons(lines(MICRO, SERIES, MICRO_2, REQUIRED, CONCEPT))
    pks = dict(LessonPage.objects.values_list("external_id", "pk"))
    changed = {**CONCEPT, "title": "家校社协同育人（修订版）", "stages": ["senior"]}
    report = import_lessons(lines(MICRO, SERIES, MICRO_2, REQUIRED, changed))
    assert (report.created, report.updated) == (0, 5)
    assert dict(LessonPage.objects.values_list("external_id", "pk")) == pks
    concept = LessonPage.objects.get(external_id="c1")
    assert concept.title == "家校社协同育人（修订版）"
    assert concept.live and not concept.all_stages
    assert [s.code for s in concept.stages.all()] == ["senior"]


def test_reimport_can_move_a_micro_lesson_into_a_series(orgs):
    import_lessons(lines(MICRO))
    import_lessons(lines({**SERIES, "lessons": ["m1"]}))
    micro = MicroLesson.objects.get(external_id="m1")
    assert micro.get_parent().specific.external_id == "s1"


def test_kind_cannot_change_on_reimport(orgs):
    import_lessons(lines(CONCEPT))
    with pytest.raises(ImportFailed) as excinfo:
        import_lessons(lines({**MICRO, "id": "c1"}))
    assert "另一类型" in excinfo.value.errors[0]


def test_command_reports_errors_and_exits_nonzero(orgs, tmp_path):
    path = tmp_path / "lessons.jsonl"
    path.write_text("\n".join(lines(CONCEPT, {**CONCEPT, "id": "c2", "stages": []})), "utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_lessons", str(path))
    assert str(excinfo.value).startswith("line 2: ")
    assert LessonPage.objects.count() == 0


def test_command_imports_a_good_file(orgs, tmp_path, capsys):
    path = tmp_path / "lessons.jsonl"
    path.write_text("\n".join(lines(CONCEPT, MICRO)), "utf-8")
    call_command("import_lessons", str(path))
    assert "created 2, updated 0" in capsys.readouterr().out
