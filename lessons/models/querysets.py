from django.db.models import Exists, OuterRef, Q
from wagtail.models import PageManager
from wagtail.query import PageQuerySet

from ..taxonomy import GRADE_BY_CODE, STAGE_BY_CODE


class LessonQuerySet(PageQuerySet):
    def for_grade(self, grade_code: str):
        """Lessons that fit a grade: all-stage lessons, lessons naming the grade,
        and lessons for the grade's whole stage (the stage chosen, no grade of it narrowed)."""
        grade = GRADE_BY_CODE[grade_code]
        stage_grades = STAGE_BY_CODE[grade.stage_code].grade_codes
        grades = self.model.grades.through.objects.filter(lessonpage=OuterRef("pk"))
        stages = self.model.stages.through.objects.filter(lessonpage=OuterRef("pk"))
        return self.filter(
            Q(all_stages=True)
            | Exists(grades.filter(grade=grade_code))
            | (
                Exists(stages.filter(stage=grade.stage_code))
                & ~Exists(grades.filter(grade__in=stage_grades))
            )
        )

    def for_stage(self, stage_code: str):
        """Lessons that fit any grade of a stage (or every stage)."""
        stages = self.model.stages.through.objects.filter(lessonpage=OuterRef("pk"))
        return self.filter(Q(all_stages=True) | Exists(stages.filter(stage=stage_code)))


LessonManager = PageManager.from_queryset(LessonQuerySet)
