"""Serializer fields of the lessons API: what a lesson is, computed from the page.

Each field is given the page itself (as Wagtail's own meta fields are) and returns plain JSON.
Every link to another lesson goes through `for_parents()`: a draft or private lesson a page
links to is left out. URLs are absolute (a mini-program has no base URL of ours).
"""

from rest_framework.fields import Field
from wagtail.api.utils import get_full_url
from wagtail.api.v2.utils import get_object_detail_url
from wagtail.rich_text import expand_db_html

from lessons.models import FIVE_STEPS, LessonPage, kind_of_model
from lessons.models.cards import CARD_IMAGE_SPEC, live_lessons
from lessons.models.steps import LESSONS, POINTS, TEXT
from lessons.taxonomy import GRADE_BY_CODE, STAGE_BY_CODE

BODY_IMAGE_SPEC = "max-960x960|format-webp|webpquality-75"


def absolute(request, url: str | None) -> str | None:
    """An absolute URL on the site's base (as Wagtail's detail_url), or a storage's own."""
    return get_full_url(request, url) if url else None


def lesson_link(page, request) -> dict:
    """A lesson another lesson names: id, title, and where to read it."""
    return {
        "id": page.pk,
        "title": page.title,
        "detail_url": get_object_detail_url(
            request.wagtailapi_router, request, LessonPage, page.pk
        ),
        "html_url": page.get_full_url(request),
    }


class PageField(Field):
    """A read-only field computed from the whole page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    @property
    def request(self):
        return self.context["request"]


class KindField(PageField):
    """The kind's code in the registry (lessons.models.registry)."""

    def to_representation(self, page):
        return kind_of_model(page.specific_class).code


class KindLabelField(PageField):
    def to_representation(self, page):
        return str(kind_of_model(page.specific_class).label)


class AudienceField(PageField):
    """Who the lesson is for: all stages, or stages and (optionally) grades; codes and names."""

    def to_representation(self, page):
        audience = page.audience
        stages = [s for code, s in STAGE_BY_CODE.items() if code in audience.stage_codes]
        grades = sorted(
            (GRADE_BY_CODE[c] for c in audience.grade_codes if c in GRADE_BY_CODE),
            key=lambda grade: grade.order,
        )
        return {
            "all_stages": audience.all_stages,
            "stages": [{"code": s.code, "name": s.name} for s in stages],
            "grades": [{"code": g.code, "name": g.name} for g in grades],
            "label": audience.label(),
        }


class TopicsField(PageField):
    def to_representation(self, page):
        return [{"id": topic.pk, "name": topic.name} for topic in page.topics.all()]


class OrganisationField(PageField):
    def to_representation(self, page):
        organisation = page.organisation
        return {"name": organisation.name} if organisation else None


class CoverField(PageField):
    """The cover picture as lesson cards show it (a 320×180 WebP rendition)."""

    def to_representation(self, page):
        image = page.cover_image
        if image is None:
            return None
        rendition = image.get_rendition(CARD_IMAGE_SPEC)
        return {
            "url": absolute(self.request, rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        }


class BodyField(PageField):
    """The lesson's text as blocks: heading, paragraph (HTML), quote, image (a URL)."""

    def to_representation(self, page):
        blocks = []
        for block in page.body:
            value = block.value
            if block.block_type == "paragraph":
                value = expand_db_html(value.source)
            elif block.block_type == "image":
                if value is None:
                    continue
                value = absolute(self.request, value.get_rendition(BODY_IMAGE_SPEC).url)
            blocks.append({"type": block.block_type, "value": str(value)})
        return blocks


def _items(stream) -> list[str]:
    return [str(block.value) for block in stream]


class KeyPointsField(PageField):
    def to_representation(self, page):
        return _items(page.key_points)


class StepsField(PageField):
    """A required lesson's five steps (FIVE_STEPS): text as HTML, points as strings, the
    micro-lessons of step 5 as links (live, public ones only)."""

    def to_representation(self, page):
        ids = {
            step.field: [b["value"] for b in getattr(page, step.field).raw_data if b.get("value")]
            for step in FIVE_STEPS
            if step.form == LESSONS
        }
        wanted = [pk for pks in ids.values() for pk in pks]
        by_pk = {p.pk: p for p in live_lessons().filter(pk__in=wanted)} if wanted else {}
        steps = []
        for step in FIVE_STEPS:
            value = getattr(page, step.field)
            item = {"number": step.number, "name": str(step.name), "video": step.video}
            if step.form == TEXT:
                item["text"] = expand_db_html(value or "")
            elif step.form == POINTS:
                item["points"] = _items(value)
            else:
                linked = [by_pk[pk] for pk in ids[step.field] if pk in by_pk]
                item["lessons"] = [lesson_link(p, self.request) for p in linked]
            steps.append(item)
        return steps


class SeriesLessonsField(PageField):
    """A self-study series' micro-lessons, in order (live, public ones only)."""

    def to_representation(self, page):
        lessons = live_lessons().child_of(page).order_by("path")
        return [lesson_link(p, self.request) for p in lessons]


class SeriesField(PageField):
    """The series a micro-lesson is in (when it and the series are live and public)."""

    def to_representation(self, page):
        series, _siblings = page.series_and_siblings()
        return lesson_link(series, self.request) if series else None


class TransitionLabelField(PageField):
    def to_representation(self, page):
        return str(page.get_transition_display())
