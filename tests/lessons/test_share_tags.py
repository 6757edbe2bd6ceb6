"""Share tags (lessons.sharing, docs/sharing.md) on every page type and the parents' views:
Open Graph, the canonical link and WeChat's microdata, parsed from the page; every image they
name answers with a PNG or JPEG of the declared size; the pages stay cacheable and identical
for everyone."""

import io
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from PIL import Image

from lessons.models import Topic
from lessons.record.attendance import attendance_url
from tests.factories import (
    ConceptLessonFactory,
    city,
    cloud_classroom,
    cover_image,
    first_lesson_programme,
)
from tests.pages import every_kind

pytestmark = pytest.mark.django_db

SITE_NAME = "网上家长学校"
TITLE_SUFFIX = " · " + SITE_NAME


def local(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def tags(html: str) -> dict:
    """The share tags of a page's head: og:* by property, microdata by itemprop."""
    head = BeautifulSoup(html, "html.parser").head
    found = {m["property"]: m["content"] for m in head.find_all("meta", property=True)}
    found |= {f"itemprop:{m['itemprop']}": m["content"] for m in head.find_all(itemprop=True)}
    found["canonical"] = head.find("link", rel="canonical")["href"]
    found["title"] = head.title.get_text()
    found["scripts"] = [s.get("src", "") for s in head.find_all("script")]
    return found


def fetch_image(client, url: str, width: int, height: int, content_type: str) -> Image.Image:
    response = client.get(local(url))
    assert response.status_code == 200, url
    assert response["Content-Type"] == content_type
    assert "public" in response["Cache-Control"]
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.format == {"image/png": "PNG", "image/jpeg": "JPEG"}[content_type]
    assert image.size == (width, height)
    return image


def check_share_tags(
    client, url: str, *, kind: str, title: str | None = None, as_title_tag: bool = False
) -> dict:
    response = client.get(url)
    assert response.status_code == 200, url
    found = tags(response.content.decode())
    assert found["canonical"].startswith(("http://", "https://")), found["canonical"]
    assert urlsplit(found["canonical"]).path == urlsplit(url).path
    assert found["og:url"] == found["canonical"]
    assert found["og:type"] == kind
    assert found["og:site_name"] == SITE_NAME
    assert found["og:title"] and found["og:description"].strip()
    assert found["itemprop:name"] == found["og:title"]
    assert found["itemprop:description"] == found["og:description"]
    if title is not None:
        assert found["og:title"] == title
    if as_title_tag:  # a view's card says what its <title> says (before the site's name)
        assert found["title"] == found["og:title"] + TITLE_SUFFIX
    for key in ("og:image", "itemprop:image"):
        assert urlsplit(found[key]).scheme in ("http", "https"), found[key]
    fetch_image(
        client,
        found["og:image"],
        int(found["og:image:width"]),
        int(found["og:image:height"]),
        found["og:image:type"],
    )
    assert (int(found["og:image:width"]), int(found["og:image:height"])) == (1200, 630)
    fetch_image(client, found["itemprop:image"], 500, 500, found["og:image:type"])
    assert not any("wechat" in src for src in found["scripts"])  # not configured
    return found


def check_cacheable(client, url: str) -> None:
    first, second = client.get(url), client.get(url)
    assert first.content == second.content, url
    assert "public" in first["Cache-Control"], url
    assert "Set-Cookie" not in first and not first.cookies, url


@pytest.fixture
def site():
    city()
    made = every_kind(
        series={"title": "入学准备", "stages": ["primary"]},
        micro={"title": "整理书包", "stages": ["primary"]},
        required={"title": "幼小衔接", "grades": ["p1"], "stages": ["primary"]},
        concept={"title": "家校共育", "all_stages": True},
        episode={"title": "亲子沟通"},
        first={"title": "开学第一课", "all_stages": True},
    )
    return made


def test_every_lesson_kind_has_its_card(client, site):
    for page in site.pages():
        title = page.title
        if page.kind == "episode":
            title = f"第 {page.number} 期 · {page.title}"
        found = check_share_tags(client, page.url, kind="article", title=title)
        assert found["og:description"] == page.summary
        assert found["og:image"].split("?")[0].endswith(f"/lessons/{page.pk}/share.png")
        assert (
            found["itemprop:image"].split("?")[0].endswith(f"/lessons/{page.pk}/share-square.png")
        )
        check_cacheable(client, page.url)


def test_sections_programmes_and_home_have_the_sites_card(client, site):
    section = city().section
    section.intro = "示范市家长学校的全部课程。"
    section.save_revision().publish()
    for page in (section, cloud_classroom(), first_lesson_programme()):
        found = check_share_tags(
            client, page.url, kind="website", title=page.title, as_title_tag=True
        )
        assert "/share/default.png" in found["og:image"]
        check_cacheable(client, page.url)
    assert check_share_tags(client, section.url, kind="website")["og:description"] == (
        "示范市家长学校的全部课程。"
    )
    home = check_share_tags(client, "/", kind="website", title=SITE_NAME)
    assert home["og:description"]  # the site's description when the page has no introduction


def test_every_parents_view_has_its_card(client, site):
    topic = Topic.objects.create(name="家庭教育")
    views = {
        "/grade/": "选择孩子的年级",
        "/grade/p1/": "一年级家长课程",
        "/grade/p1/kind/micro/": "微课 · 一年级",
        f"/grade/p1/topic/{topic.pk}/": "家庭教育 · 一年级",
        "/stage/primary/": "小学",
        "/search/?q=%E5%AD%A9%E5%AD%90&grade=": "孩子 · 搜索",
        "/my/": "我的学习",
        "/suggestions/": "投诉建议",
    }
    for url, title in views.items():
        found = check_share_tags(client, url, kind="website", title=title, as_title_tag=True)
        assert "/share/default.png" in found["og:image"]
        check_cacheable(client, url)
    search = tags(client.get("/search/?q=%E5%AD%A9%E5%AD%90&grade=&page=1").content.decode())
    assert search["canonical"].endswith("/search/?q=%E5%AD%A9%E5%AD%90")  # only the words


def test_the_attendance_page_shows_the_lessons_image(client, site):
    url = local(attendance_url(site.required, timezone.localdate()))
    found = check_share_tags(client, url, kind="website", title="到课确认 · 幼小衔接")
    assert found["title"] == "到课确认" + TITLE_SUFFIX  # the card also names the lesson
    assert f"/lessons/{site.required.pk}/share.png" in found["og:image"]
    check_cacheable(client, url)


def test_a_lesson_with_a_cover_shares_the_cover(client):
    city()
    lesson = ConceptLessonFactory(title="家风家教", all_stages=True, cover_image=cover_image())
    found = check_share_tags(client, lesson.url, kind="article", title="家风家教")
    assert found["og:image:type"] == "image/jpeg"
    assert f"/lessons/{lesson.pk}/share.jpg?v=" in found["og:image"]
    wide = fetch_image(client, found["og:image"], 1200, 630, "image/jpeg")
    red = wide.convert("RGB").getpixel((600, 315))  # the cover is plain brand red
    assert red[0] > 150 and red[1] < 100 and red[2] < 100


def test_a_long_summary_is_shortened_and_markup_is_escaped(client):
    city()
    lesson = ConceptLessonFactory(
        title='"引号" <b>标题</b>', summary="很长的介绍。" * 60, all_stages=True
    )
    html = client.get(lesson.url).content.decode()
    found = tags(html)
    assert found["og:title"] == '"引号" <b>标题</b>'  # escaped in the markup, read back whole
    assert "<b>标题</b>" not in html.split("</head>")[0]
    assert len(found["og:description"]) <= 120 and found["og:description"].endswith("…")
