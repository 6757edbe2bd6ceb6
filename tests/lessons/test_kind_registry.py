"""The lesson kind registry (lessons.models.registry), walked kind by kind: every kind has a
factory and a page that renders, every importable kind imports from the fields it declares,
browsable kinds have their grade lists (the others none), and search filters by every
searchable kind. A new kind needs its entry in the registry and a factory below."""

import json

import pytest
from django.apps import apps

from lessons.importing import ImportFailed, import_lessons
from lessons.models import (
    FIVE_STEPS,
    LESSON_KINDS,
    LessonPage,
    RequiredLesson,
    browsable_kinds,
    importable_kinds,
    kind_of_model,
    searchable_kinds,
)
from lessons.models.registry import ImportForm
from lessons.models.steps import LESSONS, TEXT
from tests.factories import (
    ConceptLessonFactory,
    EpisodeFactory,
    FirstLessonFactory,
    MicroLessonFactory,
    RequiredLessonFactory,
    SelfStudySeriesFactory,
    city,
)
from tests.media_pipeline import clips

FACTORIES = {
    factory._meta.get_model_class(): factory
    for factory in (
        ConceptLessonFactory,
        RequiredLessonFactory,
        SelfStudySeriesFactory,
        MicroLessonFactory,
        EpisodeFactory,
        FirstLessonFactory,
    )
}
TEXT_VALUE, ITEM = "示例文字", "示例要点"


def code(kind) -> str:
    return kind.code


def test_every_lesson_page_model_is_a_registered_kind():
    models = {
        model
        for model in apps.get_app_config("lessons").get_models()
        if issubclass(model, LessonPage) and model is not LessonPage
    }
    assert models == {kind.model for kind in LESSON_KINDS}
    assert len({kind.code for kind in LESSON_KINDS}) == len(LESSON_KINDS)


def test_editors_can_add_exactly_the_kinds_placed_in_sections():
    from lessons.models import SectionPage

    allowed = set(SectionPage.allowed_subpage_models())
    for kind in LESSON_KINDS:
        assert (kind.model in allowed) == kind.in_sections, kind.code
        if kind.in_sections:
            assert kind.model.can_create_at(SectionPage()), kind.code


def test_the_five_steps_are_the_required_lessons_fields_in_order():
    assert [step.number for step in FIVE_STEPS] == [1, 2, 3, 4, 5]
    for step in FIVE_STEPS:
        RequiredLesson._meta.get_field(step.field)
    assert RequiredLesson.STEPS == tuple((step.field, step.name) for step in FIVE_STEPS)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", LESSON_KINDS, ids=code)
def test_every_kind_has_a_factory_and_its_page_renders(client, kind):
    page = FACTORIES[kind.model](title="跳绳练习")
    assert type(page) is kind.model and page.kind == kind.code
    assert kind_of_model(type(page)) == kind
    response = client.get(page.url)
    assert response.status_code == 200
    assert "跳绳练习" in response.content.decode()


@pytest.fixture(scope="module")
def clip_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("import-videos")
    clips.video(folder / "clip.mp4", seconds=1)
    return folder


def sample_lines(kind, lesson_id: str) -> list[dict]:
    """A line giving every field the kind declares, then the lines of the lessons it names."""
    line = {"id": lesson_id, "kind": kind.code, "title": f"示例课程{lesson_id}",
            "summary": "示例。", "stages": ["primary"]}  # fmt: skip
    others = []
    for field in kind.import_fields:
        key = field.key
        if field.target is not None and field.form != ImportForm.PARENT:
            ref = f"{lesson_id}-{key}"
            others += sample_lines(kind_of_model(field.target), ref)
        if field.form == ImportForm.TEXT:
            line[key] = f" {TEXT_VALUE} "
        elif field.form == ImportForm.ITEMS:
            line[key] = [ITEM]
        elif field.form == ImportForm.VIDEO:
            line[key] = "clip.mp4"
        elif field.form == ImportForm.MEMBERS:
            line[key] = [ref]
        elif field.form == ImportForm.STEPS:
            line[key] = {
                step.key: TEXT_VALUE
                if step.form == TEXT
                else [ref if step.form == LESSONS else ITEM]
                for step in FIVE_STEPS
            }
        # PARENT is optional: a MEMBERS list places the page under its parent as well
    return [line, *others]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", importable_kinds(), ids=code)
def test_every_importable_kind_imports_from_the_fields_it_declares(kind, clip_dir):
    city()
    records = sample_lines(kind, "x")
    # Lines that name others first: the importer writes parents first whatever the order.
    report = import_lessons([json.dumps(r, ensure_ascii=False) for r in records], clip_dir)
    assert (report.created, report.updated) == (len(records), 0)
    page = kind.model.objects.get(external_id="x")
    assert page.live
    for field in kind.import_fields:
        value = getattr(page, field.key, None)
        if field.form == ImportForm.TEXT:
            assert value == TEXT_VALUE
        elif field.form == ImportForm.ITEMS:
            assert [block.value for block in value] == [ITEM]
        elif field.form == ImportForm.VIDEO:
            assert value is not None and value.duration
        elif field.form == ImportForm.MEMBERS:
            children = LessonPage.objects.child_of(page)
            assert [c.specific.external_id for c in children] == [f"x-{field.key}"]
        elif field.form == ImportForm.STEPS:
            assert all(getattr(page, step.field) for step in FIVE_STEPS)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [k for k in LESSON_KINDS if not k.importable], ids=code)
def test_other_kinds_are_refused_by_the_importer(kind):
    city()
    line = {"id": "x", "kind": kind.code, "title": "示例", "summary": "示例。", "stages": ["all"]}
    with pytest.raises(ImportFailed) as excinfo:
        import_lessons([json.dumps(line)])
    assert "未知的课程类型" in excinfo.value.errors[0]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", LESSON_KINDS, ids=code)
def test_browsable_kinds_have_grade_lists_and_the_others_none(client, kind):
    FACTORIES[kind.model](title="跳绳练习")  # for all stages, so for every grade
    response = client.get(f"/grade/p1/kind/{kind.code}/")
    if not kind.browsable:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert "跳绳练习" in response.content.decode()
    sections = client.get("/grade/p1/").context["sections"]
    assert [section["kind"] for section in sections] == [k.code for k in browsable_kinds()]
    (mine,) = [section for section in sections if section["kind"] == kind.code]
    assert [card.title for card in mine["cards"]] == ["跳绳练习"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", searchable_kinds(), ids=code)
def test_search_filters_by_every_searchable_kind(client, kind):
    for each in LESSON_KINDS:
        FACTORIES[each.model](title=f"跳绳练习{each.code}")
    results = client.get("/api/search/", {"q": "跳绳", "kind": kind.code}).json()["results"]
    assert [(r["kind"], r["title"]) for r in results] == [(kind.code, f"跳绳练习{kind.code}")]
    options = client.get("/search/", {"q": "跳绳", "grade": ""}).context["kinds"]
    assert [option for option, _label in options] == [k.code for k in searchable_kinds()]
