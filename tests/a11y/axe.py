"""axe-core in a real browser: inject the vendored axe.min.js into the page a Selenium driver
is on and run the WCAG 2.1 A/AA rules.

    from tests.a11y.axe import run_axe

    violations = run_axe(driver)          # [] on a clean page
    assert [v.id for v in violations] == []

`tests/a11y/vendor/axe.min.js` is axe-core from npm (`npm run vendor-axe`, see the README
there). It is injected through WebDriver (DevTools evaluation), which the site's CSP does not
govern, so the page under test is exactly what a parent gets.
"""

from dataclasses import dataclass
from pathlib import Path

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA (GB/T 37668 is aligned with WCAG 2.1 AA).
WCAG21_AA = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

RUN = """
const [tags, done] = [arguments[0], arguments[arguments.length - 1]];
const target = (t) => (Array.isArray(t) ? t.join(" >>> ") : String(t));
axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then((r) => done({
    violations: r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.map((n) => n.target.map(target).join(" | ")),
    })),
    incomplete: r.incomplete.map((v) => v.id),
    passes: r.passes.map((v) => v.id),
  }))
  .catch((e) => done({error: String(e && e.stack || e)}));
"""


class AxeFailed(RuntimeError):
    """axe-core could not be injected or threw while running."""


@dataclass(frozen=True)
class Violation:
    id: str  # the axe rule, e.g. "image-alt"
    impact: str | None  # minor, moderate, serious, critical
    help: str
    targets: tuple[str, ...]  # a CSS selector per offending node

    def __str__(self) -> str:
        shown = ", ".join(self.targets[:3]) + (" …" if len(self.targets) > 3 else "")
        return f"{self.id} ({self.impact}, {len(self.targets)}×): {self.help} — {shown}"


def inject(driver) -> None:
    """Put axe-core into the current page (once per page load)."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE_JS.read_text("utf-8"))
    if not driver.execute_script("return typeof window.axe === 'object'"):
        raise AxeFailed(f"axe-core did not load from {AXE_JS}")


@dataclass(frozen=True)
class AxeResult:
    violations: list[Violation]
    incomplete: tuple[
        str, ...
    ]  # rules axe could not decide ("needs review"), e.g. contrast over an image
    passes: tuple[str, ...]  # rules that applied to the page and passed


def axe_results(driver, tags=WCAG21_AA, timeout: float = 120) -> AxeResult:
    """axe-core's verdict on the current page for the rules tagged `tags`."""
    inject(driver)
    driver.set_script_timeout(timeout)
    result = driver.execute_async_script(RUN, list(tags))
    if "error" in result:
        raise AxeFailed(result["error"])
    violations = [
        Violation(v["id"], v["impact"], v["help"], tuple(v["targets"]))
        for v in result["violations"]
    ]
    return AxeResult(violations, tuple(result["incomplete"]), tuple(result["passes"]))


def run_axe(driver, tags=WCAG21_AA, timeout: float = 120) -> list[Violation]:
    """The page's violations of the rules tagged `tags` (default WCAG 2.1 A and AA)."""
    return axe_results(driver, tags, timeout).violations


def axe_version(driver) -> str:
    """The version of axe-core injected into the current page."""
    inject(driver)
    return driver.execute_script("return axe.version")
