from .class_session_log import ClassSessionLogEntry
from .class_sessions import ClassSession
from .feedback import HelpfulVotes, LessonComment, PlayCounts, Suggestion
from .first_lessons import FirstLesson, FirstLessonProgramme
from .kinds import ConceptLesson, MicroLesson, RequiredLesson, SelfStudySeries
from .organisations import Organisation
from .pages import LessonPage
from .programmes import CloudClassroomEpisode, CloudClassroomProgramme
from .record import RecordBackup, StarCertificate
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

__all__ = [
    "FIVE_STEPS",
    "LESSON_KINDS",
    "ClassSession",
    "ClassSessionLogEntry",
    "CloudClassroomEpisode",
    "CloudClassroomProgramme",
    "FirstLesson",
    "FirstLessonProgramme",
    "HelpfulVotes",
    "LessonComment",
    "PlayCounts",
    "RecordBackup",
    "StarCertificate",
    "Suggestion",
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
