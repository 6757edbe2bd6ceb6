"""A parent's tap on a lesson's player, measured: bytes from the DevTools Network events
(`goog:loggingPrefs` performance log), times from the page's probe (page_scripts.py)."""

import json
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .phone import Link, phone


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
