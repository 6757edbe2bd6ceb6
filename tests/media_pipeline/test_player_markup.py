"""The lesson player's markup (media_pipeline/player.html) and its static files."""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation

from media_pipeline.player import Picture, Player, Rendition

HLSJS = "media_pipeline/vendor/hls.light.min.js"
PLAYER_JS = "media_pipeline/player.js"


def make_player(**overrides):
    values = {
        "media_id": 7,
        "title": "如何陪孩子写作业",
        "hls_url": "/media/outputs/7/ab/hls/master.m3u8",
        "renditions": (
            Rendition("240p", 426, 240, "/media/outputs/7/ab/240p.mp4", 1_600_000),
            Rendition("360p", 640, 360, "/media/outputs/7/ab/360p.mp4", 3_400_000),
        ),
        "warm_urls": ("/media/outputs/7/ab/hls/240p.m3u8", "/media/outputs/7/ab/hls/240p_0000.ts"),
        "poster": Picture(
            jpeg_url="/media/outputs/7/ab/poster.jpg",
            webp_url="/media/outputs/7/ab/poster.webp",
            width=640,
            height=360,
            thumb_jpeg_url="/media/outputs/7/ab/thumb.jpg",
            thumb_webp_url="/media/outputs/7/ab/thumb.webp",
            thumb_width=320,
        ),
        "listen_url": "/media/outputs/7/ab/listen.m4a",
        "listen_size": 540_000,
        "broadcast_mp3_url": "/media/outputs/7/ab/broadcast.mp3",
        "captions_url": "/media/captions/zh.vtt",
        "width": 640,
        "height": 360,
        "duration": 90.0,
    }
    values.update(overrides)
    return Player(**values)


def render(**overrides):
    return render_to_string("media_pipeline/player.html", {"player": make_player(**overrides)})


def soup(**overrides):
    return BeautifulSoup(render(**overrides), "html.parser")


AUDIO_ONLY = {"renditions": (), "hls_url": None, "poster": None, "warm_urls": ()}


def test_video_plays_inline_in_wechat_and_ios_without_autoplay():
    video = soup().find("video")
    for flag in ("controls", "playsinline", "webkit-playsinline", "x5-playsinline"):
        assert video.has_attr(flag), flag
    assert video["x5-video-player-type"] == "h5"
    assert video["x5-video-player-fullscreen"] == "false"
    assert not video.has_attr("autoplay")
    assert (video["width"], video["height"]) == ("640", "360")


def test_nothing_but_the_poster_is_fetched_before_the_tap():
    page = soup()
    video = page.find("video")
    assert video["preload"] == "none"
    assert not video.has_attr("src") and video.find("source") is None
    assert not video.has_attr("poster")  # the <picture> shows it, in the format the phone takes
    assert video.has_attr("hidden")
    assert not video.find("track").has_attr("default")  # captions load after the tap
    for audio in page.find_all("audio"):
        assert audio["preload"] == "none"
    assert [s["src"] for s in page.find_all("script")] == [static(PLAYER_JS)]  # hls.js: on tap


def test_poster_is_webp_with_a_jpeg_fallback_in_two_sizes():
    picture = soup().select_one("[data-player-start] picture")
    source = picture.find("source")
    assert source["type"] == "image/webp"
    assert source["srcset"] == (
        "/media/outputs/7/ab/thumb.webp 320w, /media/outputs/7/ab/poster.webp 640w"
    )
    img = picture.find("img")
    assert img["src"] == "/media/outputs/7/ab/poster.jpg"
    assert (
        img["srcset"] == "/media/outputs/7/ab/thumb.jpg 320w, /media/outputs/7/ab/poster.jpg 640w"
    )
    assert source["sizes"] == img["sizes"]
    assert (img["width"], img["height"]) == ("640", "360")  # no jump when it arrives


def test_no_poster_and_no_size_are_left_out():
    page = soup(poster=None, width=None, height=None)
    assert page.find("picture") is None
    video = page.find("video")
    assert not video.has_attr("width") and not video.has_attr("height")


def test_the_start_control_is_a_link_to_the_smallest_mp4_without_javascript():
    start = soup().select_one("a[data-player-start]")
    assert start["href"] == "/media/outputs/7/ab/240p.mp4"
    assert start["aria-label"] == "播放：如何陪孩子写作业"
    assert "播放" in start.get_text()


def test_each_lessons_size_is_shown_for_metered_plans():
    assert soup().select_one(".ps-sizes").get_text() == "视频 约 1.5 MB · 只听声音 约 0.5 MB"
    audio_only = soup(**AUDIO_ONLY).select_one(".ps-sizes").get_text()
    assert audio_only == "约 0.5 MB"
    assert (
        soup(listen_size=0, listen_url=None).select_one(".ps-sizes").get_text() == "视频 约 1.5 MB"
    )


@pytest.mark.parametrize("captions_url", ["/media/captions/zh.vtt", None])
def test_captions_track_only_when_there_are_captions(captions_url):
    tracks = soup(captions_url=captions_url).find_all("track")
    if captions_url is None:
        assert tracks == []
    else:
        [track] = tracks
        assert track["kind"] == "captions"
        assert track["srclang"] == "zh-Hans"
        assert track["src"] == captions_url
        assert track["label"]


