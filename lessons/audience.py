"""Who a lesson is for: all stages, whole stages, or particular grades.

Rules shared by the page editor (model validation) and the bulk importer.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .taxonomy import GRADE_BY_CODE, STAGE_BY_CODE


@dataclass(frozen=True)
class Audience:
    all_stages: bool
    stage_codes: frozenset[str]
    grade_codes: frozenset[str]

    def errors(self) -> list[str]:
        """Human-readable (Chinese) problems with this audience; empty when valid."""
        problems = []
        unknown_stages = sorted(self.stage_codes - STAGE_BY_CODE.keys())
        unknown_grades = sorted(self.grade_codes - GRADE_BY_CODE.keys())
        if unknown_stages:
            problems.append(_("Unknown stage code: %s") % ", ".join(unknown_stages))
        if unknown_grades:
            problems.append(_("Unknown grade code: %s") % ", ".join(unknown_grades))
        if self.all_stages and (self.stage_codes or self.grade_codes):
            problems.append(_("A lesson for all stages cannot also name stages or grades."))
        if not self.all_stages and not self.stage_codes:
            problems.append(_("Choose at least one stage, or all stages."))
        outside = sorted(
            code
            for code in self.grade_codes - set(unknown_grades)
            if GRADE_BY_CODE[code].stage_code not in self.stage_codes
        )
        if outside and not self.all_stages:
            # The name for editors, the code for the importer's files: 初一（j1）.
            names = "、".join(f"{GRADE_BY_CODE[code].name}（{code}）" for code in outside)
            problems.append(_("Grades outside the chosen stages: %s") % names)
        return problems

    def names(self) -> list[str]:
        """The names of the stages and grades the lesson is for (小学 一年级): a whole stage
        names each of its grades too; all stages name nothing."""
        if self.all_stages:
            return []
        names = []
        for code, stage in STAGE_BY_CODE.items():
            if code in self.stage_codes:
                chosen = [g for g in stage.grade_codes if g in self.grade_codes]
                names += [stage.name] + [GRADE_BY_CODE[g].name for g in chosen or stage.grade_codes]
        return names

    def listed_grade_codes(self) -> frozenset[str]:
        """The grades whose pages list the lesson: every grade for all stages, a whole
        stage's grades when none of them is narrowed (as LessonQuerySet.for_grade finds)."""
        if self.all_stages:
            return frozenset(GRADE_BY_CODE)
        listed = set()
        for code in self.stage_codes & STAGE_BY_CODE.keys():
            stage_grades = STAGE_BY_CODE[code].grade_codes
            listed.update([g for g in stage_grades if g in self.grade_codes] or stage_grades)
        return frozenset(listed)

    def listed_stage_codes(self) -> frozenset[str]:
        """The stages whose pages list the lesson (as LessonQuerySet.for_stage finds)."""
        return frozenset(STAGE_BY_CODE) if self.all_stages else self.stage_codes

    def label(self) -> str:
        """Short Chinese label for cards: 全学段 / 小学 / 一年级、二年级."""
        if self.all_stages:
            return _("All stages")
        parts = []
        for code, stage in STAGE_BY_CODE.items():
            if code not in self.stage_codes:
                continue
            chosen = [g for g in stage.grade_codes if g in self.grade_codes]
            if chosen:
                parts.extend(GRADE_BY_CODE[g].name for g in chosen)
            else:
                parts.append(stage.name)
        return "、".join(parts)
