"""The share image's design: the site's colours (lessons/templates/lessons/site.css), sizes and
the Chinese font. DESIGN_VERSION is part of every stored image's name: change it with the
design and every image is drawn again on its next request."""

import shutil
import subprocess
from dataclasses import dataclass
from functools import cache

from django.core.exceptions import ImproperlyConfigured

DESIGN_VERSION = "1"

BRAND = (0xC0, 0x39, 0x2B)  # --brand
INK = (0x1F, 0x29, 0x33)  # --ink
MUTED = (0x5F, 0x6B, 0x76)  # --muted
BACKGROUND = (0xFB, 0xF8, 0xF3)  # --bg
WHITE = (0xFF, 0xFF, 0xFF)

FONT_FAMILY = "Noto Sans CJK SC"
FONT_PACKAGE = "fonts-noto-cjk"


@dataclass(frozen=True)
class Variant:
    """One size of share image. `wide` is Open Graph's 1.91:1 (what QQ, Weibo and most
    apps show); `square` is what WeChat shows: a small square thumbnail beside the title."""

    name: str
    width: int
    height: int
    title_size: int  # px, the largest; long titles step down to `title_min`
    title_min: int
    label_size: int
    band: int  # the brand band's height at the top
    margin: int
    max_lines: int


WIDE = Variant("wide", 1200, 630, 72, 52, 34, 96, 72, 4)
SQUARE = Variant("square", 500, 500, 64, 44, 26, 64, 40, 5)
VARIANTS = {v.name: v for v in (WIDE, SQUARE)}


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int  # the face in a .ttc collection


def _match(style: str) -> FontFile:
    if shutil.which("fc-match") is None:
        raise ImproperlyConfigured(
            f"fc-match (fontconfig) is missing: install fontconfig and {FONT_PACKAGE}."
        )
    found = subprocess.run(  # noqa: S603 - a fixed program and pattern
        ["fc-match", "-f", "%{family}|%{file}|%{index}", f"{FONT_FAMILY}:{style}"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
        timeout=10,
    ).stdout
    family, _, rest = found.partition("|")
    path, _, index = rest.partition("|")
    if FONT_FAMILY not in family.split(",") or not path:
        raise ImproperlyConfigured(
            f"The share images need the {FONT_FAMILY} font (Debian: apt-get install "
            f"{FONT_PACKAGE}); fontconfig offers {family or 'nothing'} instead."
        )
    return FontFile(path, int(index or 0))


@cache
def font_file(bold: bool = True) -> FontFile:
    """The Noto Sans CJK SC face (bold or regular), found through fontconfig once per
    process; ImproperlyConfigured, saying what to install, when it is missing."""
    return _match("bold" if bold else "regular")
