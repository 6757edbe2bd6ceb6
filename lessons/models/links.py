"""A lesson's links to stages, grades and topics, for many lessons in one query.

Prefetching them costs a query per relation; a page that shows a lesson and cards of
others would spend six. One UNION of the three link tables reads them all, and
`prefetch_links` leaves them on each page (`page.lesson_links`), as prefetch_related would.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast

from ..audience import Audience


@dataclass(frozen=True)
class TopicLink:
    pk: int
    name: str


@dataclass
class Links:
    stage_codes: set[str] = field(default_factory=set)
    grade_codes: set[str] = field(default_factory=set)
    topics: list[TopicLink] = field(default_factory=list)  # by name, as Topic orders them
    with_topics: bool = False  # whether topics were read

    def audience(self, page) -> Audience:
        """The lesson's audience (its all_stages flag and these codes)."""
        return Audience(
            all_stages=page.all_stages,
            stage_codes=frozenset(self.stage_codes),
            grade_codes=frozenset(self.grade_codes),
        )


def _rows(relation: str, kind: str, pks, code, name):
    through = getattr(apps.get_model("lessons", "LessonPage"), relation).through
    return (
        through.objects.filter(lessonpage__in=pks)
        .annotate(kind=Value(kind, output_field=CharField()), code=code, name=name)
        .values_list("lessonpage_id", "kind", "code", "name")
    )


def links_of(pks: Iterable[int], *, topics_of: Iterable[int] = ()) -> dict[int, Links]:
    """{lesson pk: Links} for every pk (empty Links when it has none), in one query; topics
    only for the lessons in `topics_of`."""
    pks = list(pks)
    topics_of = set(topics_of).intersection(pks)
    found = {pk: Links(with_topics=pk in topics_of) for pk in pks}
    if not pks:
        return found
    blank = Value("", output_field=CharField())
    parts = [
        _rows("stages", "stage", pks, F("stage_id"), blank),
        _rows("grades", "grade", pks, F("grade_id"), blank),
    ]
    if topics_of:
        topic_pk = Cast("topic_id", output_field=CharField())
        parts.append(_rows("topics", "topic", topics_of, topic_pk, F("topic__name")))
    rows = parts[0].union(*parts[1:], all=True).order_by("kind", "name")
    by_kind = defaultdict(list)
    for pk, kind, code, name in rows:
        by_kind[kind].append((pk, code, name))
    for pk, code, _name in by_kind["stage"]:
        found[pk].stage_codes.add(code)
    for pk, code, _name in by_kind["grade"]:
        found[pk].grade_codes.add(code)
    for pk, code, name in by_kind["topic"]:
        found[pk].topics.append(TopicLink(int(code), name))
    return found


def prefetch_links(pages, *, topics_of: Iterable[int] = ()) -> None:
    """Set `page.lesson_links` on each page that lacks them (or their topics, for the pks in
    `topics_of`): one query, none when every page has them."""
    topics_of = set(topics_of)
    missing = [
        page
        for page in pages
        if getattr(page, "lesson_links", None) is None
        or (page.pk in topics_of and not page.lesson_links.with_topics)
    ]
    if missing:
        found = links_of({page.pk for page in missing}, topics_of=topics_of)
        for page in missing:
            page.lesson_links = found[page.pk]
