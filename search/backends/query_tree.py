"""Analysed query trees for the database backends: MatchAll folded away (`fold`),
negations turned into `Without` (`signed`), and rendered in a full-text dialect (FTS5
MATCH, to_tsquery: `leaves_sql`)."""

from dataclasses import dataclass

from modelsearch.query import And, Boost, MatchAll, Not, Or, Phrase

from ..query import Words


class _Constant:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return self.name


ALL = _Constant("ALL")  # the query matches every object of the queryset
NONE = _Constant("NONE")  # the query matches nothing


@dataclass(frozen=True)
class Without:
    """The matches of `include` that do not match `exclude`: FTS5 `a NOT b`, tsquery
    `a & !b` (FTS5 has no unary NOT)."""

    include: object
    exclude: object


def fold(query):
    """The query with MatchAll and MATCH_NONE (`Not(MatchAll())`) folded away: ALL, NONE or a
    tree without them. A Boost counts as its subquery: our rank is one rank of the whole
    query (title ×5 + body), as on stock SQLite."""
    if isinstance(query, MatchAll):
        return ALL
    if isinstance(query, Boost):
        return fold(query.subquery)
    if isinstance(query, Not):
        child = fold(query.subquery)
        return NONE if child is ALL else ALL if child is NONE else Not(child)
    if isinstance(query, And | Or):
        absorbing, neutral = (NONE, ALL) if isinstance(query, And) else (ALL, NONE)
        children = [fold(q) for q in query.subqueries]
        if any(c is absorbing for c in children):
            return absorbing
        children = [c for c in children if c is not neutral]
        if not children:
            return neutral
        return children[0] if len(children) == 1 else type(query)(children)
    return query


def _joined(cls, items):
    return items[0] if len(items) == 1 else cls(items)


def signed(query) -> tuple[bool, object]:
    """(True, q): the matches of q; (False, q): every object except the matches of q, with
    negations inside q only as `Without`: And(a, Not(b)) is a NOT b, Or(a, Not(b)) is every
    object except b NOT a (De Morgan)."""
    if isinstance(query, Not):
        positive, expression = signed(query.subquery)
        return not positive, expression
    if isinstance(query, And | Or):
        included, excluded = [], []
        for child in query.subqueries:
            positive, expression = signed(child)
            (included if positive else excluded).append(expression)
        if isinstance(query, And):
            if not included:
                return False, _joined(Or, excluded)
            if not excluded:
                return True, _joined(And, included)
            return True, Without(_joined(And, included), _joined(Or, excluded))
        if not excluded:
            return True, _joined(Or, included)
        if not included:
            return False, _joined(And, excluded)
        return False, Without(_joined(And, excluded), _joined(Or, included))
    return True, query


def leaves_sql(query, *, word, words_join, and_join, or_join, phrase, without, prefix=False):
    """Render an analysed, signed query tree (see `signed`) in a full-text dialect (FTS5
    MATCH, to_tsquery). With `prefix`, the last word of the query is a prefix."""

    def render(node, last):
        if isinstance(node, Words):
            tokens = list(node.tokens)
            rendered = [
                word(t, prefix and last and i == len(tokens) - 1) for i, t in enumerate(tokens)
            ]
            joined = words_join if node.operator == "and" else or_join
            return "(" + joined.join(rendered) + ")"
        if isinstance(node, Phrase):
            return phrase(node.query_string.split())
        if isinstance(node, And | Or):
            children = node.subqueries
            rendered = [
                render(child, last and i == len(children) - 1) for i, child in enumerate(children)
            ]
            return "(" + (and_join if isinstance(node, And) else or_join).join(rendered) + ")"
        if isinstance(node, Without):
            return without(render(node.include, last), render(node.exclude, False))
        raise NotImplementedError(f"{type(node).__name__} is not supported")

    return render(query, True)
