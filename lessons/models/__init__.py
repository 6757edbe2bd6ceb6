from .class_session_log import ClassSessionLogEntry
from .class_sessions import ClassSession
from .first_lessons import FirstLesson, FirstLessonProgramme
from .kinds import ConceptLesson, MicroLesson, RequiredLesson, SelfStudySeries
from .organisations import Organisation
from .pages import LessonPage
from .programmes import CloudClassroomEpisode, CloudClassroomProgramme
from .sections import SectionPage
from .taxonomy import Grade, Stage, Topic

KINDS = {
    model.kind: model for model in (ConceptLesson, RequiredLesson, SelfStudySeries, MicroLesson)
}

__all__ = [
    "KINDS",
    "ClassSession",
    "ClassSessionLogEntry",
    "CloudClassroomEpisode",
    "CloudClassroomProgramme",
    "FirstLesson",
    "FirstLessonProgramme",
    "ConceptLesson",
    "Grade",
    "LessonPage",
    "MicroLesson",
    "Organisation",
    "RequiredLesson",
    "SectionPage",
    "SelfStudySeries",
    "Stage",
    "Topic",
]
