"""The parent-education thesaurus shipped with the product (groups.txt, one group a line).

`load()` reads the file; `sync()` (sync.py) writes it into `SynonymGroup` rows after every
`migrate`, keeping editors' changes. Sources and the merge rules: docs/thesaurus.md.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("groups.txt")

# Where a group came from (docs/thesaurus.md says more).
SOURCES = {
    "seed": "a topic the platform's source documents name",
    "law": "wording of PRC laws and State Council documents on families and minors",
    "moe": "a Ministry of Education policy or programme name",
    "school": "the school system's names for grades, stages and exams",
    "team": "parents' everyday words, written by the team",
}
TERM_SEPARATOR = "、"
MAX_TERM_CHARS = 30  # as SynonymGroup.clean allows


class ThesaurusError(ValueError):
    pass


@dataclass(frozen=True)
class ShippedGroup:
    source: str
    terms: tuple[str, ...]
    line: int

    @property
    def key(self) -> str:
        """The group's name in the database: its first term."""
        return self.terms[0]

    @property
    def text(self) -> str:
        return TERM_SEPARATOR.join(self.terms)


def parse(lines) -> list[ShippedGroup]:
    groups, keys = [], set()
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        source, _, rest = line.replace("\t", " ").partition(" ")
        terms = tuple(dict.fromkeys(t.strip() for t in rest.split(TERM_SEPARATOR) if t.strip()))
        if source not in SOURCES:
            raise ThesaurusError(f"line {number}: unknown source {source!r}")
        if len(terms) < 2:
            raise ThesaurusError(f"line {number}: a group needs at least two terms")
        if any(len(t) > MAX_TERM_CHARS or "," in t or "，" in t for t in terms):
            raise ThesaurusError(f"line {number}: a term is too long or contains a comma")
        if terms[0] in keys:
            raise ThesaurusError(f"line {number}: a second group named {terms[0]!r}")
        keys.add(terms[0])
        groups.append(ShippedGroup(source, terms, number))
    return groups


@cache
def load() -> tuple[ShippedGroup, ...]:
    """Every shipped group, in file order (read once per process)."""
    with DATA.open(encoding="utf-8") as lines:
        return tuple(parse(lines))


def shipped_keys() -> frozenset[str]:
    return frozenset(group.key for group in load())
