from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from ..taxonomy import GRADE_BY_CODE, STAGE_BY_CODE


def private_q() -> Q:
    """Pages in a private section (a view restriction on the page or an ancestor), as a
    subquery: the same pages as Wagtail's PageQuerySet.private_q(), which reads every
    restriction in a query of its own each time a queryset is built."""
    restricted_ancestor = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return Q(Exists(restricted_ancestor))


def for_parents(queryset):
    """Published pages outside every private section, in the one query (any page queryset)."""
    return queryset.live().exclude(private_q())


class LessonQuerySet(PageQuerySet):
    def for_parents(self):
        """What every parent may open: live, and public as Wagtail's public() defines it,
        checked inside the query. Search keeps public(): Elasticsearch filters on indexed
        fields only, not on a subquery."""
        return for_parents(self)

    # Uncorrelated `pk IN (subquery)`: the database reads each subquery once (PostgreSQL
    # hashes it) instead of probing the link tables for every lesson, as EXISTS would.

    def _links(self, among=None):
        """(grade links, stage links) as `lessonpage` subqueries; only `among`'s if given."""
        grades = self.model.grades.through.objects.values("lessonpage")
        stages = self.model.stages.through.objects.values("lessonpage")
        if among is not None:
            grades, stages = (
                grades.filter(lessonpage__in=among),
                stages.filter(lessonpage__in=among),
            )
        return grades, stages

    @staticmethod
    def _fits_grade(grade_code: str, grades, stages) -> Q:
        """Lessons naming the grade, and lessons for the grade's whole stage (the stage
        chosen, no grade of it narrowed); all-stage lessons are the caller's to add."""
        grade = GRADE_BY_CODE[grade_code]
        stage_grades = STAGE_BY_CODE[grade.stage_code].grade_codes
        return Q(pk__in=grades.filter(grade=grade_code)) | (
            Q(pk__in=stages.filter(stage=grade.stage_code))
            & ~Q(pk__in=grades.filter(grade__in=stage_grades))
        )

    def for_grade(self, grade_code: str):
        """Lessons that fit a grade: all-stage lessons, lessons naming the grade,
        and lessons for the grade's whole stage (the stage chosen, no grade of it narrowed)."""
        return self.filter(Q(all_stages=True) | self._fits_grade(grade_code, *self._links()))

    def for_stage(self, stage_code: str):
        """Lessons that fit any grade of a stage (or every stage)."""
        stages = self.model.stages.through.objects.values("lessonpage")
        return self.filter(Q(all_stages=True) | Q(pk__in=stages.filter(stage=stage_code)))

    def written_for(self, grade_codes=(), stage_codes=(), among=None):
        """Lessons whose audience is one of the grades (as for_grade) or one of the stages;
        not all-stage lessons: what a parent who names a grade or a stage is looking for
        first. `among`: only these lessons' links are read (a search's window), not every
        lesson's."""
        lessons = self if among is None else self.filter(pk__in=among)
        grades, stages = self._links(among)
        fits = Q(pk__in=stages.filter(stage__in=list(stage_codes)))
        for code in grade_codes:
            fits |= self._fits_grade(code, grades, stages)
        return lessons.filter(fits)


LessonManager = PageManager.from_queryset(LessonQuerySet)
