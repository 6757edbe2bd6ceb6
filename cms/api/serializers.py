"""Which fields the lessons API gives for each kind of lesson (Wagtail's APIField).

The lists are the API's, not the models' (`api_fields` would put the API into lessons/):
LISTING fields for every lesson, DETAIL fields on a lesson's own endpoint, and each kind's
own fields (by model) on its detail. Listings give LISTING_DEFAULT unless `?fields=` asks
for more (Wagtail's field selection: `fields=topics`, `fields=*`, `fields=-summary`).
"""

from wagtail.api import APIField

from lessons.models import (
    CloudClassroomEpisode,
    ConceptLesson,
    FirstLesson,
    MicroLesson,
    RequiredLesson,
    SelfStudySeries,
)

from . import fields
from .media import MediaField

META = ["type", "detail_url", "html_url", "slug", "first_published_at"]

LISTING = [
    APIField("title"),
    APIField("kind", serializer=fields.KindField()),
    APIField("kind_label", serializer=fields.KindLabelField()),
    APIField("summary"),
    APIField("audience", serializer=fields.AudienceField()),
    APIField("cover", serializer=fields.CoverField()),
    APIField("topics", serializer=fields.TopicsField()),
    APIField("organisation", serializer=fields.OrganisationField()),
]
LISTING_DEFAULT = [
    "id", "type", "detail_url", "html_url", "first_published_at",
    "title", "kind", "kind_label", "summary", "audience", "cover",
]  # fmt: skip

DETAIL = [
    APIField("body", serializer=fields.BodyField()),
    APIField("media", serializer=MediaField()),
]

KIND_FIELDS = {
    ConceptLesson: [APIField("speaker"), APIField("speaker_title")],
    RequiredLesson: [APIField("steps", serializer=fields.StepsField())],
    SelfStudySeries: [APIField("lessons", serializer=fields.SeriesLessonsField())],
    MicroLesson: [
        APIField("key_points", serializer=fields.KeyPointsField()),
        APIField("transcript"),
        APIField("series", serializer=fields.SeriesField()),
    ],
    CloudClassroomEpisode: [APIField("number"), APIField("air_date"), APIField("guest")],
    FirstLesson: [
        APIField("school_year"),
        APIField("transition"),
        APIField("transition_label", serializer=fields.TransitionLabelField()),
    ],
}

DETAIL_ONLY = [field.name for field in DETAIL] + sorted(
    {field.name for extra in KIND_FIELDS.values() for field in extra}
)


def body_fields(model) -> list:
    """Every field a lesson of this model has (the listing's model is LessonPage)."""
    return [APIField("id"), *LISTING, *DETAIL, *KIND_FIELDS.get(model, [])]
