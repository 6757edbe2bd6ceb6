"""What a phone's user meets on a page, measured in the browser: the smallest visible text,
the smallest tap target, and sideways scrolling at 200 % zoom. Shared by the accessibility
report (`python -m bench.a11y`) and the browser tests.

All sizes are CSS px of the laid-out page at the emulated viewport.
"""

from dataclasses import dataclass

PHONE = (360, 740)  # the parents' phone viewport (issue 21)

# The smallest computed font-size among rendered, visible text (visually hidden text, 1 px
# boxes, clipped screen-reader text, is left out: nobody reads it on screen).
SMALLEST_TEXT = """
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
let best = null, node;
while ((node = walker.nextNode())) {
  const text = node.textContent.trim();
  const el = node.parentElement;
  if (!text || !el || el.closest("script,style,noscript,template")) continue;
  if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
  const range = document.createRange(); range.selectNodeContents(node);
  const box = range.getBoundingClientRect();
  if (box.width < 2 || box.height < 2) continue;
  const style = getComputedStyle(el);
  const size = parseFloat(style.fontSize);
  if (!best || size < best.size) {
    best = {size, lineHeight: style.lineHeight, text: text.slice(0, 24), tag: el.tagName.toLowerCase(),
            cls: (el.getAttribute("class") || "").slice(0, 40)};
  }
}
return best;
"""

# Every visible interactive element's box; the smallest by its shorter side first.
TARGETS = """
const sel = "a[href],button,input:not([type=hidden]),select,textarea,summary,[role=button],[role=link],[tabindex]:not([tabindex='-1'])";
const found = [];
for (const el of document.querySelectorAll(sel)) {
  if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
  const r = el.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) continue;
  found.push({w: Math.round(r.width * 10) / 10, h: Math.round(r.height * 10) / 10,
              tag: el.tagName.toLowerCase(), text: (el.innerText || el.getAttribute("aria-label") || el.value || "").trim().slice(0, 20)});
}
found.sort((a, b) => Math.min(a.w, a.h) - Math.min(b.w, b.h));
return found;
"""

# Elements sticking out past the right edge of the viewport.
OVERFLOW = """
const width = document.documentElement.clientWidth;
const out = [];
for (const el of document.body.querySelectorAll("*")) {
  const r = el.getBoundingClientRect();
  if (r.right > width + 1 && r.width > 0 && r.height > 0) {
    out.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
             (el.classList.length ? "." + [...el.classList].join(".") : "") + ` (${Math.round(r.right)} px)`);
  }
}
return {scrollWidth: document.documentElement.scrollWidth, clientWidth: width, offenders: out.slice(0, 5)};
"""


@dataclass(frozen=True)
class Text:
    size: float  # px
    line_height: str  # computed, "normal" or "NNpx"
    sample: str


@dataclass(frozen=True)
class Target:
    width: float
    height: float
    label: str

    @property
    def side(self) -> float:
        return min(self.width, self.height)


@dataclass(frozen=True)
class Overflow:
    scroll_width: int
    client_width: int
    offenders: tuple[str, ...]

    @property
    def sideways(self) -> bool:
        return self.scroll_width > self.client_width


def emulate_phone(driver, width: int = PHONE[0], height: int = PHONE[1], scale: float = 2) -> None:
    """A phone's viewport (mobile: the page's meta viewport applies) until changed again."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": True},
    )


def smallest_text(driver) -> Text | None:
    found = driver.execute_script(SMALLEST_TEXT)
    if not found:
        return None
    sample = f"<{found['tag']} class='{found['cls']}'> {found['text']}"
    return Text(found["size"], found["lineHeight"], sample)


def targets(driver) -> list[Target]:
    """Visible links, buttons and form controls, smallest (shorter side) first."""
    return [
        Target(t["w"], t["h"], f"<{t['tag']}> {t['text']}".strip())
        for t in driver.execute_script(TARGETS)
    ]


def overflow(driver) -> Overflow:
    found = driver.execute_script(OVERFLOW)
    return Overflow(found["scrollWidth"], found["clientWidth"], tuple(found["offenders"]))


def overflow_at_zoom(driver, url: str, zoom: float = 2.0, width: int = PHONE[0]) -> Overflow:
    """Sideways overflow at `zoom` browser zoom on a `width`-px phone: the same layout as a
    viewport of width / zoom CSS px (200 % on 360 px is 180 px). Reloads `url` at that width,
    then puts the phone's viewport back (the page stays at the narrow layout until reloaded)."""
    emulate_phone(driver, round(width / zoom), round(PHONE[1] / zoom), scale=2 * zoom)
    try:
        driver.get(url)
        return overflow(driver)
    finally:
        emulate_phone(driver, width)
