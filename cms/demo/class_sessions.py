"""Demo class sessions (this school year so far) so the progress page has something to show."""

from datetime import date

from django.utils import timezone

from lessons.models import ClassSession, Grade, Organisation, RequiredLesson
from lessons.school_year import FIRST_MONTH, school_year_of

# (school, grade code, class name, sessions held, parents per session)
DEMO_CLASSES = (
    ("primary", "p1", "1班", 2, 41),
    ("primary", "p1", "2班", 1, 38),
    ("primary", "p3", "1班", 2, 36),
    ("middle", "j1", "3班", 1, 45),
)


def create_demo_class_sessions(primary: Organisation, middle: Organisation) -> None:
    if ClassSession.objects.exists():
        return  # loaded before: keep what is there
    lesson = RequiredLesson.objects.live().order_by("pk").first()
    if lesson is None:
        return
    today = timezone.localdate()
    start = date(school_year_of(today), FIRST_MONTH, 1)
    schools = {"primary": primary, "middle": middle}
    grades = {g.code: g for g in Grade.objects.all()}
    for school, grade, class_name, held, attendance in DEMO_CLASSES:
        for n in range(held):  # spread between the start of the school year and today
            ClassSession(  # save() sets the school year, which bulk_create would skip
                school=schools[school],
                held_on=start + (today - start) * (n + 1) / (held + 1),
                grade=grades[grade],
                class_name=class_name,
                lesson=lesson,
                attendance=attendance - n,
            ).save()
