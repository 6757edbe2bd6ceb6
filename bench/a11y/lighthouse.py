"""Lighthouse from npm (`npm install` at the project root: a devDependency in package.json)
against Debian's Chromium: the accessibility, performance and best-practices scores of a page
on a 360×740 phone (Lighthouse's own mobile throttling, simulated)."""

import json
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .site import ROOT

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("accessibility", "performance", "best-practices")


@dataclass(frozen=True)
class Scores:
    accessibility: int | None
    performance: int | None
    best_practices: int | None
    failed: tuple[str, ...]  # the accessibility audits that did not pass
    failed_best_practices: tuple[str, ...]

    def row(self) -> str:
        def show(score):
            return "–" if score is None else str(score)

        return (f"a11y {show(self.accessibility)}  perf {show(self.performance)}  "
                f"best practices {show(self.best_practices)}")  # fmt: skip


def available() -> str | None:
    """None when Lighthouse can run, else why not."""
    if not LIGHTHOUSE.exists():
        return f"{LIGHTHOUSE.relative_to(ROOT)} missing: run `npm install` at the project root"
    if not Path(CHROMIUM).is_file():
        return f"{CHROMIUM} missing: apt-get install chromium"
    return None


def _score(report: dict, category: str) -> int | None:
    score = report["categories"].get(category, {}).get("score")
    return None if score is None else round(score * 100)


def lighthouse(url: str, timeout: float = 300) -> Scores:
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
             f"--only-categories={','.join(CATEGORIES)}",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
             "--form-factor=mobile", "--screenEmulation.mobile",
             "--screenEmulation.width=360", "--screenEmulation.height=740",
             "--screenEmulation.deviceScaleFactor=2"],
            env={**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": tmp},
            check=True, timeout=timeout, capture_output=True, preexec_fn=lambda: os.nice(10),
        )  # fmt: skip
        report = json.loads(out.read_text("utf-8"))
    return Scores(
        _score(report, "accessibility"),
        _score(report, "performance"),
        _score(report, "best-practices"),
        _failed(report, "accessibility"),
        _failed(report, "best-practices"),
    )


def _failed(report: dict, category: str) -> tuple[str, ...]:
    """The category's scored audits that did not fully pass."""
    return tuple(
        ref["id"] for ref in report["categories"][category]["auditRefs"]
        if ref.get("weight") and (report["audits"][ref["id"]].get("score") or 0) < 1
    )  # fmt: skip
