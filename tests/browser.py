"""Real-browser tests: headless Debian Chromium driven by Selenium through ChromeDriver.

Needs the apt packages ``chromium`` and ``chromium-driver`` and the ``selenium`` package.
A missing piece is an error, never a silent skip: a browser test that does not run
must not pass.

    from tests.browser import chromium

    @pytest.fixture
    def browser():
        with chromium() as driver:
            yield driver
"""

import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WINDOW = (412, 900)  # a common Android phone viewport
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
    "--mute-audio",
]


# Debian's Chromium plays HLS natively; this script (Page.addScriptToEvaluateOnNewDocument)
# pretends it cannot, so that the player takes its hls.js path.
NO_NATIVE_HLS = """
const canPlay = HTMLMediaElement.prototype.canPlayType;
HTMLMediaElement.prototype.canPlayType = function (type) {
  return /mpegurl/i.test(type) ? "" : canPlay.call(this, type);
};
"""


class BrowserUnavailable(RuntimeError):
    """Chromium, ChromeDriver or Selenium is not installed."""


def _require(path, package):
    if not Path(path).is_file():
        raise BrowserUnavailable(
            f"{path} not found: real-browser tests need Debian's {package} "
            f"(apt-get install -y chromium chromium-driver)"
        )


@contextmanager
def chromium(*extra_flags, width=WINDOW[0], height=WINDOW[1], console_log=False, network_log=False):
    """Start headless Chromium with a fresh profile; quit it and delete the profile on exit.
    With console_log, `driver.get_log("browser")` returns the console's messages; with
    network_log, `driver.get_log("performance")` returns the DevTools Network events."""
    _require(CHROMIUM, "chromium")
    _require(CHROMEDRIVER, "chromium-driver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as exc:
        raise BrowserUnavailable(
            "selenium is not installed: pip install -e '.[test]' (or pip install selenium)"
        ) from exc

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, *extra_flags, f"--window-size={width},{height}"]:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    logs = {"browser": "ALL"} if console_log else {}
    if network_log:
        logs["performance"] = "ALL"
        options.set_capability(
            "goog:perfLoggingPrefs", {"enableNetwork": True, "enablePage": False}
        )
    if logs:
        options.set_capability("goog:loggingPrefs", logs)
    driver = None
    try:
        driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
        driver.set_window_size(width, height)
        yield driver
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
