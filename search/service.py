"""Searching lessons for parents: filters, the strict-then-relaxed query, pages of hits."""

import logging
from dataclasses import dataclass, field
from hashlib import sha1

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from lessons.feedback.counters import increment, week_of
from lessons.models import LessonPage, kind_of, kind_of_model, searchable_kind
from lessons.models.cards import with_card_data
from lessons.taxonomy import GRADE_BY_CODE, STAGE_BY_CODE, STAGES

from . import ranking
from .analysis import normalise
from .audience import named_audience
from .models import SearchMiss
from .query import QueryError, analyse, part_query, prefix_words
from .snippets import snippet

logger = logging.getLogger(__name__)

PER_PAGE = 10
MAX_PAGE = 50
SUGGESTIONS = 8
SHARE_SECONDS = 3600


@dataclass(frozen=True)
class Filters:
    stage: str = ""
    grade: str = ""
    kind: str = ""
    topic: int | None = None
    organisation: int | None = None

    @classmethod
    def from_params(cls, params) -> "Filters":
        """From GET parameters; unknown values raise QueryError with a Chinese message."""
        stage, grade, kind = (params.get(k, "").strip() for k in ("stage", "grade", "kind"))
        if stage and stage not in STAGE_BY_CODE:
            raise QueryError(_("Unknown stage."))
        if grade and grade not in GRADE_BY_CODE:
            raise QueryError(_("Unknown grade."))
        if kind and searchable_kind(kind) is None:
            raise QueryError(_("Unknown kind of lesson."))
        return cls(stage, grade, kind, _number(params, "topic"), _number(params, "organisation"))

    def apply(self, queryset):
        if self.kind:
            model = kind_of(self.kind).model
            queryset = queryset.filter(content_type=ContentType.objects.get_for_model(model))
        if self.grade:
            queryset = queryset.for_grade(self.grade)
        if self.stage:
            queryset = queryset.for_stage(self.stage)
        if self.topic is not None:
            queryset = queryset.filter(topics=self.topic)
        if self.organisation is not None:
            queryset = queryset.filter(organisation=self.organisation)
        return queryset


