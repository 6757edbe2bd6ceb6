"""The lesson player's markup (media_pipeline/player.html) and its static files."""

import re
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation

HLSJS = "media_pipeline/vendor/hls.light.min.js"
PLAYER_JS = "media_pipeline/player.js"


def make_player(**overrides):
    values = {
        "media_id": 7,
        "title": "如何陪孩子写作业",
        "hls_url": "/media/lessons/7/hls/master.m3u8",
        "mp4_url": "/media/lessons/7/360p.mp4",
        "poster_url": "/media/lessons/7/poster.jpg",
        "audio_url": "/media/lessons/7/audio.m4a",
        "captions_url": "/media/lessons/7/zh.vtt",
        "is_audio_only": False,
        "width": 640,
        "height": 360,
    }
    values.update(overrides)
    return SimpleNamespace(**values)


def render(**overrides):
    return render_to_string("media_pipeline/player.html", {"player": make_player(**overrides)})


def soup(**overrides):
    return BeautifulSoup(render(**overrides), "html.parser")


def test_video_plays_inline_in_wechat_and_ios_without_autoplay():
    video = soup().find("video")
    for flag in ("controls", "playsinline", "webkit-playsinline", "x5-playsinline"):
        assert video.has_attr(flag), flag
    assert video["x5-video-player-type"] == "h5"
    assert video["x5-video-player-fullscreen"] == "false"
    assert video["preload"] == "metadata"
    assert not video.has_attr("autoplay")
    assert video["poster"] == "/media/lessons/7/poster.jpg"
    assert (video["width"], video["height"]) == ("640", "360")


def test_unknown_poster_and_size_are_left_out():
    video = soup(poster_url=None, width=None, height=None).find("video")
    assert not video.has_attr("poster")
    assert not video.has_attr("width") and not video.has_attr("height")


def test_mp4_source_is_the_no_javascript_fallback():
    sources = soup().find("video").find_all("source")
    assert [(s["src"], s["type"]) for s in sources] == [("/media/lessons/7/360p.mp4", "video/mp4")]
    assert soup(mp4_url=None).find("video").find("source") is None


@pytest.mark.parametrize("captions_url", ["/media/lessons/7/zh.vtt", None])
def test_captions_track_only_when_there_are_captions(captions_url):
    tracks = soup(captions_url=captions_url).find_all("track")
    if captions_url is None:
        assert tracks == []
    else:
        [track] = tracks
        assert track["kind"] == "captions"
        assert track["srclang"] == "zh-Hans"
        assert track["src"] == captions_url
        assert track.has_attr("default")
        assert track["label"]


def test_wrapper_carries_what_the_script_needs():
    [wrapper] = soup().select("[data-player]")
    assert wrapper["data-media-id"] == "7"
    assert wrapper["data-hls"] == "/media/lessons/7/hls/master.m3u8"
    assert wrapper["data-mp4"] == "/media/lessons/7/360p.mp4"
    assert wrapper["data-audio"] == "/media/lessons/7/audio.m4a"
    assert wrapper["data-hlsjs"] == static(HLSJS)


def test_missing_urls_become_empty_data_attributes():
    wrapper = soup(hls_url=None, audio_url=None).select_one("[data-player]")
    assert wrapper["data-hls"] == ""
    assert wrapper["data-audio"] == ""
    assert "None" not in render(hls_url=None, audio_url=None, captions_url=None, poster_url=None)


def test_speed_choices():
    select = soup().select_one("select[data-player-speed]")
    values = [option["value"] for option in select.find_all("option")]
    assert values == ["0.75", "1", "1.25", "1.5", "2"]
    assert select.find("option", selected=True)["value"] == "1"


def test_audio_switch_uses_a_hidden_audio_element_that_downloads_nothing_up_front():
    page = soup()
    audio = page.find("audio")
    assert audio["src"] == "/media/lessons/7/audio.m4a"
    assert audio["preload"] == "none"
    assert audio.has_attr("hidden")
    button = page.select_one("button[data-player-toggle]")
    assert button["type"] == "button"
    assert button["data-label-audio"] and button["data-label-video"]
    assert button.has_attr("hidden")  # shown by player.js: useless without it


def test_no_audio_switch_or_download_without_audio():
    page = soup(audio_url=None)
    assert page.find("audio") is None
    assert page.select_one("[data-player-toggle]") is None
    assert page.find("a", attrs={"download": True}) is None


def test_audio_only_lesson_renders_audio_and_no_video():
    page = soup(is_audio_only=True, hls_url=None, mp4_url=None, poster_url=None)
    assert page.find("video") is None
    [audio] = page.find_all("audio")
    assert audio.has_attr("controls")
    assert audio["preload"] == "none"
    assert audio["src"] == "/media/lessons/7/audio.m4a"
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


def test_title_is_escaped():
    html = render(title='"><script>alert(1)</script>')
    assert "<script>alert(1)" not in html
    assert soup(title='a "b"').find("video")["aria-label"] == 'a "b"'


def test_script_is_included_once_deferred():
    scripts = soup().find_all("script")
    assert [(s["src"], s.has_attr("defer")) for s in scripts] == [(static(PLAYER_JS), True)]


def test_no_url_points_at_another_host():
    for page in (soup(), soup(is_audio_only=True, hls_url=None, mp4_url=None)):
        urls = [
            value
            for tag in page.find_all(True)
            for name, value in tag.attrs.items()
            if name in {"src", "href", "poster", "data-hls", "data-mp4", "data-audio", "data-hlsjs"}
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
