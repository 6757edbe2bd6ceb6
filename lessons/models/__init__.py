from .class_session_log import ClassSessionLogEntry
from .class_sessions import ClassSession
from .first_lessons import FirstLesson, FirstLessonProgramme
from .kinds import ConceptLesson, MicroLesson, RequiredLesson, SelfStudySeries
from .organisations import Organisation
from .pages import LessonPage
from .programmes import CloudClassroomEpisode, CloudClassroomProgramme
from .registry import (
    LESSON_KINDS,
    LessonKind,
    browsable_kind,
    browsable_kinds,
    importable_kinds,
    kind_of,
    kind_of_model,
    searchable_kind,
    searchable_kinds,
)
from .sections import SectionPage
from .steps import FIVE_STEPS
from .taxonomy import Grade, Stage, Topic

# {code: model} of the kinds parents browse, for readers outside lessons that predate the
# registry (tests/cms/test_demo.py, bench/search_worker.py); read the registry instead.
KINDS = {kind.code: kind.model for kind in browsable_kinds()}

__all__ = [
    "FIVE_STEPS",
    "KINDS",
    "LESSON_KINDS",
    "ClassSession",
    "ClassSessionLogEntry",
    "CloudClassroomEpisode",
    "CloudClassroomProgramme",
    "FirstLesson",
    "FirstLessonProgramme",
    "ConceptLesson",
    "Grade",
    "LessonKind",
    "LessonPage",
    "MicroLesson",
    "Organisation",
    "RequiredLesson",
    "SectionPage",
    "SelfStudySeries",
    "Stage",
    "Topic",
    "browsable_kind",
    "browsable_kinds",
    "importable_kinds",
    "kind_of",
    "kind_of_model",
    "searchable_kind",
    "searchable_kinds",
]