def test_wrapper_carries_what_the_script_needs():
    [wrapper] = soup().select("[data-player]")
    assert wrapper["data-media-id"] == "7"
    assert wrapper["data-hls"] == "/media/outputs/7/ab/hls/master.m3u8"
    assert json.loads(wrapper["data-mp4s"]) == [
        {"w": 426, "u": "/media/outputs/7/ab/240p.mp4"},
        {"w": 640, "u": "/media/outputs/7/ab/360p.mp4"},
    ]
    assert wrapper["data-audio"] == "/media/outputs/7/ab/listen.m4a"
    assert wrapper["data-hlsjs"] == static(HLSJS)
    assert wrapper["data-warm"].split(" ") == [  # fetched beside hls.js, on the tap only
        "/media/outputs/7/ab/hls/240p.m3u8",
        "/media/outputs/7/ab/hls/240p_0000.ts",
    ]


def test_missing_urls_become_empty_data_attributes():
    wrapper = soup(hls_url=None, listen_url=None).select_one("[data-player]")
    assert wrapper["data-hls"] == ""
    assert wrapper["data-audio"] == ""
    html = render(hls_url=None, listen_url=None, captions_url=None, poster=None)
    assert "None" not in html


def test_speed_choices():
    select = soup().select_one("select[data-player-speed]")
    values = [option["value"] for option in select.find_all("option")]
    assert values == ["0.75", "1", "1.25", "1.5", "2"]
    assert select.find("option", selected=True)["value"] == "1"


def test_audio_switch_uses_a_hidden_audio_element_that_downloads_nothing_up_front():
    page = soup()
    audio = page.find("audio")
    assert audio["src"] == "/media/outputs/7/ab/listen.m4a"
    assert audio["preload"] == "none"
    assert audio.has_attr("hidden")
    button = page.select_one("button[data-player-toggle]")
    assert button["type"] == "button"
    assert button["data-label-audio"] == "只听声音" and button["data-label-video"] == "返回视频"
    assert button.has_attr("hidden")  # shown by player.js: useless without it
    notice = page.select_one("[data-player-notice]")
    assert notice.has_attr("hidden") and notice["role"] == "status"
    assert "只听声音" in notice.get_text()


def test_no_audio_switch_or_download_without_audio():
    page = soup(listen_url=None, listen_size=0)
    assert page.find("audio") is None
    assert page.select_one("[data-player-toggle]") is None
    assert page.find("a", attrs={"download": True}) is None


def test_audio_only_lesson_renders_audio_and_no_video():
    page = soup(**AUDIO_ONLY)
    assert page.find("video") is None
    assert page.select_one("[data-player-start]") is None
    [audio] = page.find_all("audio")
    assert audio.has_attr("controls")
    assert audio["preload"] == "none"
    assert audio["src"] == "/media/outputs/7/ab/listen.m4a"
    assert not audio.has_attr("hidden")
    assert page.select_one("select[data-player-speed]") is not None
    assert page.select_one("[data-player-toggle]") is None


def test_every_word_comes_from_the_template_translations():
    with translation.override("en"):
        page = soup()
        text = page.get_text(" ", strip=True)
    assert "Speed" in text
    assert "Your browser cannot play this video." in text
    assert page.find("a", attrs={"download": True}).get_text(strip=True) == "Download audio"
    assert page.find("track")["label"] == "Chinese captions"
    button = page.select_one("[data-player-toggle]")
    assert button.get_text(strip=True) == "Audio only"
    assert button["data-label-audio"] == "Audio only"
    assert button["data-label-video"] == "Back to video"
    assert page.select_one(".ps-sizes").get_text() == "Video about 1.5 MB · Audio only about 0.5 MB"


def test_title_is_escaped():
    html = render(title='"><script>alert(1)</script>')
    assert "<script>alert(1)" not in html
    assert soup(title='a "b"').find("video")["aria-label"] == 'a "b"'


def test_script_is_included_once_deferred():
    scripts = soup().find_all("script")
    assert [(s["src"], s.has_attr("defer")) for s in scripts] == [(static(PLAYER_JS), True)]


URL_ATTRIBUTES = {"src", "srcset", "href", "data-hls", "data-audio", "data-hlsjs", "data-warm"}


def test_no_url_points_at_another_host():
    for page in (soup(), soup(**AUDIO_ONLY)):
        urls = [
            value
            for tag in page.find_all(True)
            for name, value in tag.attrs.items()
            if name in URL_ATTRIBUTES
        ]
        assert urls
        for url in urls:
            parts = urlsplit(url)
            assert (parts.scheme, parts.netloc) == ("", ""), url
        assert not re.search(r"(https?:)?//[\w.-]", str(page)), "absolute URL"


def read_static(path):
    found = finders.find(path)
    assert found, f"{path} is missing from the static files"
    return Path(found).read_text("utf-8")


def test_hlsjs_is_vendored_with_its_licence_and_no_missing_source_map():
    hlsjs = read_static(HLSJS)
    assert "sourceMappingURL" not in hlsjs  # ManifestStaticFilesStorage would look for the .map
    assert "Apache License" in read_static("media_pipeline/vendor/hls.js.LICENSE")


def test_player_script_is_es5_and_keeps_progress_on_the_phone():
    code = read_static(PLAYER_JS)
    code_only = re.sub(r"/\*.*?\*/|//[^\n]*", "", code, flags=re.S)
    assert not re.search(r"=>|`|\b(let|const|class)\s", code_only), "ES5 only (old X5 engines)"
    assert not re.search(r"fetch\(|XMLHttpRequest|sendBeacon|https?:", code_only)
    assert "ps-pos-" in code and "localStorage" in code
