"""Demo content for the embedded site: organisations, accounts and lessons
drawn from the cities' plans (cms/demo/data/lessons.jsonl)."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from lessons.access import REVIEWERS_GROUP, provision_all
from lessons.importing import ImportReport, import_lessons
from lessons.models import Organisation
from search.models import SynonymGroup

from ..site_setup import configure_site, parse_site_url
from .class_sessions import create_demo_class_sessions
from .episodes import create_demo_episodes
from .first_lessons import create_demo_first_lessons
from .videos import attach_demo_videos, require_ffmpeg

DEMO_LESSONS = Path(__file__).resolve().parent / "data" / "lessons.jsonl"
# Where `make demo` serves the site: the address its QR codes, handouts and feed print.
DEMO_URL = "http://127.0.0.1:8000"

# (path, name, kind): parents listed before their children.
ORGANISATIONS = [
    ("city", "示范市教育局", Organisation.Kind.CITY),
    ("city/dongcheng", "东城区教育局", Organisation.Kind.DISTRICT),
    ("city/dongcheng/hongxing", "红星街道", Organisation.Kind.TOWN),
    ("city/dongcheng/hongxing/shiyan-primary", "东城区实验小学", Organisation.Kind.SCHOOL),
    ("city/xihe", "西河县教育局", Organisation.Kind.DISTRICT),
    ("city/xihe/qingshui", "清水镇", Organisation.Kind.TOWN),
    ("city/xihe/qingshui/qingshui-middle", "清水镇中学", Organisation.Kind.SCHOOL),
    ("city/xihe/qingshui/qingshui-kindergarten", "清水镇中心幼儿园", Organisation.Kind.SCHOOL),
]

SHIYAN = "city/dongcheng/hongxing/shiyan-primary"
QINGSHUI_MIDDLE = "city/xihe/qingshui/qingshui-middle"

# (username, full name, organisation path or None for the reviewers' group, which group)
ACCOUNTS = [
    ("city_editor", "市级编辑", "city", "editors_group"),
    ("dongcheng_editor", "东城区编辑", "city/dongcheng", "editors_group"),
    ("shiyan_editor", "实验小学编辑", SHIYAN, "editors_group"),
    ("shiyan_teacher", "实验小学班主任", SHIYAN, "teachers_group"),
    ("qingshui_editor", "清水镇中学编辑", QINGSHUI_MIDDLE, "editors_group"),
    ("reviewer", "审核员", None, None),
]


def create_organisations() -> dict[str, Organisation]:
    by_path: dict[str, Organisation] = {}
    for path, name, kind in ORGANISATIONS:
        parent_path, _, code = path.rpartition("/")
        parent = by_path.get(parent_path)
        by_path[path], _created = Organisation.objects.update_or_create(
            parent=parent, code=code, defaults={"name": name, "kind": kind}
        )
    return by_path


def create_accounts(orgs: dict[str, Organisation]) -> list[tuple[str, str, str]]:
    """Create or reset the demo accounts; returns (username, password, role) to print."""
    User = get_user_model()
    printed = []
    for username, full_name, org_path, group_field in ACCOUNTS:
        user, _created = User.objects.get_or_create(username=username)
        user.first_name = full_name
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save()
        group = (
            getattr(orgs[org_path], group_field)
            if org_path
            else Group.objects.get(name=REVIEWERS_GROUP)
        )
        user.groups.set([group])
        printed.append((username, password, group.name))
    admin, _created = User.objects.get_or_create(
        username="admin", defaults={"is_superuser": True, "is_staff": True}
    )
    password = secrets.token_urlsafe(9)
    admin.set_password(password)
    admin.save()
    printed.append(("admin", password, "superuser"))
    return printed


# Words parents and editors use for the same idea; editors keep this list in the admin.
DEMO_SYNONYMS = (
    "网瘾、沉迷手机、沉迷网络、手机成瘾、游戏成瘾",
    "近视、视力下降、视力不好",
    "厌学、不想上学、不爱上学",
    "早恋、异性交往",
    "外出务工、打工、外地工作",
    "隔代教养、祖辈、爷爷奶奶",
    "顶嘴、叛逆、不听话",
    "分离焦虑、入园哭闹",
    "肥胖、超重、太胖",
    "沟通、交流、聊天",
)


def create_demo_synonyms() -> None:
    for terms in DEMO_SYNONYMS:
        SynonymGroup.objects.get_or_create(terms=terms)


def load_demo_content(media_dir: Path | None) -> tuple[dict, ImportReport, list[str]]:
    """Organisations, lessons, episodes, first lessons and synonyms; with media_dir, demo
    videos and episode audio are generated there and go through the pipeline (ffmpeg is
    then required: FfmpegMissing before anything is written)."""
    if media_dir is not None:
        require_ffmpeg()
    orgs = create_organisations()
    provision_all()
    for org in orgs.values():
        org.refresh_from_db()
    with DEMO_LESSONS.open(encoding="utf-8") as lines:
        report = import_lessons(lines)
    notes = (
        (attach_demo_videos(media_dir) if media_dir else [])
        + create_demo_episodes(media_dir)
        + create_demo_first_lessons()
    )
    create_demo_synonyms()
    create_demo_class_sessions(orgs[SHIYAN], orgs[QINGSHUI_MIDDLE])
    return orgs, report, notes


@transaction.atomic
def load_demo() -> tuple[ImportReport, list[tuple[str, str, str]], list[str]]:
    """Organisations, lessons, videos (transcoded when the transaction commits), accounts."""
    demo_media = Path(settings.MEDIA_PIPELINE_WORK_DIR).parent / "demo-media"
    orgs, report, notes = load_demo_content(demo_media)
    configure_site(parse_site_url(DEMO_URL))
    return report, create_accounts(orgs), notes
