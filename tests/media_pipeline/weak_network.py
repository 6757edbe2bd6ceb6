"""A parent's tap on a weak link, measured in real Chromium (shared by the browser test and
bench/weak_network.py).

The link is DevTools network throttling (Network.emulateNetworkConditions: throughput and a
round-trip latency added to every request). Bytes come from the DevTools Network events
(`goog:loggingPrefs` performance log), so the media element's own requests (native HLS,
progressive MP4) are counted as well as the page's. Times come from the page: the tap, the
first video frame (requestVideoFrameCallback) or the first sound (`playing` with the clock
moving), and every `waiting` after that (a stall), with its length.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tests.browser import NO_NATIVE_HLS, chromium

from . import clips

ROOT = Path(__file__).resolve().parents[2]

PHONE = (360, 740)  # the viewport the brief names for parents' pages


@dataclass(frozen=True)
class Link:
    name: str
    kbit: int  # download and upload throughput, kbit/s
    rtt_ms: int


LINKS = {
    "3g": Link("3G (400 kbit/s, 400 ms)", 400, 400),
    "4g-poor": Link("4G, poor (1.6 Mbit/s, 150 ms)", 1600, 150),
    "2g": Link("2G (100 kbit/s, 600 ms)", 100, 600),
}

# How each path is forced: hiding native HLS gives the hls.js path; hiding MediaSource as well
# leaves only the progressive MP4.
NO_MSE = (
    NO_NATIVE_HLS
    + """
