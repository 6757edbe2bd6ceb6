"""What parents browse: lessons for a grade, a stage, a kind or a topic.

Every function returns a queryset or a list built in a fixed number of queries,
whatever the number of lessons.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from .models import Topic, browsable_kinds, kind_of
from .models.cards import live_lessons


def lessons_for_grade(grade_code: str, kind: str | None = None, topic_id: int | None = None):
    lessons = live_lessons().for_grade(grade_code)
    if kind:
        lessons = lessons.exact_type(kind_of(kind).model)
    if topic_id:
        lessons = lessons.filter(topics=topic_id)
    return lessons


def lessons_for_stage(stage_code: str):
    return live_lessons().for_stage(stage_code)


def grade_overview_pages(grade_code: str, per_kind: int = 4) -> dict[str, list]:
    """The newest lessons of each browsable kind that fit the grade: {kind: [lesson, ...]},
    in one query (the first `per_kind` of each kind, ranked in the database)."""
    kinds = browsable_kinds()
    models = [kind.model for kind in kinds]
    code_of = {
        ct.pk: model.kind for model, ct in ContentType.objects.get_for_models(*models).items()
    }
    newest_first = (F("first_published_at").desc(), F("pk").desc())  # as live_lessons()
    ranked = (
        lessons_for_grade(grade_code)
        .exact_type(*models)
        .annotate(rank=Window(RowNumber(), partition_by=F("content_type"), order_by=newest_first))
        .filter(rank__lte=per_kind)
    )
    pages = {kind.code: [] for kind in kinds}
    for page in ranked:
        pages[code_of[page.content_type_id]].append(page)
    return pages


def overview_sections(pages: dict[str, list], cards: list[list]) -> list[dict]:
    """The grade home page's sections: grade_overview_pages() and their cards (made with the
    page's other cards by cards.card_lists, sharing its queries)."""
    return [
        {"kind": kind, "label": kind_of(kind).label, "cards": kind_cards}
        for kind, kind_cards in zip(pages, cards, strict=True)
    ]


def all_topics() -> list[Topic]:
    return list(Topic.objects.all())
