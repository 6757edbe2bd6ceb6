"""Factories for organisations and lesson pages (pages are added to the tree and published)."""

import uuid

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from lessons.access import provision_organisation
from lessons.models import (
    ClassSession,
    ConceptLesson,
    Grade,
    MicroLesson,
    Organisation,
    RequiredLesson,
    SelfStudySeries,
    Stage,
)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("parent", "code")
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"组织{n}")
    code = factory.Sequence(lambda n: f"org{n}")
    kind = Organisation.Kind.CITY
    parent = None

    @factory.post_generation
    def provision(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            provision_organisation(obj)
            obj.refresh_from_db()


def city(**kwargs):
    return OrganisationFactory(code="city", name="示范市教育局", **kwargs)


def school(name, code, *, town=None):
    """A school under its own district and town (created as needed)."""
    if town is None:
        district = OrganisationFactory(
            parent=city(),
            code=f"{code}-district",
            name=f"{name}所在区",
            kind=Organisation.Kind.DISTRICT,
        )
        town = OrganisationFactory(
            parent=district, code=f"{code}-town", name=f"{name}所在镇", kind=Organisation.Kind.TOWN
        )
    return OrganisationFactory(parent=town, code=code, name=name, kind=Organisation.Kind.SCHOOL)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")

    @factory.post_generation
    def groups(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.groups.set(extracted)


class LessonFactory(factory.django.DjangoModelFactory):
    """Build a lesson; `parent` (default: the city's section) and audience as keywords:
    stages=["primary"], grades=["p1"], all_stages=True."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"家庭教育课程{n}")
    slug = factory.LazyFunction(lambda: f"lesson-{uuid.uuid4().hex[:10]}")
    summary = "帮助家长理解孩子成长的规律。"
    live = True
    first_published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, parent=None, stages=(), grades=(), **kwargs):
        if not stages and not grades:
            kwargs.setdefault("all_stages", True)
        page = model_class(**kwargs)
        page.stages.set(Stage.objects.filter(code__in=stages))
        page.grades.set(Grade.objects.filter(code__in=grades))
        if parent is None:
            parent = city().section
        parent.add_child(instance=page)
        return page


class ConceptLessonFactory(LessonFactory):
    class Meta:
        model = ConceptLesson

    speaker = "王教授"
    body = factory.LazyFunction(lambda: [("paragraph", "<p>家校社协同育人的理念。</p>")])


class MicroLessonFactory(LessonFactory):
    class Meta:
        model = MicroLesson

    transcript = "各位家长好，今天我们聊聊孩子的作息。"
    key_points = factory.LazyFunction(lambda: [("item", "早睡早起"), ("item", "固定作息")])


class SelfStudySeriesFactory(LessonFactory):
    class Meta:
        model = SelfStudySeries


class RequiredLessonFactory(LessonFactory):
    class Meta:
        model = RequiredLesson

    lead_in_intro = "<p>视频：一个孩子入学第一天的故事。</p>"
    discussion_questions = factory.LazyFunction(lambda: [("item", "孩子入学前，您最担心什么？")])
    summary_points = factory.LazyFunction(lambda: [("item", "提前调整作息")])
    practice_exercises = factory.LazyFunction(lambda: [("item", "和孩子一起整理书包")])
    consolidation = factory.LazyFunction(
        lambda: [("micro_lesson", MicroLessonFactory(title="整理书包的小方法"))]
    )


class ClassSessionFactory(factory.django.DjangoModelFactory):
    """A class session held at `school` (required) in class 1 of grade p1, 30 parents."""

    class Meta:
        model = ClassSession

    held_on = factory.LazyFunction(timezone.localdate)
    grade = factory.LazyFunction(lambda: Grade.objects.get(code="p1"))
    class_name = "1班"
    lesson = factory.SubFactory(RequiredLessonFactory)
    attendance = 30


def cover_image(title="封面"):
    """A small real JPEG in the image library."""
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PILImage.new("RGB", (640, 360), (192, 57, 43)).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{uuid.uuid4().hex[:8]}.jpg")
    )


def cloud_classroom(title="网上云课堂"):
    from lessons.models import CloudClassroomProgramme

    return CloudClassroomProgramme.for_section(city().section, title=title, slug="cloud-classroom")


class EpisodeFactory(LessonFactory):
    class Meta:
        model = "lessons.CloudClassroomEpisode"

    air_date = factory.LazyFunction(lambda: timezone.localdate())
    guest = "张老师"

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        return super()._create(model_class, *args, parent=parent or cloud_classroom(), **kwargs)


def first_lesson_programme(title="家长开学第一课"):
    from lessons.models import FirstLessonProgramme

    return FirstLessonProgramme.for_section(city().section, title=title, slug="first-lessons")


class FirstLessonFactory(LessonFactory):
    class Meta:
        model = "lessons.FirstLesson"

    school_year = 2026
    transition = "all"

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        return super()._create(
            model_class, *args, parent=parent or first_lesson_programme(), **kwargs
        )


class LessonCommentFactory(factory.django.DjangoModelFactory):
    """A parent's comment on a lesson (default: a new concept lesson of the city)."""

    class Meta:
        model = "lessons.LessonComment"

    lesson = factory.SubFactory(ConceptLessonFactory)
    text = "讲得很清楚，希望多举些例子。"
    helpful = True


class SuggestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Suggestion"

    kind = "suggestion"
    text = "希望增加初中阶段的课程。"
