"""The generated share image (lessons.sharing.render, images, views): a real PNG of the
declared size with the title drawn in the title area, stored once under a name that changes
with the title, served only for published public lessons."""

import io
import re
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from PIL import Image
from wagtail.models import PageViewRestriction

from lessons.sharing import images, render
from lessons.sharing.design import BACKGROUND, SQUARE, WIDE
from tests.factories import ConceptLessonFactory, MicroLessonFactory, city, cover_image

TITLE = "孩子写作业拖拉，家长怎么办？"


def ink_pixels(png: bytes, box) -> int:
    """Pixels in `box` far from the background colour: the drawn title."""
    area = Image.open(io.BytesIO(png)).convert("RGB").crop(box)
    far = [
        sum(abs(a - b) for a, b in zip(p, BACKGROUND, strict=True)) > 200
        for p in area.get_flattened_data()
    ]
    return sum(far)


@pytest.mark.parametrize("variant", [WIDE, SQUARE], ids=["wide", "square"])
def test_the_title_card_is_a_png_of_its_size_with_the_title_drawn(variant):
    drawn = render.title_card(TITLE, "微课", "网上家长学校", variant)
    image = Image.open(io.BytesIO(drawn))
    assert (image.format, image.size) == ("PNG", (variant.width, variant.height))
    Path(f"/tmp/share-{variant.name}.png").write_bytes(drawn)  # to look at
    # The title area: below the kind tag, above the foot rule.
    box = (0, variant.band + variant.label_size * 2 + variant.margin, variant.width,
           variant.height - variant.margin // 4)  # fmt: skip
    empty = render.title_card("", "微课", "网上家长学校", variant)
    assert ink_pixels(empty, box) == 0
    assert ink_pixels(drawn, box) > variant.width * 10  # a line of bold characters at least
    assert render.title_card("另一个标题", "微课", "网上家长学校", variant) != drawn


def test_a_long_title_is_wrapped_and_ends_with_an_ellipsis():
    font = render._font(WIDE.title_min)
    lines = render.wrap("家庭教育" * 40, font, WIDE.width - 2 * WIDE.margin)
    assert len(lines) > WIDE.max_lines
    assert all(font.getlength(line) <= WIDE.width - 2 * WIDE.margin for line in lines)
    _, fitted = render._fit_title("家庭教育" * 40, WIDE, WIDE.width - 2 * WIDE.margin)
    assert len(fitted) == WIDE.max_lines and fitted[-1].endswith("…")
    # Latin words stay whole; closing punctuation never starts a line.
    mixed = render.wrap("Parent education 家长教育，" * 8, font, 600)
    assert all(not line.startswith(("，", "ducation")) for line in mixed)


def share_url(client, lesson, variant="share.png") -> str:
    html = client.get(lesson.url).content.decode()
    return re.search(rf'"http://[^/"]+(/lessons/{lesson.pk}/{re.escape(variant)}\?v=\w+)"', html)[1]


def stored_titles() -> set:
    try:
        return {n for n in default_storage.listdir("share")[1] if n.startswith("title-")}
    except FileNotFoundError:
        return set()


@pytest.mark.django_db
def test_the_view_serves_a_stored_png_made_once_and_again_for_a_new_title(client):
    city()
    lesson = MicroLessonFactory(title=TITLE, stages=["primary"])
    url = share_url(client, lesson)
    before = stored_titles()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(body)).size == (1200, 630)
    Path("/tmp/share-view.png").write_bytes(body)
    made = stored_titles()
    assert len(made) == len(before) + 1
    assert b"".join(client.get(url).streaming_content) == body  # the stored file, not redrawn
    assert stored_titles() == made

    lesson.title = "睡前十分钟的亲子阅读"
    lesson.save_revision().publish()
    new_url = share_url(client, lesson)
    assert new_url != url
    new_body = b"".join(client.get(new_url).streaming_content)
    assert new_body != body
    assert len(stored_titles()) == len(before) + 2
    # A link shared before the change: today's image, cached for a day only.
    old = client.get(url)
    assert b"".join(old.streaming_content) == new_body
    assert "max-age=86400" in old["Cache-Control"] and "immutable" not in old["Cache-Control"]


@pytest.mark.django_db
def test_the_image_format_follows_the_cover(client):
    city()
    plain = MicroLessonFactory(title=TITLE, stages=["primary"])
    covered = ConceptLessonFactory(title="家风家教", all_stages=True, cover_image=cover_image())
    assert client.get(f"/lessons/{plain.pk}/share.jpg").status_code == 302
    moved = client.get(f"/lessons/{covered.pk}/share-square.png")
    assert moved.status_code == 302 and "/share-square.jpg?v=" in moved["Location"]
    square = client.get(moved["Location"])
    image = Image.open(io.BytesIO(b"".join(square.streaming_content)))
    assert (image.format, image.size) == ("JPEG", (500, 500))
    assert images.version(covered) in moved["Location"]


@pytest.mark.django_db
def test_drafts_private_lessons_and_hostile_ids_are_not_found(client):
    city()
    draft = MicroLessonFactory(title="草稿", stages=["primary"])
    draft.unpublish()
    private = ConceptLessonFactory(title="内部", all_stages=True)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    before = stored_titles()
    for page_id in (draft.pk, private.pk, 2147483647, city().section.pk):
        for name in ("share.png", "share.jpg", "share-square.png"):
            assert client.get(f"/lessons/{page_id}/{name}").status_code == 404
    for value in ("0", "-1", "9" * 20, "abc", "%FF", "1.5", "²"):
        assert client.get(f"/lessons/{value}/share.png").status_code == 404, value
    assert stored_titles() == before  # nothing drawn for them


@pytest.mark.django_db
def test_the_sites_default_image(client):
    city()
    for path, size in (
        ("/share/default.png", (1200, 630)),
        ("/share/default-square.png", (500, 500)),
    ):
        response = client.get(path + "?v=1")
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert "immutable" in response["Cache-Control"]
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert (image.format, image.size) == ("PNG", size)
    assert "immutable" not in client.get("/share/default.png?v=old")["Cache-Control"]


@pytest.mark.django_db
def test_icons_and_the_manifest(client):
    city()
    html = client.get("/grade/").content.decode()
    assert 'href="data:,"' not in html
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"].startswith("application/manifest+json")
    assert "public" in manifest["Cache-Control"]
    data = manifest.json()
    assert data["name"] == "网上家长学校" and data["start_url"] == "/"
    assert data["display"] == "standalone" and data["lang"] == "zh-Hans"
    assert {"maskable", "any"} <= {icon["purpose"] for icon in data["icons"]}
    for icon in data["icons"]:
        response = client.get(icon["src"])
        assert response.status_code == 200, icon["src"]
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert f"{image.width}x{image.height}" == icon["sizes"]
    for match in re.finditer(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', html):
        response = client.get(match[1])
        assert response.status_code == 200, match[1]
        image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert image.size in {(32, 32), (180, 180)}
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 301 and favicon["Location"].endswith("favicon.ico")