def _number(params, name) -> int | None:
    value = params.get(name, "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        raise QueryError(_("Invalid filter value."))
    return int(value)


@dataclass(frozen=True)
class Hit:
    page: LessonPage  # specific
    url: str
    kind: str
    kind_label: str
    stage_codes: list[str]
    grade_codes: list[str]
    audience_label: str
    snippet: str


@dataclass
class Results:
    query: str
    filters: Filters
    count: int = 0
    hits: list[Hit] = field(default_factory=list)
    page: int = 1
    pages: int = 0
    relaxed: bool = False  # nothing matched every word; these match some, or mean the same


def lesson_queryset(filters: Filters):
    return filters.apply(LessonPage.objects.live().public())


@dataclass
class Found:
    """A ranking of lessons: `first` (the fused window), then the lexical matches past it."""

    first: list[int]
    count: int
    terms: frozenset[str]
    relaxed: bool  # nothing has every word: these have some, or mean the same
    lexical: object = None  # the lexical search results, for slices past the window
    lexical_taken: int = 0  # how many of them the window holds

    def ids(self, start: int, stop: int) -> list[int]:
        """Lesson ids start:stop of the ranking."""
        head = self.first[start:stop]
        if len(head) == stop - start or self.lexical is None or self.count <= len(self.first):
            return head
        # Past the window the lexical ranking continues where the window took it; a lesson
        # dense retrieval placed in the window is not shown twice (the page is shorter).
        past = self.lexical_taken + max(start, len(self.first)) - len(self.first)
        tail = [p.pk for p in self.lexical[past : past + stop - start - len(head)]]
        seen = set(self.first)
        return head + [pk for pk in tail if pk not in seen]


def find(text: str, filters: Filters, mode: str = ranking.HYBRID) -> Found | None:
    """Lessons for what a parent typed, best first: the lexical matches (every meaningful
    word, or when none has them all, some of them: AnalysedQuery.relaxed) fused with the
    lessons nearest in meaning, lessons written for a grade or stage the query names
    ranked up (search.ranking). None when nothing searchable is left."""
    analysed = analyse(text)
    if analysed is None:
        return None
    queryset = lesson_queryset(filters)
    vector = ranking.start_query_vector(text, mode)  # embeds while the database searches
    lexical_ids, partial_ids, count, relaxed, results = [], [], 0, False, None
    if mode != ranking.DENSE:
        results, count, relaxed = _lexical(analysed, queryset.only("title"))
        lexical_ids = _ranked_ids(results) if count else []
        if not relaxed and 0 < count < ranking.WINDOW and len(analysed.parts) > 1:
            partial_ids = _partial_ids(analysed, queryset.only("title"), set(lexical_ids))
    dense_ids = ranking.dense_ids(vector.result(), queryset) if vector else []
    if mode == ranking.HYBRID and not lexical_ids and not partial_ids:
        # Nothing has the words: the nearest in meaning only, not a long tail of lessons
        # (similarity says little about a query that has nothing to do with the lessons).
        dense_ids = dense_ids[: ranking.DENSE_ALONE]
    first = ranking.fuse(lexical_ids, partial_ids, dense_ids, named_audience(analysed))
    count = len(first) + _matches_past(results, count, lexical_ids, first)
    relaxed = bool(first) and (relaxed or (mode != ranking.DENSE and not lexical_ids))
    return Found(first, count, analysed.terms, relaxed, results, len(lexical_ids))


def _lexical(analysed, queryset):
    """(results, count, relaxed) of the strict query or, when it finds nothing, the first
    fallback that finds something."""
    found = queryset.search(analysed.strict)
    count = found.count()
    if count > 0 or len(analysed.parts) < 2:
        return found, count, False
    for fallback in analysed.relaxed(shares(analysed.parts)):
        found = queryset.search(fallback)
        count = found.count()
        if count > 0:
            return found, count, True
    return found, 0, False


def _matches_past(results, count: int, lexical_ids: list[int], first: list[int]) -> int:
    """How many lexical matches the window leaves out (those that dense retrieval put in
    the window are in it already). Past what the page can show, the lexical count is
    taken as it is: the check would cost as much as the search, to correct the count of
    lessons nobody can page to by at most DENSE_K."""
    past = count - len(lexical_ids)
    if past <= 0:
        return 0
    others = set(first) - set(lexical_ids)
    if others and count <= MAX_PAGE * PER_PAGE:
        queryset = results.query_compiler.queryset.filter(pk__in=others)
        past -= queryset.search(results.query_compiler.query).count()
    elif others:
        past -= len(others)
    return past


def _partial_ids(analysed, queryset, seen) -> list[int]:
    """Lessons with some of the words (the first relaxed fallback), when some have all:
    a plain OR finds lessons that say the same in fewer of the parent's words."""
    fallbacks = analysed.relaxed(shares(analysed.parts))
    if not fallbacks:
        return []
    return [pk for pk in _ranked_ids(queryset.search(fallbacks[0])) if pk not in seen]


def _ranked_ids(results) -> list[int]:
    """The first WINDOW results' ids: from the database backends' ranking without loading
    the pages; from any other backend by loading them."""
    if hasattr(results, "ranked_pks"):
        return results.ranked_pks(ranking.WINDOW)
    return [page.pk for page in results[: ranking.WINDOW]]


def shares(parts) -> dict:
    """The share of all live lessons that have each part, kept for SHARE_SECONDS: how
    common a word is changes slowly, and a common word costs a search to count."""
    keys = {part: "search:share:" + sha1(repr(part).encode()).hexdigest() for part in parts}
    known = cache.get_many(list(keys.values()))
    result = {part: known[key] for part, key in keys.items() if key in known}
    missing = [part for part in parts if part not in result]
    if missing:
        lessons = lesson_queryset(Filters())
        total = lessons.count()
        for part in missing:
            result[part] = lessons.search(part_query(part)).count() / total if total else 0.0
        cache.set_many({keys[part]: result[part] for part in missing}, SHARE_SECONDS)
    return result


def search_lessons(text: str, filters: Filters, page: int = 1, request=None) -> Results:
    """One page of hits with snippets."""
    results = Results(query=text, filters=filters, page=page)
    found = find(text, filters)
    if found is None:
        return results
    results.count, results.relaxed = found.count, found.relaxed
    if results.count == 0 and page == 1:
        record_miss(text)
    results.pages = min(-(-results.count // PER_PAGE), MAX_PAGE)
    if results.count == 0 or not 1 <= page <= results.pages:
        return results
    ids = found.ids((page - 1) * PER_PAGE, page * PER_PAGE)
    results.hits = _hits(ids, found.terms, request)
    return results


def miss_text(text: str) -> str:
    """What is kept of a query that found nothing: normalised (simplified, half-width, lower
    case), printable characters only, spaces collapsed, at most SearchMiss.TEXT_MAX_CHARS."""
    printable = "".join(c if c.isprintable() else " " for c in normalise(text))
    return " ".join(printable.split())[: SearchMiss.TEXT_MAX_CHARS].strip()


def record_miss(text: str) -> None:
    """Count a search that found no lesson (the text only: no address, cookie or time).
    A failure to count never fails the search."""
    kept = miss_text(text)
    if not kept:
        return
    try:
        with transaction.atomic():
            increment(SearchMiss, "count", text=kept, week=week_of())
    except DatabaseError:
        logger.exception("could not count a search without results")


def _hits(ids, terms, request) -> list[Hit]:
    pages = with_card_data(LessonPage.objects.filter(pk__in=ids)).specific()
    by_id = {p.pk: p for p in pages}
    hits = []
    for pk in ids:
        page = by_id.get(pk)
        if page is None:
            continue
        audience = page.audience
        stage_codes = (
            [s.code for s in STAGES] if audience.all_stages else sorted(audience.stage_codes)
        )
        hits.append(
            Hit(
                page=page,
                url=page.get_url(request),
                kind=page.kind,
                kind_label=str(page._meta.verbose_name),
                stage_codes=stage_codes,
                grade_codes=sorted(audience.grade_codes, key=lambda c: GRADE_BY_CODE[c].order),
                audience_label=audience.label(),
                snippet=snippet(_texts(page), terms),
            )
        )
    return hits


def _texts(page) -> list[str]:
    """What a snippet may come from: the summary, the body, then the kind's own text."""
    texts = [page.summary, page.body.render_as_block() if page.body else ""]
    kind = kind_of_model(type(page))
    texts.extend(getattr(page, name) or "" for name in (kind.snippet_fields if kind else ()))
    return texts


def suggest(text: str, request=None) -> list[dict]:
    """Titles for as-you-type suggestions."""
    words = prefix_words(text)
    if words is None:
        return []
    found = LessonPage.objects.live().public().autocomplete(words)[:SUGGESTIONS]
    return [{"title": p.title, "url": p.get_url(request)} for p in found]
