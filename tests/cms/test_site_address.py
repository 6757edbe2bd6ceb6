"""Absolute links come from the configured site address (lessons.site_address), and a site
still on localhost is flagged: a system check (cms/checks.py) and the admin dashboard."""

import io
import subprocess
import tempfile
from io import StringIO
from pathlib import Path

import feedparser
import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Site

from cms.checks import ADMIN_BASE_URL_ELSEWHERE, LOCAL_SITE, check_site_address
from lessons.classroom.kit import consolidation_url
from lessons.classroom.qr import qr_svg
from lessons.site_address import absolute_url, is_local_hostname, local_default_site, site_url
from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from tests.factories import EpisodeFactory, RequiredLessonFactory, UserFactory, city
from tests.lessons.qr_decode import decode_png
from tests.media_pipeline import clips

pytestmark = pytest.mark.django_db

URL = "https://jzxx.example.cn"


def setup_site(url=URL):
    call_command(
        "setup_site",
        name="示范市教育局",
        code="city",
        url=url,
        stdout=StringIO(),
        stderr=StringIO(),
    )


@pytest.fixture
def lesson():
    city()
    return RequiredLessonFactory(title="入学第一周，家长做什么")


# --- The helper ----------------------------------------------------------------------------


def test_the_site_url_is_the_default_sites_address():
    assert site_url() == "http://localhost"  # as `migrate` leaves it
    setup_site()
    assert site_url() == URL
    assert absolute_url("/city/lesson/") == URL + "/city/lesson/"
    assert absolute_url("media/a.mp3") == URL + "/media/a.mp3"


def test_an_already_absolute_url_is_kept():
    setup_site()
    assert absolute_url("https://cdn.example.cn/a.mp3") == "https://cdn.example.cn/a.mp3"
    assert absolute_url("//cdn.example.cn/a.mp3") == "https://cdn.example.cn/a.mp3"


@pytest.mark.parametrize(
    ("hostname", "local"),
    [("", True), ("localhost", True), ("LOCALHOST.", True), ("web.localhost", True),
     ("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("[::1]", True), ("0.0.0.0", True),
     ("jzxx.example.cn", False), ("203.0.113.7", False), ("localhost.example.cn", False)],
)  # fmt: skip
def test_which_addresses_only_this_machine_can_open(hostname, local):
    assert is_local_hostname(hostname) is local


def test_a_missing_default_site_counts_as_local():
    Site.objects.all().delete()
    assert local_default_site() is not None and site_url() == ""


# --- Printed and request-independent links ---------------------------------------------------


@pytest.mark.parametrize("host", ["testserver", "127.0.0.1", "localhost"])
def test_a_lessons_qr_code_carries_the_configured_address_whatever_the_host(client, lesson, host):
    setup_site()
    response = client.get(reverse("lesson_qr_png", args=[lesson.pk]), HTTP_HOST=host)
    assert decode_png(response.content) == [URL + lesson.url]


def test_before_setup_site_qr_codes_say_localhost(client, lesson):
    # The state the admin warning and the system check are about.
    response = client.get(reverse("lesson_qr_png", args=[lesson.pk]), HTTP_HOST="127.0.0.1")
    assert decode_png(response.content) == ["http://localhost" + lesson.url]


def test_class_modes_qr_code_carries_the_configured_address(client, lesson):
    setup_site()
    expected = URL + lesson.url + "#step-5"
    assert consolidation_url(lesson, None) == expected
    html = client.get(reverse("class_mode", args=[lesson.pk]), HTTP_HOST="127.0.0.1").content
    assert qr_svg(expected, scale=6) in html.decode()


def test_a_new_address_changes_the_qr_codes(client, lesson):
    setup_site()
    setup_site(url="http://jzxx.example.cn:8080")
    response = client.get(reverse("lesson_qr_png", args=[lesson.pk]))
    assert decode_png(response.content) == ["http://jzxx.example.cn:8080" + lesson.url]


def test_the_handouts_link_and_qr_code_carry_the_configured_address(client, lesson):
    setup_site()
    response = client.get(reverse("class_handout", args=[lesson.pk]), HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    expected = URL + lesson.url + "#step-5"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert expected in text.replace("\n", "")
    assert "localhost" not in text and "127.0.0.1" not in text
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "handout.pdf").write_bytes(response.content)
        subprocess.run(
            ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "handout.pdf", "page"],
            cwd=tmp,
            check=True,
        )
        assert decode_png(next(Path(tmp).glob("page*.png"))) == [expected]


def test_the_feeds_links_carry_the_configured_address(client, tmp_path):
    city()
    media = ingest_file(clips.audio_only(tmp_path / "第1期.m4a", seconds=4), "第1期音频")
    assert pipeline.transcode(media.pk) == "done"
    episode = EpisodeFactory(title="双减之后怎样陪伴", video=media)
    setup_site()

    response = client.get("/cloud-classroom/feed.xml", HTTP_HOST="127.0.0.1")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.link == URL + "/"
    (entry,) = feed.entries
    assert entry.link == URL + episode.url
    (enclosure,) = entry.enclosures
    assert enclosure.href.startswith(URL + "/media/")
    assert b"127.0.0.1" not in response.content and b"localhost" not in response.content


# --- The system check ------------------------------------------------------------------------


def test_the_check_warns_about_a_site_on_localhost(settings):
    settings.DEBUG = False
    (warning,) = check_site_address(databases=["default"])
    assert warning.id == LOCAL_SITE and "http://localhost" in warning.msg
    assert "setup_site" in warning.hint


def test_the_check_is_quiet_in_development(settings):
    settings.DEBUG = True
    assert check_site_address(databases=["default"]) == []


def test_the_check_only_runs_with_the_database():
    assert check_site_address(databases=None) == []


def test_the_check_is_quiet_once_the_address_is_set(settings):
    settings.DEBUG = False
    settings.WAGTAILADMIN_BASE_URL = URL
    setup_site()
    assert check_site_address(databases=["default"]) == []


def test_the_check_warns_when_e_mails_would_link_elsewhere(settings):
    settings.DEBUG = False
    settings.WAGTAILADMIN_BASE_URL = "https://old.example.cn"
    setup_site()
    (warning,) = check_site_address(databases=["default"])
    assert warning.id == ADMIN_BASE_URL_ELSEWHERE and URL in warning.hint


def test_manage_py_check_reports_it(settings):
    settings.DEBUG = False
    err = StringIO()
    call_command("check", databases=["default"], stdout=StringIO(), stderr=err)
    assert LOCAL_SITE in err.getvalue()


# --- The admin dashboard ---------------------------------------------------------------------


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    return client


def dashboard(client) -> str:
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_warns_an_administrator_while_the_site_is_on_localhost(admin_client):
    html = dashboard(admin_client)
    assert "尚未设置网站地址" in html
    assert "网站地址仍是 <strong>http://localhost</strong>" in html
    assert "setup_site" in html


def test_the_warning_goes_once_setup_site_has_run(admin_client):
    setup_site()
    html = dashboard(admin_client)
    assert "尚未设置网站地址" not in html and "setup_site" not in html


def test_the_warning_is_for_administrators(client):
    from django.contrib.auth.models import Permission

    editor = UserFactory(username="editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert "尚未设置网站地址" not in dashboard(client)


def test_no_warning_in_development(admin_client, settings):
    settings.DEBUG = True
    assert "尚未设置网站地址" not in dashboard(admin_client)
