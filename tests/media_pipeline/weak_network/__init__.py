"""A parent's tap on a weak link, measured in real Chromium (shared by the browser test and
bench/weak_network.py).

The link is DevTools network throttling (Network.emulateNetworkConditions: throughput and a
round-trip latency added to every request). Bytes come from the DevTools Network events
(`goog:loggingPrefs` performance log), so the media element's own requests (native HLS,
progressive MP4) are counted as well as the page's. Times come from the page: the tap, the
first video frame (requestVideoFrameCallback) or the first sound (`playing` with the clock
moving), and every `waiting` after that (a stall), with its length.

The package: phone.py (the links and the throttled phone), page_scripts.py (what is installed
before the page's own scripts), measurement.py (a tap measured) and demo_site.py (the lesson
it is measured on).
"""

from .demo_site import demo_lesson
from .measurement import Measurement, NetworkLog, measure, wait_for
from .page_scripts import LISTEN, NO_MSE, PATHS, PROBE
from .phone import LINKS, PHONE, Link, phone

__all__ = [
    "LINKS",
    "LISTEN",
    "Link",
    "Measurement",
    "NO_MSE",
    "NetworkLog",
    "PATHS",
    "PHONE",
    "PROBE",
    "demo_lesson",
    "measure",
    "phone",
    "wait_for",
]
