"""A small site for the lessons API's tests: one live public lesson of every kind (a
micro-lesson with a processed video, cover and topic), and around them what must never
appear: drafts (in the city's section and in a school's), unpublished changes of a live
lesson, private lessons (password, sign-in, groups; on the lesson or on a section), a draft
micro-lesson linked from a required lesson and a series, a newer draft episode and a draft
first lesson."""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import PageViewRestriction

from lessons.models import LessonPage, Topic
from media_pipeline.models import LessonMedia, MediaOutput, MediaStatus
from tests import factories
from tests.pages import EveryKind, every_kind

SECRET = "秘密"  # in the title of every lesson that must never appear


def ready_media(title="作息微课视频") -> LessonMedia:
    """A processed video, its outputs recorded as the pipeline records them."""
    media = LessonMedia.objects.create(
        title=title, type="video", file="originals/source.mp4", captions="captions/zh.vtt",
        status=MediaStatus.READY, progress=100, duration=420.0, width=1280, height=720,
    )  # fmt: skip
    prefix = media.outputs_prefix = f"outputs/{media.pk}/{media.pk:012x}"
    media.save(update_fields=["outputs_prefix"])
    K = MediaOutput.Kind
    rows = [
        (K.MP4, "360p", "360p.mp4", 640, 360, 600_000),
        (K.MP4, "720p", "720p.mp4", 1280, 720, 1_800_000),
        (K.HLS_VARIANT, "360p", "hls/360p.m3u8", 640, 360, 600_000),
        (K.HLS_VARIANT, "720p", "hls/720p.m3u8", 1280, 720, 1_800_000),
        (K.HLS_MASTER, "master", "hls/master.m3u8", None, None, None),
        (K.LISTEN, "listen", "listen.m4a", None, None, 32_000),
        (K.AUDIO_MP3, "broadcast", "broadcast.mp3", None, None, 96_000),
        (K.POSTER_JPEG, "poster", "poster.jpg", 1280, 720, None),
        (K.POSTER_WEBP, "poster", "poster.webp", 1280, 720, None),
    ]
    MediaOutput.objects.bulk_create(
        MediaOutput(media=media, kind=kind, name=name, path=f"{prefix}/{path}", width=width,
                    height=height, bit_rate=rate, size=400_000, duration=420.0)
        for kind, name, path, width, height, rate in rows
    )  # fmt: skip
    return media


def draft(factory, **fields) -> LessonPage:
    """A lesson saved as a draft (never published), with a revision as editors leave it."""
    page = factory(live=False, first_published_at=None, **fields)
    page.save_revision()
    return page


@dataclass
class ApiSite:
    live: EveryKind
    topic: Topic
    hidden: list = field(default_factory=list)  # lessons that must never appear
    edited: LessonPage | None = None  # live, with an unpublished change of title

    def live_ids(self) -> set[int]:
        return {page.pk for page in self.live.pages()}

    def hidden_ids(self) -> set[int]:
        return {page.pk for page in self.hidden}


def restrict(page, kind: str) -> None:
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password="家长学校" if kind == "password" else ""
    )
    if kind == "groups":
        restriction.groups.set([Group.objects.create(name="家委会")])


def build_site() -> ApiSite:
    topic = Topic.objects.create(name="作息")
    p1 = {"stages": ["primary"], "grades": ["p1"]}
    live = every_kind(
        series={"title": "作息习惯自修课", **p1},
        micro={
            "title": "作息微课",
            "video": ready_media(),
            "cover_image": factories.cover_image(),
            **p1,
        },  # fmt: skip
        required={"title": "入学准备必修课", **p1},
        concept={"title": "家校协同理念课", "stages": ["junior"]},
        episode={"title": "云课堂第一期", "air_date": timezone.localdate() - timedelta(days=3)},
        first={"title": "开学第一课"},
    )
    live.micro.topics.set([topic])
    live.micro.save_revision().publish()
    site = ApiSite(live=live, topic=topic)
    city_section = factories.city().section
    school_section = factories.school("第一实验小学", "shiyan").section
    # Drafts, here and in a school's section.
    site.hidden += [
        draft(factories.ConceptLessonFactory, title=f"{SECRET}草稿理念课"),
        draft(
            factories.MicroLessonFactory,
            title=f"{SECRET}学校草稿微课",
            parent=school_section,
            topics=[topic],
            **p1,
        ),  # fmt: skip
        draft(factories.MicroLessonFactory, title=f"{SECRET}系列草稿微课", parent=live.series),
        draft(factories.EpisodeFactory, title=f"{SECRET}下周云课堂"),
        draft(
            factories.FirstLessonFactory,
            title=f"{SECRET}草稿第一课",
            transition="p1",
            all_stages=False,
            **p1,
        ),  # fmt: skip
    ]
    # Private lessons: a restriction on the lesson, and one on a school's whole section.
    for kind in ("password", "login", "groups"):
        page = factories.MicroLessonFactory(title=f"{SECRET}{kind}私密课", **p1)
        restrict(page, kind)
        site.hidden.append(page)
    private_school = factories.school("第二实验小学", "shiyan2").section
    restrict(private_school, "login")
    site.hidden.append(
        factories.RequiredLessonFactory(
            title=f"{SECRET}私密学校必修课", parent=private_school, **p1
        )
    )
    # A required lesson whose step 5 links a draft micro-lesson and a live one.
    linked_draft = site.hidden[2]
    required = live.required
    required.consolidation = [("micro_lesson", linked_draft), ("micro_lesson", live.micro)]
    required.save_revision().publish()
    # A live lesson with an unpublished change.
    site.edited = live.concept
    live.concept.title = f"{SECRET}未发布的修改"
    live.concept.save_revision()
    assert city_section.pk
    return site


@pytest.fixture(scope="module")
def _module_site(django_db_setup, django_db_blocker):
    """Built once per test module inside a transaction rolled back at its end; each test's
    own transaction (pytest-django) is a savepoint inside it, so what a test changes is
    undone after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        site = build_site()
        yield site
        transaction.set_rollback(True)


@pytest.fixture
def api_site(_module_site, db) -> ApiSite:
    return _module_site
