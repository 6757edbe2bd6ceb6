"""From what a parent typed to a backend-neutral modelsearch query.

The same tree goes to SQLite, PostgreSQL and Elasticsearch: an AND of the query's meaningful
words, each word an OR of its synonyms; a multi-word synonym is an AND of its words. Leaves are
`Words` (already analysed text), which our backends pass through untouched.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText, SearchQuery

from . import synonyms
from .analysis import has_latin_or_digit, is_stop_word, query_tokens
from .sounds import is_chinese
from .sounds import key as sound_key

MAX_WORDS = 12
COMMON_SHARE = 0.5  # a word in more than half of the lessons is common (see relaxed)


class QueryError(ValueError):
    """A query we refuse; the message is shown to the parent as it is."""


class Words(PlainText):
    """Space-separated tokens that have been through search.analysis already."""

    def __init__(self, tokens, operator="and"):
        super().__init__(" ".join(tokens), operator=operator)
        self.tokens = tuple(tokens)


Alternatives = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class AnalysedQuery:
    parts: tuple[Alternatives, ...]

    @property
    def strict(self) -> SearchQuery:
        """Every part must match (the default, as on every backend)."""
        nodes = [part_query(part) for part in self.parts]
        return nodes[0] if len(nodes) == 1 else And(nodes)

    def relaxed(self, shares: Mapping[Alternatives, float] | None = None) -> list[SearchQuery]:
        """The fallbacks to try in turn when the strict query finds nothing: any part may match.

        `shares` gives, per part, the share of lessons that have it. A part in more than
        COMMON_SHARE of them (孩子, 家长 in a parent school) would bring back nearly every
        lesson and rank them by a word that says nothing, so the first fallback leaves such
        parts out when a rarer part is in any lesson (孩子网瘾严重怎么办: 网瘾 | 严重); the
        last has every part (when the filters keep none of the rarer ones' lessons)."""
        if len(self.parts) < 2:
            return []
        every = list(self.parts)
        rarer = [p for p in every if shares is not None and shares[p] <= COMMON_SHARE]
        fallbacks = [every]
        if len(rarer) < len(every) and any(shares[p] > 0 for p in rarer):
            fallbacks.insert(0, rarer)
        return [_any(parts) for parts in fallbacks]

    @property
    def any(self) -> SearchQuery:
        """Any part may match (operator="or")."""
        return _any(self.parts)

    @property
    def terms(self) -> frozenset[str]:
        """Every token a result may have matched on, for highlighting."""
        return frozenset(t for part in self.parts for alt in part for t in alt)


def _any(parts) -> SearchQuery:
    return part_query(parts[0]) if len(parts) == 1 else Or(list(map(part_query, parts)))


def part_query(alternatives: Alternatives) -> SearchQuery:
    """One part of the query: a word, or an OR of its synonyms."""
    leaves = [Words(tokens) for tokens in alternatives]
    return leaves[0] if len(leaves) == 1 else Or(leaves)


def check_length(text: str) -> str:
    text = (text or "").strip()
    limit = settings.SEARCH_MAX_QUERY_CHARS
    if len(text) > limit:
        raise QueryError(_("Please keep the search under %(limit)d characters.") % {"limit": limit})
    return text


def analyse(text: str) -> AnalysedQuery | None:
    """None when nothing searchable is left (empty, punctuation or emoji only)."""
    tokens = query_tokens(check_length(text))
    if not tokens:
        return None
    table, sounds = synonyms.table(), synonyms.by_sound()
    longest = max(map(len, table), default=1)
    # (alternatives, is a synonym match, stays even when one character long)
    parts: list[tuple[Alternatives, bool, bool]] = []
    i = 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            span = tuple(tokens[i : i + n])
            if span in table:
                parts.append((table[span], True, True))
                i += n
                break
        else:
            heard = _sounds_like(tokens, i, sounds)
            if heard:
                term, n = heard
                parts.append((table[term], True, True))
                i += n
                continue
            # A letter or a number means something alone (b, d, 3), and so does the
            # character right after one: a unit or a compound (3岁, b超).
            meaningful = has_latin_or_digit(tokens[i]) or (
                i > 0 and has_latin_or_digit(tokens[i - 1])
            )
            parts.append((((tokens[i],),), False, meaningful))
            i += 1
    meaningful = [p for p in parts if p[1] or not is_stop_word(p[0][0][0])] or parts
    # Lone Chinese characters (不, 爱, 写) narrow an AND without adding meaning when longer
    # words are present: 孩子不爱写作业 searches 孩子 + 作业; letters, digits and the units
    # after them stay: 孩子做B超 searches 孩子 + b + 超.
    if any(p[1] or p[2] or len(p[0][0][0]) > 1 for p in meaningful):
        meaningful = [p for p in meaningful if p[1] or p[2] or len(p[0][0][0]) > 1]
    unique = list(dict.fromkeys(alternatives for alternatives, _, _ in meaningful))
    return AnalysedQuery(parts=tuple(unique[:MAX_WORDS]))


def _sounds_like(tokens, i, sounds) -> tuple[tuple[str, ...], int] | None:
    """(thesaurus term, how many tokens) when the run of single Chinese characters starting
    at i, or its longest start that does, sounds like a term (a pinyin typo: 焦 绿 → 焦虑)."""
    run = 0
    while i + run < len(tokens) and len(tokens[i + run]) == 1 and is_chinese(tokens[i + run]):
        run += 1
    for n in range(run, 1, -1):
        term = sounds.get(sound_key("".join(tokens[i : i + n])))
        if term is not None:
            return term, n
    return None


def prefix_words(text: str, operator: str = "and") -> Words | None:
    """For as-you-type suggestions: every token, the last one taken as a prefix."""
    tokens = query_tokens(check_length(text))
    return Words(tokens, operator=operator) if tokens else None


def analysed(query, autocomplete: bool = False) -> SearchQuery | None:
    """Any query a caller hands a backend (a string from Wagtail's admin, a tree from us)
    in analysed form; None when nothing searchable is left. PlainText keeps its operator
    ("or": any of the words). For autocomplete, text keeps every token (prefix_words): the
    last one, being typed, may be a single character. Fuzzy text is searched as plain text
    where a backend has no fuzzy matching of its own."""
    if isinstance(query, Words):
        return query
    if isinstance(query, str | PlainText | Fuzzy):
        text = query if isinstance(query, str) else query.query_string
        text = text[: settings.SEARCH_MAX_QUERY_CHARS]
        operator = "and" if isinstance(query, str) else query.operator
        if autocomplete:
            return prefix_words(text, operator)
        result = analyse(text)
        if result is None:
            return None
        return result.strict if operator == "and" else result.any
    if isinstance(query, Phrase):
        tokens = query_tokens(query.query_string)
        return Phrase(" ".join(tokens)) if tokens else None
    if isinstance(query, And | Or):
        children = [
            c for c in (analysed(q, autocomplete) for q in query.subqueries) if c is not None
        ]
        if not children:
            return None
        return children[0] if len(children) == 1 else type(query)(children)
    if isinstance(query, Not):
        child = analysed(query.subquery, autocomplete)
        return Not(child) if child is not None else None
    if isinstance(query, Boost):
        child = analysed(query.subquery, autocomplete)
        return Boost(child, query.boost) if child is not None else None
    return query
