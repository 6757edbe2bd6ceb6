"""/api/v2/lessons/: published public lessons of every kind, this week's episode and the
school year's first lessons.

Every queryset starts from LessonPage.objects.for_parents() (live, outside every private
section; lessons.models.querysets), directly or through the lessons code that parents' pages
use (live_lessons, live_episodes, first_lessons.lessons_for_grade).
"""

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.response import Response
from wagtail.api.v2.serializers import PageSerializer

from lessons.models import LessonPage
from lessons.models.cards import live_lessons, with_card_data
from lessons.programmes.episodes import live_episodes
from lessons.programmes.first_lessons import lessons_for_grade
from lessons.school_year import school_year_label, school_year_of

from . import filters, serializers
from .base import NotFound, ReadOnlyAPIViewSet

LISTING_PARAMS = frozenset({"limit", "offset", "fields"})
FIRST_YEARS = (2000, 2100)


class LessonFieldsMixin:
    """Wagtail's field machinery with the API's own field lists (cms.api.serializers)."""

    model = LessonPage
    base_serializer_class = PageSerializer
    meta_fields = serializers.META
    listing_default_fields = serializers.LISTING_DEFAULT
    nested_default_fields = ["id", "type", "detail_url", "title"]
    detail_only_fields = serializers.DETAIL_ONLY
    listing_actions = frozenset({"listing_view"})

    @classmethod
    def get_body_fields(cls, model):
        return cls._convert_api_fields(serializers.body_fields(model))

    def get_serializer_class(self):
        if self.action in self.listing_actions:
            model, details = LessonPage, False
        else:
            model, details = type(self.get_object()), True
        router = self.request.wagtailapi_router
        return self._get_serializer_class(router, model, self.fields_config(), show_details=details)

    def listing_data(self, pages) -> list:
        return self.get_serializer(pages, many=True).data


def lessons_with_card_data(queryset):
    return with_card_data(queryset).select_related("organisation").prefetch_related("topics")


def detail_object(page):
    """The lesson as its own kind, with what its detail reads (audience, topics, media)."""
    model = page.specific_class
    return (
        model.objects.select_related("organisation", "cover_image", "video")
        .prefetch_related("stages", "grades", "topics", "video__outputs")
        .get(pk=page.pk)
    )


class LessonsAPIViewSet(LessonFieldsMixin, ReadOnlyAPIViewSet):
    name = "lessons"
    listing_actions = frozenset({"listing_view", "first_lessons_view"})
    parameters = {
        "listing_view": LISTING_PARAMS | {"kind", "grade", "stage", "topic"},
        "detail_view": frozenset({"fields"}),
        "this_week_view": frozenset({"fields"}),
        "first_lessons_view": frozenset({"fields", "grade", "year"}),
    }

    def get_queryset(self):
        return lessons_with_card_data(live_lessons())

    def get_object(self):
        if not hasattr(self, "_cached_object"):
            page = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
            if page is None:
                raise NotFound(_("No published lesson has this id."))
            self._cached_object = detail_object(page)
        return self._cached_object

    def listing_view(self, request):
        queryset = filters.filter_lessons(self.get_queryset(), request.GET)
        offset, limit = filters.window(request.GET)
        total = queryset.count()
        items = self.listing_data(queryset[offset : offset + limit])
        return Response({"meta": {"total_count": total}, "items": items})

    def this_week_view(self, request):
        """The newest live episode of the weekly cloud classroom, as its detail."""
        episode = live_episodes().first()
        if episode is None:
            raise NotFound(_("No episode has been published yet."))
        self._cached_object = detail_object(episode)
        return self.detail_view(request, episode.pk)

    def first_lessons_view(self, request):
        """家长开学第一课 of a school year (default: the current one) for a grade: the
        all-stages lesson and the grade's own; only the all-stages one without a grade."""
        today = timezone.localdate()
        year = filters.number(request.GET, "year", *FIRST_YEARS, default=school_year_of(today))
        grade = filters.grade(request.GET)
        pages = list(lessons_with_card_data(lessons_for_grade(grade, year)))
        meta = {
            "total_count": len(pages),
            "school_year": year,
            "school_year_label": school_year_label(year),
            "grade": grade,
        }
        return Response({"meta": meta, "items": self.listing_data(pages)})

    @classmethod
    def get_urlpatterns(cls):
        import lessons.urls  # noqa: F401  (registers the "id" path converter)

        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("<id:pk>/", cls.as_view({"get": "detail_view"}), name="detail"),
            path("this-week/", cls.as_view({"get": "this_week_view"}), name="this_week"),
            path(
                "first-lessons/", cls.as_view({"get": "first_lessons_view"}), name="first_lessons"
            ),
        ]
