"""The embed page (/embed/<id>/), oEmbed (/oembed/), the discovery link on lesson pages and the
admin's embed code page (lessons.embeds). In a real browser: test_embed_browser.py."""

import json
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import PageViewRestriction

from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from tests.factories import MicroLessonFactory, UserFactory, city
from tests.media_pipeline import clips

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"


def directive(response, name: str) -> str:
    for part in response[CSP].split(";"):
        words = part.split()
        if words and words[0] == name:
            return " ".join(words[1:])
    raise AssertionError(f"no {name} in {response[CSP]}")


@pytest.fixture
def media(tmp_path):
    media = ingest_file(clips.video(tmp_path / "clip.mp4", seconds=2), "入学第一周")
    assert pipeline.transcode(media.pk) == "done"
    return media


@pytest.fixture
def lesson(media):
    city()
    return MicroLessonFactory(title="入学第一周，家长做什么", video=media)


def oembed(client, url, **params):
    return client.get(reverse("oembed"), {"url": url, **params})


def test_the_embed_page_is_the_player_alone_framable_and_public(client, lesson):
    response = client.get(f"/embed/{lesson.pk}/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert directive(response, "frame-ancestors") == "*"
    assert directive(response, "script-src") == "'self'"  # the rest of the site's policy
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "private" not in cache_control
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("header") is None and page.find("footer") is None
    assert page.h1.get_text() == lesson.title
    player = page.select_one("[data-player]")
    assert player["data-hls"] and player["data-audio"]  # HLS and the audio-only option
    assert page.select_one("[data-player-toggle]") is not None
    video = page.find("video")
    assert video["preload"] == "none" and not video.get("src")  # nothing before a tap
    assert page.select_one("[data-player-start] img")  # the poster first
    link = page.select_one(".embed-link a")
    assert link["target"] == "_blank" and "noopener" in link["rel"]
    assert urlsplit(link["href"]).path == lesson.url
    assert page.find("link", rel="canonical")["href"] == link["href"]


def test_every_other_page_keeps_refusing_frames(client, lesson):
    for url in (lesson.url, "/grade/p1/", reverse("oembed"), "/embed/999999/"):
        response = client.get(url, {"url": "x"} if "oembed" in url else {})
        assert response["X-Frame-Options"] == "DENY", url
        assert directive(response, "frame-ancestors") == "'self'", url


def test_the_frame_ancestors_can_be_narrowed(client, lesson, settings):
    settings.EMBED_FRAME_ANCESTORS = ["https://partner.example.cn", "https://www.example.org"]
    response = client.get(f"/embed/{lesson.pk}/")
    assert directive(response, "frame-ancestors") == (
        "https://partner.example.cn https://www.example.org"
    )


def test_a_cached_embed_page_is_still_framable(client, lesson, settings):
    """The page cache keeps the view's response: the policy must be in it (framing.py)."""
    settings.PAGE_CACHE_SECONDS = 600
    first = client.get(f"/embed/{lesson.pk}/")
    second = client.get(f"/embed/{lesson.pk}/")
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert directive(second, "frame-ancestors") == "*"
    assert "X-Frame-Options" not in second


def test_drafts_private_and_unknown_lessons_are_not_embedded(client, lesson):
    draft = MicroLessonFactory(title="草稿", video=lesson.video, live=False)
    private = MicroLessonFactory(title="校内课", video=lesson.video)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for page_id in (draft.pk, private.pk, 2147483647):
        response = client.get(f"/embed/{page_id}/")
        assert response.status_code == 404, page_id
        assert response["X-Frame-Options"] == "DENY"
    for path in ("/embed/0/", "/embed/abc/", f"/embed/{'9' * 20}/"):
        assert client.get(path).status_code == 404, path


def test_a_lesson_without_media_shows_its_title_and_a_link(client):
    city()
    lesson = MicroLessonFactory(title="没有视频的微课")
    response = client.get(f"/embed/{lesson.pk}/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("[data-player]") is None
    assert page.select_one(".embed-link a")["target"] == "_blank"
    assert oembed(client, lesson.get_full_url()).status_code == 404  # nothing to play


def test_oembed_answers_with_the_iframe_snippet(client, lesson):
    response = oembed(client, lesson.get_full_url(), format="json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert data["version"] == "1.0" and data["type"] == "video"
    assert data["title"] == lesson.title and data["provider_name"] == "网上家长学校"
    assert (data["width"], data["height"]) == (640, 360 + 170)
    frame = BeautifulSoup(data["html"], "html.parser").iframe
    assert urlsplit(frame["src"]).path == f"/embed/{lesson.pk}/"
    assert frame["src"].startswith("http")  # absolute: it is pasted on other sites
    assert frame["allow"] == "autoplay; fullscreen" and frame["loading"] == "lazy"
    assert lesson.title in frame["title"]
    assert (int(frame["width"]), int(frame["height"])) == (data["width"], data["height"])
    thumbnail = urlsplit(data["thumbnail_url"])
    assert thumbnail.scheme and thumbnail.path.endswith(".jpg")
    assert client.get(thumbnail.path).status_code == 200  # the poster
    assert data["thumbnail_width"] and data["thumbnail_height"]


def test_oembed_honours_maxwidth_and_maxheight(client, lesson):
    url = lesson.get_full_url()
    narrow = json.loads(oembed(client, url, maxwidth="320").content)
    assert (narrow["width"], narrow["height"]) == (320, 180 + 170)
    short = json.loads(oembed(client, url, maxheight="400").content)
    assert short["height"] <= 400 and short["width"] == (400 - 170) * 16 // 9
    both = json.loads(oembed(client, url, maxwidth="200", maxheight="300").content)
    assert both["width"] <= 200 and both["height"] <= 300
    wide = json.loads(oembed(client, url, maxwidth="5000").content)
    assert wide["width"] == 640  # never wider than the default


def test_oembed_takes_the_embed_url_too(client, lesson):
    embed = f"http://localhost/embed/{lesson.pk}/"
    assert json.loads(oembed(client, embed).content)["title"] == lesson.title


def test_oembed_refuses_other_formats_hosts_and_bad_values(client, lesson):
    url = lesson.get_full_url()
    assert oembed(client, url, format="xml").status_code == 501  # the spec's answer
    assert oembed(client, url, format="yaml").status_code == 400  # not a format at all
    assert client.get(reverse("oembed")).status_code == 400
    for bad in ("0", "-1", "abc", "1.5", "9" * 20, "\x00"):
        response = oembed(client, url, maxwidth=bad)
        assert response.status_code == 400, bad
        assert "maxwidth" in response.content.decode()
    parts = urlsplit(url)
    for other in (
        url.replace(parts.netloc, "evil.example.com"),
        url.replace(parts.scheme, "ftp", 1),
        url + "nothing-here/",
        "http://[::1",
        "http://localhost:99999/",
        "javascript:alert(1)",
        "http://localhost/%00/",
        "http://localhost/%FF/",
        "http://localhost/" + "a" * 5000,
        "/relative/",
    ):
        assert oembed(client, other).status_code == 404, other


def test_a_lesson_page_advertises_its_oembed_url(client, lesson):
    page = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    (link,) = page.find_all("link", type="application/json+oembed")
    assert link["rel"] == ["alternate"] and link["title"] == lesson.title
    href = urlsplit(link["href"])
    assert href.scheme and href.path == reverse("oembed")
    data = json.loads(client.get(f"{href.path}?{href.query}").content)
    assert data["title"] == lesson.title


def test_lessons_without_a_player_or_private_advertise_no_oembed(client, lesson):
    plain = MicroLessonFactory(title="没有视频")
    private = MicroLessonFactory(title="校内课", video=lesson.video)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert "json+oembed" not in client.get(plain.url).content.decode()
    client.force_login(UserFactory(username="teacher"))  # signed in: may read the page
    shown = client.get(private.url)
    assert shown.status_code == 200 and "data-player" in shown.content.decode()
    assert "json+oembed" not in shown.content.decode()


def test_editors_copy_the_snippet_from_the_admin(client, lesson):
    client.force_login(UserFactory(username="editor", is_superuser=True))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    url = reverse("lesson_embed_code", args=[lesson.pk])
    assert url in edit.content.decode()  # the header's menu
    explore = client.get(reverse("wagtailadmin_explore", args=[lesson.get_parent().pk]))
    assert url in explore.content.decode()  # the listing's "More" menu
    page = BeautifulSoup(client.get(url).content, "html.parser")
    snippet = page.find("textarea").get_text()
    frame = BeautifulSoup(snippet, "html.parser").iframe
    assert urlsplit(frame["src"]).path == f"/embed/{lesson.pk}/"
    assert frame["allow"] == "autoplay; fullscreen" and frame["loading"] == "lazy"
    assert frame["title"]
    assert page.select_one("[data-embed-copy]").get_text() == "复制嵌入代码"


def test_the_admin_embed_code_is_for_lessons_the_editor_may_edit(client, lesson):
    client.force_login(UserFactory(username="nobody", is_staff=False))
    assert client.get(reverse("lesson_embed_code", args=[lesson.pk])).status_code in (302, 403)
    client.force_login(UserFactory(username="admin", is_superuser=True))
    root = lesson.get_parent().pk
    assert client.get(reverse("lesson_embed_code", args=[root])).status_code == 404
    assert client.get(reverse("lesson_embed_code", args=[2147483647])).status_code == 404
    draft = MicroLessonFactory(title="草稿", live=False)
    page = client.get(reverse("lesson_embed_code", args=[draft.pk]))
    assert page.status_code == 200 and b"<textarea" not in page.content
