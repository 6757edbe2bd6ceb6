"""A query that names a grade or stage (一年级, 初一, 高三, 幼儿园大班, 初中).

Lessons index the names of the grades and stages they are written for
(LessonPage.audience_words), so such a word matches them lexically on every backend even
when their text never says it; the thesaurus adds the other names (七年级 → 初一, 九年级 →
初三). Here the service reads which audience the parent named, to rank the lessons written
for it above lessons that only mention the word.
"""

from dataclasses import dataclass

from lessons.taxonomy import GRADE_BY_CODE, GRADE_BY_NAME, STAGE_BY_NAME

from .query import AnalysedQuery


@dataclass(frozen=True)
class NamedAudience:
    grades: frozenset[str]
    stages: frozenset[str]

    def __bool__(self) -> bool:
        return bool(self.grades or self.stages)


def named_audience(query: AnalysedQuery) -> NamedAudience:
    """The grades and stages a query's words name, through any of their synonyms. A grade
    that is named makes its stage's name in the same query redundant (幼儿园大班: 大班)."""
    grades, stages = set(), set()
    for part in query.parts:
        for alternative in part:
            name = "".join(alternative)
            if name in GRADE_BY_NAME:
                grades.add(GRADE_BY_NAME[name].code)
            elif name in STAGE_BY_NAME:
                stages.add(STAGE_BY_NAME[name].code)
    stages -= {GRADE_BY_CODE[g].stage_code for g in grades}
    return NamedAudience(frozenset(grades), frozenset(stages))
