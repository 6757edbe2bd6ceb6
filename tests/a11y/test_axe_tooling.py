"""The accessibility harness works and can fail: axe-core (vendored, tests/a11y/axe.py) finds
the violations planted in a static page and none in a clean one; the measurements see small
text, small targets and sideways overflow at 200 % zoom. No server, no database: data: URLs."""

from urllib.parse import quote

import pytest

from tests.browser import chromium

from .axe import AXE_JS, axe_results, run_axe
from .measure import emulate_phone, overflow, overflow_at_zoom, smallest_text, targets

pytestmark = pytest.mark.browser

HEAD = '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">' \
       '<meta name="viewport" content="width=device-width, initial-scale=1"><title>测试</title></head>'  # fmt: skip
CLEAN = HEAD + "<body><main><h1>家长课</h1><p>孩子写作业拖拉怎么办</p>" \
               '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="封面">' \
               "<button>播放</button></main></body></html>"  # fmt: skip
# An image without alt text and a button with no accessible name, nothing else wrong.
BROKEN = HEAD + "<body><main><h1>家长课</h1><p>孩子写作业拖拉怎么办</p>" \
                '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">' \
                "<button></button></main></body></html>"  # fmt: skip
CRAMPED = HEAD + '<body style="margin:0;font-size:16px"><main><h1>家长课</h1>' \
                 '<p style="font-size:12px">小字说明</p><a href="#x" style="font-size:10px">更多</a>' \
                 '<div style="width:300px">三百像素宽</div></main></body></html>'  # fmt: skip


def data_url(html: str) -> str:
    return "data:text/html;charset=utf-8," + quote(html)


@pytest.fixture(scope="module")
def driver():
    with chromium() as browser:
        emulate_phone(browser)
        yield browser


def test_axe_is_vendored():
    assert AXE_JS.stat().st_size > 100_000
    assert "axe v4." in AXE_JS.read_text("utf-8")[:200]


def test_axe_reports_exactly_the_planted_violations(driver):
    driver.get(data_url(BROKEN))
    violations = run_axe(driver)
    assert sorted(v.id for v in violations) == ["button-name", "image-alt"]
    assert {v.id: v.targets for v in violations} == {
        "button-name": ("button",),
        "image-alt": ("img",),
    }
    assert all(v.impact == "critical" for v in violations)


def test_axe_reports_nothing_on_a_clean_page(driver):
    driver.get(data_url(CLEAN))
    result = axe_results(driver)
    assert result.violations == []
    assert {"image-alt", "button-name", "html-has-lang", "document-title"} <= set(result.passes)


def test_the_measurements_see_small_text_targets_and_overflow(driver):
    url = data_url(CRAMPED)
    driver.get(url)
    assert smallest_text(driver).size == 10
    assert targets(driver)[0].label == "<a> 更多"
    assert targets(driver)[0].height < 20
    assert not overflow(driver).sideways  # 300 px fit a 360 px phone
    zoomed = overflow_at_zoom(driver, url)  # 180 px wide
    assert zoomed.sideways and zoomed.client_width == 180
    assert zoomed.offenders[0].startswith("div")
    assert not overflow_at_zoom(driver, data_url(CLEAN)).sideways
