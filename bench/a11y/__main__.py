"""Accessibility report (issue 21): the demo site's parent pages on a 360×740 phone in Debian
Chromium — axe-core's WCAG 2.1 A/AA violations, the smallest visible text, the smallest tap
target, sideways overflow at 200 % zoom, and Lighthouse's accessibility, performance and
best-practices scores.

    .venv/bin/python -m bench.a11y                   # everything (~5 min on 2 cores)
    .venv/bin/python -m bench.a11y --no-lighthouse --no-media   # a quick look (~1 min)

Exit status 1 while any page misses issue 21's targets (an axe violation, sideways overflow at
200 %, or a Lighthouse accessibility score under 100)."""

import argparse
import os
import sys
import time
from collections import Counter
from datetime import date

from tests.a11y.axe import axe_results, axe_version
from tests.a11y.measure import (
    PHONE,
    emulate_phone,
    overflow,
    overflow_at_zoom,
    smallest_text,
    targets,
)
from tests.browser import chromium

from .lighthouse import available, lighthouse
from .site import demo_site


def look(driver, url: str) -> dict:
    """Everything the report says about one page, measured in the browser."""
    emulate_phone(driver)
    driver.get(url)
    time.sleep(0.5)  # the page's own scripts after load (player set-up, class mode)
    axe = axe_results(driver)
    found_targets = targets(driver)
    return {
        "violations": axe.violations,
        "incomplete": axe.incomplete,
        "passes": len(axe.passes),
        "text": smallest_text(driver),
        "target": found_targets[0] if found_targets else None,
        "under44": sum(1 for t in found_targets if t.side < 44),
        "under24": sum(1 for t in found_targets if t.side < 24),
        "targets": len(found_targets),
        "overflow": overflow(driver),
        "zoomed": overflow_at_zoom(driver, url),
    }


def summary_row(name: str, seen: dict, scores) -> str:
    rules = Counter({v.id: len(v.targets) for v in seen["violations"]})
    axe = ", ".join(f"{rule} ×{n}" for rule, n in sorted(rules.items())) or "none"
    text = seen["text"]
    target = seen["target"]
    zoomed = seen["zoomed"]
    cells = [
        name,
        f"{len(rules)}: {axe}" if rules else "0",
        f"{text.size:g} px" if text else "–",
        f"{target.width:g}×{target.height:g} ({target.label})" if target else "–",
        f"{seen['under44']} / {seen['under24']} of {seen['targets']}",
        f"yes ({zoomed.scroll_width} > {zoomed.client_width})" if zoomed.sideways else "no",
    ]
    if scores is not None:
        cells.append(f"{scores.accessibility} / {scores.performance} / {scores.best_practices}")
    return "| " + " | ".join(cells) + " |"


def details(name: str, seen: dict, scores) -> list[str]:
    lines = [f"{name}:"]
    lines.append(f"  axe: {seen['passes']} rules passed, {len(seen['violations'])} violated")
    lines += [f"  axe {v}" for v in seen["violations"]]
    if seen["incomplete"]:
        lines.append(f"  axe needs review: {', '.join(seen['incomplete'])}")
    if seen["text"]:
        lines.append(f"  smallest text {seen['text'].size:g} px (line-height "
                     f"{seen['text'].line_height}): {seen['text'].sample}")  # fmt: skip
    if seen["overflow"].sideways:
        lines.append(f"  overflow at 100 %: {', '.join(seen['overflow'].offenders)}")
    if seen["zoomed"].sideways:
        lines.append(f"  overflow at 200 %: {', '.join(seen['zoomed'].offenders)}")
    if scores is not None and scores.failed:
        lines.append(f"  lighthouse a11y audits failed: {', '.join(scores.failed)}")
    if scores is not None and scores.failed_best_practices:
        lines.append(
            f"  lighthouse best-practices audits failed: {', '.join(scores.failed_best_practices)}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-lighthouse", action="store_true", help="axe and measurements only")
    parser.add_argument("--no-media", action="store_true",
                        help="leave the demo videos untranscoded (quicker; players show their pending state)")  # fmt: skip
    parser.add_argument("--query", default="入园", help="the search page's query")
    args = parser.parse_args()

    why_not = None if args.no_lighthouse else available()
    if why_not:
        print(f"Lighthouse skipped: {why_not}")
    run_lh = not args.no_lighthouse and not why_not
    print(f"{date.today()}  load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    with demo_site(media=not args.no_media, query=args.query) as (server, pages):
        results = []
        with chromium(width=PHONE[0], height=PHONE[1]) as driver:
            version = driver.capabilities.get("browserVersion", "?")
            for name, path in pages:
                print(f"  {name}: {path}", flush=True)
                results.append((name, look(driver, server + path)))
            print(f"Chromium {version}, axe-core {axe_version(driver)}")
        scores = {}
        if run_lh:
            for name, path in pages:
                print(f"  lighthouse {name}", flush=True)
                scores[name] = lighthouse(server + path)
    print(f"load average at end: {os.getloadavg()[0]:.2f}\n")

    head = ["page", "axe rules violated (nodes)", "smallest text", "smallest target (w×h px)",
            "targets < 44 / < 24 px", "sideways at 200 %"]  # fmt: skip
    if run_lh:
        head.append("Lighthouse a11y / perf / best pr.")
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name, seen in results:
        print(summary_row(name, seen, scores.get(name)))
    print()
    for name, seen in results:
        print("\n".join(details(name, seen, scores.get(name))))

    missed = [
        name for name, seen in results
        if seen["violations"] or seen["zoomed"].sideways
        or (name in scores and scores[name].accessibility != 100)
    ]  # fmt: skip
    print(f"\nissue 21 targets: {'PASS' if not missed else 'FAIL on ' + ', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
