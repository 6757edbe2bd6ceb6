"""The site test_page_queries.py counts queries on: about `size` lesson pages of every kind
with topics, audiences, cover images and processed media (outputs described in the database
as the pipeline leaves them; nothing is transcoded), some in a school's section, the weekly
cloud classroom with its broadcast audio, and the first lessons of several school years."""

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from time import perf_counter
from zoneinfo import ZoneInfo

from wagtail.rich_text import RichText

from lessons.models import Topic
from media_pipeline.models import LessonMedia, MediaOutput, MediaStatus
from tests.factories import (
    ConceptLessonFactory,
    EpisodeFactory,
    FirstLessonFactory,
    MicroLessonFactory,
    RequiredLessonFactory,
    SelfStudySeriesFactory,
    city,
    cloud_classroom,
    cover_image,
    first_lesson_programme,
    school,
)

# Inside the first-lesson window (15 Aug – 15 Oct): first lessons are pinned on grade pages.
TODAY = datetime(2027, 9, 6, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
SCHOOL_YEAR = 2027
STAGES = ["kindergarten", "primary", "junior", "senior"]
GRADES = {"kindergarten": "k2", "primary": "p1", "junior": "j2", "senior": "s1"}
P1 = {"stages": ["primary"], "grades": ["p1"]}
TOPICS = ["家庭教育", "心理健康", "幼小衔接", "亲子沟通", "安全教育", "习惯养成"]


def ready_media(title: str, *, video: bool = True) -> LessonMedia:
    """A processed media item: outputs as the pipeline records them (no file is read when a
    page or the feed is rendered), captions, poster and thumbnails."""
    media = LessonMedia.objects.create(
        title=title,
        type="video" if video else "audio",
        file="originals/source.mp4",
        captions="captions/2027/09/zh.vtt",
        status=MediaStatus.READY,
        progress=100,
        duration=600.0,
        width=1280 if video else None,
        height=720 if video else None,
    )
    prefix = media.outputs_prefix = f"outputs/{media.pk}/{media.pk:012x}"
    media.save(update_fields=["outputs_prefix"])
    K = MediaOutput.Kind
    rows = [
        (K.LISTEN, "listen", "listen.m4a", None, None),
        (K.AUDIO_MP3, "broadcast", "broadcast.mp3", None, None),
        (K.AUDIO_AAC, "broadcast", "broadcast.m4a", None, None),
    ]
    if video:
        for name, width, height in (("360p", 640, 360), ("720p", 1280, 720)):
            rows += [
                (K.MP4, name, f"{name}.mp4", width, height),
                (K.HLS_VARIANT, name, f"hls/{name}.m3u8", width, height),
            ]
        rows += [
            (K.HLS_VARIANT, "audio", "hls/audio.m3u8", None, None),
            (K.HLS_MASTER, "master", "hls/master.m3u8", None, None),
            (K.POSTER_JPEG, "poster", "poster.jpg", 1280, 720),
            (K.POSTER_WEBP, "poster", "poster.webp", 1280, 720),
            (K.THUMB_JPEG, "thumb", "thumb.jpg", 320, 180),
            (K.THUMB_WEBP, "thumb", "thumb.webp", 320, 180),
        ]
    MediaOutput.objects.bulk_create(
        MediaOutput(
            media=media,
            kind=kind,
            name=name,
            path=f"{prefix}/{path}",
            width=width,
            height=height,
            size=500_000,
            duration=600.0,
        )
        for kind, name, path, width, height in rows
    )
    return media


@dataclass
class Site:
    lessons: int
    urls: dict[str, str] = field(default_factory=dict)
    build_seconds: float = 0.0


def audience(n: int) -> dict:
    """All stages, a whole stage, or a grade of a stage, in turn."""
    stage = STAGES[n % 4]
    return [
        {"all_stages": True},
        {"stages": [stage]},
        {"stages": [stage], "grades": [GRADES[stage]]},
    ][n % 3]


def build_site(size: int) -> Site:
    """About `size` lesson pages of every kind; the pages the test opens are the newest."""
    site = Site(size)
    started = perf_counter()
    section = city().section
    school_section = school("第一实验小学", "shiyan").section
    topics = [Topic.objects.create(name=name) for name in TOPICS]
    images = [cover_image(f"封面{n}") for n in range(3)]
    counter = itertools.count()

    def common(for_whom=None, *, parent=None, **kwargs) -> dict:
        """A lesson's fields; in the city's section unless a parent is given (the factories
        would provision the city again for every lesson)."""
        n = next(counter)
        return {
            "parent": parent or section,
            "title": f"家长课程{n}",
            "summary": f"第{n}课：帮助家长理解孩子成长的规律，" + "从一件小事做起。" * 5,
            "cover_image": images[n % 3],
            "topics": [topics[n % 6], topics[(n + 1) % 6]],
            **(for_whom or audience(n)),
            **kwargs,
        }

    # The cloud classroom: one episode a week, every one with its broadcast audio.
    programme = cloud_classroom()
    episodes = max(5, size // 10)
    for week in range(episodes, 0, -1):
        EpisodeFactory(
            **common(
                parent=programme,
                air_date=TODAY.date() - timedelta(weeks=week - 1),
                video=ready_media(f"第{week}期", video=week % 2 == 0),
            )
        )
    # The first lessons of this school year and of the ones before.
    first_lessons = first_lesson_programme()
    years = max(2, size // 100)
    for year in range(SCHOOL_YEAR - years + 1, SCHOOL_YEAR + 1):
        first = {"parent": first_lessons, "school_year": year}
        all_stages_lesson = FirstLessonFactory(
            **common(
                {"all_stages": True}, transition="all", video=ready_media(f"{year}开学第一课"),
                **first,
            )
        )  # fmt: skip
        FirstLessonFactory(**common(P1, transition="p1", **first))
        FirstLessonFactory(
            **common({"stages": ["primary"], "grades": ["p2", "p3"]}, transition="year", **first)
        )

    # Series of micro-lessons (自修课), standalone micro-lessons, concept and required lessons,
    # in the city's section and in a school's; the remaining lessons, spread over the kinds.
    made = episodes + 3 * years
    series_count = max(2, size // 50)
    per_series = 5
    for s in range(series_count):
        series = SelfStudySeriesFactory(**common({"stages": ["primary"]}))
        for _ in range(per_series):
            MicroLessonFactory(**common(P1, parent=series, video=ready_media(f"微课{s}")))
    made += series_count * (1 + per_series)
    micro = []
    for n in range(max(0, size - made - 4)):
        parent = school_section if n % 7 == 0 else None
        if n % 3 == 0:
            micro.append(MicroLessonFactory(**common(parent=parent)))
        elif n % 3 == 1:
            ConceptLessonFactory(**common(parent=parent))
        else:
            links = [("micro_lesson", page) for page in micro[-2:]]
            RequiredLessonFactory(**common(parent=parent, consolidation=links))

    # The pages under test: the newest of each kind, with everything their page shows.
    site.urls["home"] = "/"
    site.urls["grade picker"] = "/grade/"
    site.urls["grade page"] = "/grade/p1/"
    for kind in ("required", "self_study", "micro", "concept"):
        site.urls[f"grade list: {kind}"] = f"/grade/p1/kind/{kind}/"
    site.urls["grade list: micro, page 2"] = "/grade/p1/kind/micro/?page=2"
    site.urls["grade topic list"] = f"/grade/p1/topic/{topics[0].pk}/"
    site.urls["stage page"] = "/stage/primary/"
    site.urls["stage page, page 2"] = "/stage/primary/?page=2"
    site.urls["city section"] = section.url
    site.urls["school section"] = school_section.url
    site.urls["cloud classroom archive"] = programme.url
    site.urls["cloud classroom episode"] = (
        programme.get_children().live().order_by("-path")[1].url  # has a previous and a next
    )
    site.urls["audio feed"] = "/cloud-classroom/feed.xml"
    site.urls["first lesson listing"] = first_lessons.url
    site.urls["first lesson"] = all_stages_lesson.url  # this school year's, with its video
    site.urls["self-study series"] = series.url
    site.urls["micro-lesson in a series"] = series.get_children().live()[2].url
    standalone = MicroLessonFactory(**common(video=ready_media("单独微课")))
    site.urls["micro-lesson"] = standalone.url
    link = f'<p>家校社协同育人的理念，见<a linktype="page" id="{standalone.pk}">微课</a>。</p>'
    site.urls["concept lesson"] = ConceptLessonFactory(
        **common(
            video=ready_media("理念引领课"),
            speaker="王教授",
            speaker_title="教育学教授",
            body=[
                ("heading", "协同育人"),
                ("paragraph", RichText(link)),
                ("image", images[1]),
                ("quote", "家庭是孩子的第一所学校。"),
            ],
        )
    ).url
    consolidation = [("micro_lesson", page) for page in [*micro[:2], standalone]]
    site.urls["required lesson"] = RequiredLessonFactory(
        **common(
            P1,
            video=ready_media("必修课导入"),
            consolidation=consolidation,
            body=[("paragraph", "<p>教师须知。</p>")],
        )
    ).url
    site.urls["required lesson in a school section"] = RequiredLessonFactory(
        **common(
            P1, parent=school_section, video=ready_media("学校必修课"), consolidation=consolidation
        )
    ).url
    site.build_seconds = perf_counter() - started
    return site