Object.defineProperty(window, "MediaSource", {value: undefined});
Object.defineProperty(window, "ManagedMediaSource", {value: undefined});
"""
)
LISTEN = "try { localStorage.setItem('ps-listen', '1'); } catch (e) {}"
PATHS = {"native": "", "hlsjs": NO_NATIVE_HLS, "mp4": NO_MSE, "audio": LISTEN}

# Installed before the page's own scripts: records the tap, the first frame or sound, stalls.
PROBE = """
window.__ps = {tap: 0, first: 0, stalls: [], waitingSince: 0, ended: 0};
document.addEventListener('click', function () {
  if (!window.__ps.tap) { window.__ps.tap = performance.now(); }
}, true);
function __psWatch(el) {
  var ps = window.__ps;
  el.addEventListener('playing', function () {
    if (ps.waitingSince) { ps.stalls.push(performance.now() - ps.waitingSince); ps.waitingSince = 0; }
    if (!ps.first && el.tagName === 'AUDIO') {
      var check = function () {
        if (el.currentTime > 0) { ps.first = ps.first || performance.now(); }
        else { setTimeout(check, 20); }
      };
      check();
    }
  });
  el.addEventListener('waiting', function () {
    if (ps.first && !el.seeking && !el.hidden) { ps.waitingSince = performance.now(); }
  });
  el.addEventListener('ended', function () { ps.ended = performance.now(); });
  if (el.tagName === 'VIDEO' && el.requestVideoFrameCallback) {
    var frame = function () {
      if (el.currentTime > 0 || el.readyState >= 2) { ps.first = ps.first || performance.now(); }
      else { el.requestVideoFrameCallback(frame); }
    };
    el.requestVideoFrameCallback(frame);
  }
}
document.addEventListener('DOMContentLoaded', function () {
  var els = document.querySelectorAll('.ps-player video, .ps-player audio');
  for (var i = 0; i < els.length; i++) { __psWatch(els[i]); }
});
"""


@dataclass
class Measurement:
    path: str
    link: str
    hlsjs_cached: bool
    first_frame_s: float | None  # tap to first frame (video) or first sound (audio)
    stalls: int
    stalled_s: float
    played_s: float
    bytes_before_tap: int
    bytes_after_tap: int
    urls_before_tap: list[str] = field(default_factory=list)
    rungs: list[str] = field(default_factory=list)  # what was fetched after the tap, in order
    hls_js_loaded: bool = False

    def row(self) -> str:
        first = f"{self.first_frame_s:.2f}" if self.first_frame_s is not None else "none"
        return (
            f"{self.path + (' (cached hls.js)' if self.hlsjs_cached else ''):24} {self.link:30} first {first:>5} s  stalls {self.stalls} "
            f"({self.stalled_s:.1f} s)  played {self.played_s:5.1f} s  "
            f"before tap {self.bytes_before_tap / 1024:6.1f} KB  after {self.bytes_after_tap / 1024:7.1f} KB  "
            f"rungs {'→'.join(self.rungs) or '-'}"
        )


class NetworkLog:
    """Bytes per request from the DevTools events, kept across get_log() calls (each drains)."""

    def __init__(self, driver):
        self.driver = driver
        self.requests: dict[str, dict] = {}

    def drain(self) -> None:
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message.get("method", ""), message.get("params", {})
            if method == "Network.requestWillBeSent":
                request = self.requests.setdefault(params["requestId"], {"bytes": 0, "done": 0})
                request.setdefault("url", params["request"]["url"])
                request.setdefault("order", len(self.requests))
            elif method == "Network.dataReceived":
                request = self.requests.setdefault(params["requestId"], {"bytes": 0, "done": 0})
                request["bytes"] += params.get("encodedDataLength", 0)
            elif method == "Network.loadingFinished":
                request = self.requests.setdefault(params["requestId"], {"bytes": 0, "done": 0})
                request["done"] = params.get("encodedDataLength", 0)

    def snapshot(self) -> dict[str, tuple[str, int]]:
        self.drain()
        return {
            rid: (r.get("url", ""), max(r["bytes"], r["done"]))
            for rid, r in self.requests.items()
            if r.get("url", "").startswith("http")
        }


def _rung(url: str) -> str | None:
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    match = re.match(r"(\d+p|audio|listen|broadcast)(?:_\d+\.ts|\.m3u8|\.mp4|\.m4a)$", name)
    return match.group(1) if match else None


@contextmanager
def phone(link: Link, path: str = "native", network_log: bool = False):
    """Headless Chromium at a phone's viewport on a throttled link, playing by `path`."""
    with chromium(width=PHONE[0], height=PHONE[1], network_log=network_log) as driver:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": link.rtt_ms,
                "downloadThroughput": link.kbit * 1000 / 8,
                "uploadThroughput": link.kbit * 1000 / 8,
            },
        )
        driver.execute_cdp_cmd(
            "Page.addScriptToEvaluateOnNewDocument", {"source": PATHS[path] + PROBE}
        )
        yield driver


