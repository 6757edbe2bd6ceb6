"""Demo weekly episodes (网上云课堂): six past ones with broadcast audio, one scheduled."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from lessons.models import CloudClassroomEpisode, CloudClassroomProgramme
from media_pipeline.ingest import ingest_file

from .programmes import city_programme
from .videos import generate_speech

EPISODES = [
    (
        "“双减”之后，孩子的课后时间怎么安排",
        "作业少了、培训停了，家长如何和孩子一起规划运动、阅读和家务时间。",
        "市家庭教育指导中心 王老师",
    ),
    (
        "幼小衔接不是提前学，而是学会生活",
        "大班到一年级，孩子最需要的是作息、自理和交往能力的准备。",
        "实验小学一年级组 李老师",
    ),
    (
        "孩子离不开手机，家长先别急着没收",
        "从孩子的需要出发，一起约定规则、丰富生活，减少对屏幕的依赖。",
        "心理健康教育教研员 陈老师",
    ),
    (
        "青春期的孩子不爱说话了，怎么办",
        "读懂青春期的变化，学会先倾听、少说教，重建亲子沟通。",
        "初中心理教师 赵老师",
    ),
    (
        "家访之后：家校如何一起帮孩子进步",
        "班主任走进家庭之后，家长可以做什么、怎样和学校保持沟通。",
        "清水镇中学班主任 刘老师",
    ),
    (
        "留守孩子的陪伴：电话那头的父母能做什么",
        "外出务工的父母和照看孩子的祖辈，如何分工合作、稳定陪伴。",
        "西河县家庭教育讲师团 孙老师",
    ),
]
UPCOMING = (
    "中考前一个月，家长怎样帮孩子稳住心态",
    "作息、饮食和情绪支持：考前最后一个月的家庭准备。",
    "市教科院 周老师",
)


def programme() -> CloudClassroomProgramme:
    return city_programme(
        CloudClassroomProgramme,
        title="网上云课堂", slug="cloud-classroom",
        intro="每周一期“网上云课堂，点亮千万家”。同步在小镜子心语网络电台和村村响广播播出。",
    )  # fmt: skip


def _episode(parent, title, summary, guest, air_date, live=True) -> CloudClassroomEpisode:
    episode = CloudClassroomEpisode(
        title=title, slug=f"episode-{air_date:%Y%m%d}", summary=summary, guest=guest,
        air_date=air_date, all_stages=True, live=live,
        body=[("paragraph", f"<p>{summary}</p>")],
    )  # fmt: skip
    parent.add_child(instance=episode)
    return episode


def create_demo_episodes(work_dir=None) -> list[str]:
    """Six aired episodes and one scheduled; with work_dir, each gets generated audio."""
    parent = programme()
    if CloudClassroomEpisode.objects.child_of(parent).exists():
        return []
    if work_dir is not None:
        work_dir.mkdir(parents=True, exist_ok=True)
    today = timezone.localdate()
    notes = []
    for weeks_ago, (title, summary, guest) in zip(
        range(len(EPISODES), 0, -1), EPISODES, strict=True
    ):
        episode = _episode(parent, title, summary, guest, today - timedelta(weeks=weeks_ago - 1))
        if work_dir is not None:
            audio = work_dir / f"episode-{episode.number}.m4a"
            generate_speech(audio, seconds=20)
            episode.video = ingest_file(audio, title=f"第{episode.number}期 {title}")
        episode.save_revision().publish()
        notes.append(f"episode {episode.number}: {title}")
    title, summary, guest = UPCOMING
    air_date = today + timedelta(weeks=1)
    upcoming = _episode(parent, title, summary, guest, air_date, live=False)
    go_live = timezone.make_aware(datetime.combine(air_date, time(19, 0)))
    upcoming.go_live_at = go_live
    upcoming.save_revision().publish()  # a future go_live_at schedules instead of publishing
    notes.append(f"episode {upcoming.number} scheduled for {go_live:%Y-%m-%d %H:%M}")
    return notes
