"""A phone on a weak link: the links measured, and headless Chromium at a phone's viewport
with DevTools network throttling (Network.emulateNetworkConditions: throughput and a
round-trip latency added to every request)."""

from contextlib import contextmanager
from dataclasses import dataclass

from tests.browser import chromium

from .page_scripts import PATHS, PROBE

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
