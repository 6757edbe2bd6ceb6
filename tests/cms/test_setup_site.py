"""`manage.py setup_site`: a real site's first step after `migrate` (cms/site_setup.py)."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cms.models import HomePage
from lessons.access import REVIEWERS_GROUP, WORKFLOW_NAME
from lessons.models import LessonPage, Organisation, SectionPage

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CITY = {"name": "示范市教育局", "code": "city", "url": "https://jzxx.example.cn"}


def setup_site(**options) -> str:
    out = StringIO()
    call_command("setup_site", **{**CITY, **options}, stdout=out, stderr=StringIO())
    return out.getvalue()


def snapshot() -> dict:
    """Everything setup_site writes, to compare two runs."""
    models = (Organisation, Page, Revision, Group, GroupPagePermission, Collection,
              GroupCollectionPermission, Workflow, WorkflowTask, WorkflowPage)  # fmt: skip
    state = {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in models}
    state["groups"] = sorted(
        (g.name, sorted(g.permissions.values_list("codename", flat=True)))
        for g in Group.objects.all()
    )
    state["sites"] = list(
        Site.objects.order_by("pk").values_list(
            "hostname", "port", "site_name", "root_page", "is_default_site"
        )
    )
    state["organisations"] = list(Organisation.objects.values_list("name", "code", "kind"))
    return state


def test_a_fresh_database_starts_on_localhost_without_a_city():
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert not Organisation.objects.exists()


def test_setup_site_creates_the_city_its_access_and_the_review_workflow():
    output = setup_site()

    city = Organisation.objects.get(parent=None)
    assert (city.name, city.code, city.kind) == ("示范市教育局", "city", "city")
    section = SectionPage.objects.get(organisation=city)
    home = HomePage.objects.get()
    assert section.get_parent().pk == home.pk and section.live
    assert city.editors_group.name == "示范市教育局·编辑"
    assert city.collection is not None
    assert GroupPagePermission.objects.filter(group=city.editors_group, page=section).exists()
    reviewers = Group.objects.get(name=REVIEWERS_GROUP)
    assert GroupPagePermission.objects.filter(
        group=reviewers, page=home, permission__codename="publish_page"
    ).exists()
    assert WorkflowPage.objects.get(page=home).workflow.name == WORKFLOW_NAME

    assert "示范市教育局" in output and "https://jzxx.example.cn" in output


def test_setup_site_sets_the_sites_address_and_keeps_it_on_the_home_page():
    setup_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("jzxx.example.cn", 443, CITY["url"])
    assert site.root_page.pk == HomePage.objects.get().pk
    assert Site.objects.count() == 1


def test_setup_site_prints_the_next_steps():
    output = setup_site()
    for command in (
        "python manage.py createsuperuser",
        "python manage.py import_lessons FILE.jsonl",
        "celery -A cms worker -Q transcode",
        "celery -A cms worker -Q celery",
        "celery -A cms beat",
        "docs/deployment.md",
    ):
        assert command in output, command


def test_running_setup_site_twice_changes_nothing():
    setup_site()
    before = snapshot()
    output = setup_site()
    assert snapshot() == before
    assert "无需更改" in output  # "Nothing to change"


def test_a_new_url_moves_the_site_and_nothing_else():
    setup_site()
    before = snapshot()
    output = setup_site(url="http://jzxx.example.cn:8080/")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == (
        "jzxx.example.cn",
        8080,
        "http://jzxx.example.cn:8080",
    )
    after = snapshot()
    assert after.pop("sites") != before.pop("sites")
    assert after == before
    assert "http://jzxx.example.cn:8080" in output


def test_the_site_name_is_set_when_given():
    setup_site(site_name="示范市网上家长学校")
    assert Site.objects.get(is_default_site=True).site_name == "示范市网上家长学校"
    setup_site()  # not given again: left as it is
    assert Site.objects.get(is_default_site=True).site_name == "示范市网上家长学校"


def test_a_chinese_domain_is_stored_as_punycode():
    setup_site(url="https://示例.中国")
    assert Site.objects.get(is_default_site=True).hostname == "xn--fsq092h.xn--fiqs8s"


def test_setup_site_recreates_a_missing_default_site():
    Site.objects.all().delete()
    setup_site()
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == CITY["url"] and site.root_page.pk == HomePage.objects.get().pk


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"url": "jzxx.example.cn"}, "不是网址"),
        ({"url": "ftp://jzxx.example.cn"}, "不是网址"),
        ({"url": "https://jzxx.example.cn/jzxx/"}, "根目录"),
        ({"url": "https://jzxx.example.cn?x=1"}, "根目录"),
        ({"url": "https://jzxx.example.cn:8443"}, "443"),
        ({"url": "http://jzxx.example.cn:443"}, "443"),
        ({"url": "https://user:pw@jzxx.example.cn"}, "用户名"),
        ({"url": "http://[2001:db8::1]:8000"}, "IPv6"),
        ({"url": "http://jzxx.example.cn:99999"}, "端口"),
        ({"name": "  "}, "名称"),
        ({"name": "市" * 81}, "80"),
        ({"code": "示范市"}, "代码"),
        ({"code": "city/dongcheng"}, "代码"),
        ({"code": "grade"}, "/grade/"),
        ({"code": "admin"}, "/admin/"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(options, message):
    before = snapshot()
    with pytest.raises(CommandError) as refused:
        setup_site(**options)
    assert message in str(refused.value)
    assert snapshot() == before


def test_another_top_level_organisation_is_not_replaced():
    Organisation.objects.create(name="另一市教育局", code="other", kind="city")
    with pytest.raises(CommandError, match="另一市教育局.*--code other"):
        setup_site()
    assert not Organisation.objects.filter(code="city").exists()


def test_the_city_keeps_its_name_unless_renamed_in_the_admin():
    setup_site()
    with pytest.raises(CommandError, match="示范市教育局"):
        setup_site(name="示范市")
    assert Organisation.objects.get(parent=None).name == "示范市教育局"


def test_a_url_another_site_answers_at_is_refused():
    home = HomePage.objects.get()
    Site.objects.create(hostname="jzxx.example.cn", port=443, root_page=home)
    with pytest.raises(CommandError, match="https://jzxx.example.cn"):
        setup_site()


def test_a_page_already_at_the_citys_address_is_refused():
    HomePage.objects.get().add_child(instance=Page(title="城市", slug="city"))
    with pytest.raises(CommandError, match="/city/"):
        setup_site()
    assert not Organisation.objects.exists()


def manage(*args) -> subprocess.CompletedProcess:
    """manage.py in a fresh process on this test database (it only reads here)."""
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test", "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bad_input_from_the_command_line_is_an_error_message_not_a_traceback():
    result = manage("setup_site", "--name", "示范市教育局", "--code", "city",
                    "--url", "https://jzxx.example.cn:8443")  # fmt: skip
    assert result.returncode == 1
    assert "CommandError:" in result.stderr and "443" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_option_is_named():
    result = manage("setup_site", "--name", "示范市教育局", "--code", "city")
    assert result.returncode == 2
    assert "--url" in result.stderr and "Traceback" not in result.stderr


# --- Then the lessons can be imported --------------------------------------------------------

LINES = [
    {"id": "ms-001", "kind": "micro", "title": "作息调整小妙招", "summary": "帮孩子调整作息。",
     "stages": ["kindergarten"], "grades": ["k3"], "topics": ["幼小衔接"],
     "transcript": "各位家长好……", "key_points": ["早睡", "早起"]},
    {"id": "rq-01", "kind": "required", "title": "幼小衔接：做好入学准备",
     "summary": "大班家长必修。", "stages": ["kindergarten", "primary"], "grades": ["k3", "p1"],
     "topics": ["幼小衔接"],
     "steps": {"lead_in": "视频：小明上学第一天。", "discussion": ["您最担心什么？"],
               "summary": ["调整作息"], "practice": ["按时睡觉"], "consolidation": ["ms-001"]}},
]  # fmt: skip


@pytest.fixture
def lessons_file(tmp_path) -> Path:
    path = tmp_path / "lessons.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in LINES) + "\n")
    return path


def test_before_setup_site_the_import_asks_for_an_organisation(lessons_file):
    with pytest.raises(CommandError, match="organisation"):
        call_command("import_lessons", str(lessons_file), stdout=StringIO())


def test_after_setup_site_lines_without_an_organisation_are_imported(lessons_file):
    setup_site()
    out = StringIO()
    call_command("import_lessons", str(lessons_file), stdout=out, stderr=StringIO())
    assert "created 2" in out.getvalue()
    city = Organisation.objects.get(parent=None)
    lessons = LessonPage.objects.filter(external_id__in=["ms-001", "rq-01"])
    assert lessons.count() == 2
    for lesson in lessons:
        assert lesson.get_parent().specific.organisation == city
    assert all(page.full_url.startswith("https://jzxx.example.cn/city/") for page in lessons)
