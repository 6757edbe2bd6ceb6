"""Class sessions (家长会必修课) held by homeroom teachers: who may record them, and progress.

Each class holds the required parent class four times a school year (每学年4次). A
school's teachers record the sessions they hold; the school's editors see per class
how many of the four are done; the city (and each district) sees totals per district.
Only counts are kept and shown: never a parent's name.

Scoping is by organisation membership: a user belongs to the organisations whose
editors' or teachers' group they are in, and sees the schools at or below them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from ..models import ClassSession, Organisation

SESSIONS_PER_YEAR = 4


def _member_organisations(user) -> QuerySet:
    groups = user.groups.all()
    return Organisation.objects.filter(Q(editors_group__in=groups) | Q(teachers_group__in=groups))


def schools_recordable_by(user) -> QuerySet:
    """Schools the user may record sessions for: the schools whose teachers they are."""
    schools = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL)
    if user.is_superuser:
        return schools
    return schools.filter(teachers_group__in=user.groups.all())


def schools_visible_to(user) -> QuerySet:
    """Schools whose sessions the user may see: those at or below their organisations."""
    schools = Organisation.objects.filter(kind=Organisation.Kind.SCHOOL)
    if user.is_superuser:
        return schools
    members = set(_member_organisations(user).values_list("pk", flat=True))
    parent_of = dict(Organisation.objects.values_list("pk", "parent_id"))  # a small table
    return schools.filter(
        pk__in=[pk for pk in parent_of if any(a in members for a in _ancestry(pk, parent_of))]
    )


def _ancestry(pk, parent_of: dict):
    """The organisation `pk`, then its parent, grandparent … up to the city."""
    while pk is not None:
        yield pk
        pk = parent_of.get(pk)


@dataclass(frozen=True)
class ClassProgress:
    """One class's year: sessions held (of the four), parents attending in all."""

    school_id: int
    school: str
    grade: str
    class_name: str
    held: int
    attendance: int
    last_held: date

    @property
    def done(self) -> int:
        return min(self.held, SESSIONS_PER_YEAR)

    @property
    def complete(self) -> bool:
        return self.held >= SESSIONS_PER_YEAR


def class_progress(schools: QuerySet, school_year: int) -> list[ClassProgress]:
    """Per class of the given schools, in school, grade and class order (one query)."""
    rows = (
        ClassSession.objects.filter(school__in=schools, school_year=school_year)
        .values("school_id", "school__name", "grade__order", "grade__name", "class_name")
        .annotate(held=Count("pk"), attendance=Sum("attendance"), last_held=Max("held_on"))
        .order_by("school__name", "grade__order", "class_name")
    )
    return [
        ClassProgress(
            school_id=row["school_id"],
            school=row["school__name"],
            grade=row["grade__name"],
            class_name=row["class_name"],
            held=row["held"],
            attendance=row["attendance"] or 0,
            last_held=row["last_held"],
        )
        for row in rows
    ]


@dataclass
class DistrictTotals:
    district: str
    schools: set = field(default_factory=set)
    classes: int = 0
    complete_classes: int = 0
    sessions: int = 0
    attendance: int = 0

    @property
    def school_count(self) -> int:
        return len(self.schools)


def district_totals(schools: QuerySet, school_year: int) -> list[DistrictTotals]:
    """Per district: schools and classes that held sessions, classes with all four done,
    sessions held and parents attending. Districts in name order."""
    orgs = {o.pk: o for o in Organisation.objects.only("pk", "name", "kind", "parent_id")}
    parent_of = {pk: o.parent_id for pk, o in orgs.items()}

    def district_of(pk):
        districts = (
            a for a in _ancestry(pk, parent_of) if orgs[a].kind == Organisation.Kind.DISTRICT
        )
        return next((orgs[a].name for a in districts), _("(no district)"))

    totals: dict[str, DistrictTotals] = defaultdict(lambda: DistrictTotals(""))
    for row in class_progress(schools, school_year):
        name = district_of(row.school_id)
        entry = totals[name]
        entry.district = name
        entry.schools.add(row.school_id)
        entry.classes += 1
        entry.complete_classes += row.complete
        entry.sessions += row.held
        entry.attendance += row.attendance
    return sorted(totals.values(), key=lambda t: t.district)
