"""One live page of every kind parents open, for the tests that visit them all."""

from dataclasses import dataclass

from lessons.models import (
    CloudClassroomEpisode,
    ConceptLesson,
    FirstLesson,
    MicroLesson,
    RequiredLesson,
    SelfStudySeries,
)
from tests import factories


@dataclass(frozen=True)
class EveryKind:
    series: SelfStudySeries
    micro: MicroLesson  # in the series
    required: RequiredLesson
    concept: ConceptLesson
    episode: CloudClassroomEpisode
    first: FirstLesson

    def pages(self) -> tuple:
        return (self.series, self.micro, self.required, self.concept, self.episode, self.first)


def every_kind(
    *, series=None, micro=None, required=None, concept=None, episode=None, first=None
) -> EveryKind:
    """A self-study series with a micro-lesson in it, a required lesson, a concept lesson, a
    cloud-classroom episode and a first lesson, live, made in that order. Each argument is
    that page's factory fields (title, audience, parent)."""
    made_series = factories.SelfStudySeriesFactory(**(series or {}))
    return EveryKind(
        series=made_series,
        micro=factories.MicroLessonFactory(parent=made_series, **(micro or {})),
        required=factories.RequiredLessonFactory(**(required or {})),
        concept=factories.ConceptLessonFactory(**(concept or {})),
        episode=factories.EpisodeFactory(**(episode or {})),
        first=factories.FirstLessonFactory(**(first or {})),
    )
