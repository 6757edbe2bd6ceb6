"""What parents browse: lessons for a grade, a stage, a kind or a topic.

Every function returns a queryset or a list built in a fixed number of queries,
whatever the number of lessons.
"""

from .models import KINDS, Topic
from .models.cards import lesson_cards, live_lessons

OVERVIEW_KINDS = ("required", "self_study", "micro", "concept")


def lessons_for_grade(grade_code: str, kind: str | None = None, topic_id: int | None = None):
    lessons = live_lessons().for_grade(grade_code)
    if kind:
        lessons = lessons.exact_type(KINDS[kind])
    if topic_id:
        lessons = lessons.filter(topics=topic_id)
    return lessons


def lessons_for_stage(stage_code: str):
    return live_lessons().for_stage(stage_code)


def grade_overview(grade_code: str, request, per_kind: int = 4) -> list[dict]:
    """The grade home page: the newest lessons of each kind that fit the grade.

    One id query per kind, then one card query (with its prefetches) for all kinds.
    """
    ids = {
        kind: list(lessons_for_grade(grade_code, kind).values_list("pk", flat=True)[:per_kind])
        for kind in OVERVIEW_KINDS
    }
    wanted = [pk for kind_ids in ids.values() for pk in kind_ids]
    by_pk = {page.pk: page for page in live_lessons().filter(pk__in=wanted)}
    pages = [by_pk[pk] for pk in wanted if pk in by_pk]  # one may be unpublished meanwhile
    cards = dict(zip((p.pk for p in pages), lesson_cards(pages, request), strict=True))
    return [
        {
            "kind": kind,
            "label": KINDS[kind]._meta.verbose_name,
            "cards": [cards[pk] for pk in ids[kind] if pk in cards],
        }
        for kind in OVERVIEW_KINDS
    ]


def all_topics() -> list[Topic]:
    return list(Topic.objects.all())