def measure(server_url: str, lesson_path: str, path: str, link: Link, play_seconds: float,
            hlsjs_cached: bool = False, first_frame_timeout: float = 30.0) -> Measurement:  # fmt: skip
    """Open the lesson on a throttled phone, wait, tap play, watch for play_seconds.
    With hlsjs_cached, hls.js is in the browser's cache from an earlier visit."""
    with phone(link, path, network_log=True) as driver:
        log = NetworkLog(driver)
        if hlsjs_cached:  # a parent's earlier lesson left hls.js in the browser's cache
            driver.get(server_url + lesson_path)
            driver.execute_script(
                "var s = document.createElement('script');"
                "s.src = document.querySelector('[data-hlsjs]').getAttribute('data-hlsjs');"
                "document.head.appendChild(s);"
            )
            wait_for(driver, "return typeof window.Hls === 'function'", 60)
            driver.get("about:blank")
            log.drain()
            log.requests.clear()
        driver.get(server_url + lesson_path)
        wait_for(driver, "return document.readyState === 'complete'", 60)
        time.sleep(2.0)  # anything a page fetches on its own would start by now
        before = log.snapshot()
        driver.find_element("css selector", "[data-player-start]").click()
        wait_for(driver, "return window.__ps.first > 0", first_frame_timeout, quiet=True)
        first_wall = time.monotonic()
        while time.monotonic() - first_wall < play_seconds:
            if driver.execute_script("return window.__ps.ended > 0"):
                break
            time.sleep(0.5)
        state = driver.execute_script(
            "var ps = window.__ps, el = document.querySelector('.ps-player video:not([hidden]),"
            " .ps-player audio:not([hidden])');"
            "return {tap: ps.tap, first: ps.first, stalls: ps.stalls, waiting: ps.waitingSince,"
            " now: performance.now(), played: el ? el.currentTime : 0, hls: typeof window.Hls};"
        )
        after = log.snapshot()
    stalls = list(state["stalls"])
    if state["waiting"]:
        stalls.append(state["now"] - state["waiting"])  # still stalled at the end
    new = sorted(
        ((after[rid][0], after[rid][1], rid) for rid in after if rid not in before),
        key=lambda item: log.requests[item[2]].get("order", 0),
    )
    rungs = []
    for url, _size, _rid in new:
        rung = _rung(url)
        if rung and (not rungs or rungs[-1] != rung):
            rungs.append(rung)
    first = (state["first"] - state["tap"]) / 1000 if state["first"] and state["tap"] else None
    return Measurement(
        path=path,
        link=link.name,
        hlsjs_cached=hlsjs_cached,
        first_frame_s=first,
        stalls=len(stalls),
        stalled_s=sum(stalls) / 1000,
        played_s=state["played"],
        bytes_before_tap=sum(size for _url, size in before.values()),
        bytes_after_tap=sum(size for rid, (_url, size) in after.items() if rid not in before),
        urls_before_tap=sorted({url for url, _size in before.values()}),
        rungs=rungs,
        hls_js_loaded=state["hls"] == "function",
    )


def wait_for(driver, script: str, timeout: float = 30, quiet: bool = False) -> bool:
    """Poll a script until it returns something true; TimeoutError (or False, quiet)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if driver.execute_script(script):
            return True
        time.sleep(0.05)
    if quiet:
        return False
    raise TimeoutError(script)


# The demo's own server (`manage.py runserver`, DEBUG, SQLite) on a throwaway site.
SETTINGS = """
from cms.settings.dev import *  # noqa
DATABASES["default"]["NAME"] = {db!r}
MEDIA_ROOT = {media!r}
MEDIA_PIPELINE_WORK_DIR = {work!r}
MEDIA_PIPELINE_ORIGINALS_ROOT = {originals!r}
"""
MAKE_LESSON = """
from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from tests.factories import MicroLessonFactory, city
city()
media = ingest_file({clip!r}, "家长课：孩子磨蹭怎么办")
assert pipeline.transcode(media.pk) == "done", media.error
print(MicroLessonFactory(title="孩子磨蹭怎么办", video=media).url)
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def demo_lesson(seconds: int = 60):
    """A lesson with a `seconds`-long video (640×360 with noise, so every encoder spends its
    whole budget) made by the real pipeline on a throwaway SQLite site, served by the demo's
    server. Yields (server URL, lesson path); removes everything on exit."""
    tmp = Path(tempfile.mkdtemp(prefix="weak-network-"))
    server = None
    try:
        (tmp / "weak_network_settings.py").write_text(
            SETTINGS.format(db=str(tmp / "db.sqlite3"), media=str(tmp / "media"),
                            work=str(tmp / "work"), originals=str(tmp / "originals"))
        )  # fmt: skip
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "weak_network_settings",
            "PYTHONPATH": f"{tmp}:{ROOT}",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
        clip = clips.video(tmp / "lesson.mp4", size="640x360", seconds=seconds,
                           extra=("-vf", "noise=alls=8:allf=t"))  # fmt: skip
        made = subprocess.run([*manage, "shell", "-c", MAKE_LESSON.format(clip=str(clip))],
                              env=env, check=True, cwd=ROOT, capture_output=True, text=True)  # fmt: skip
        lesson = made.stdout.strip().splitlines()[-1]
        port = _free_port()
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}", lesson
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)
