"""Write the site's icons into lessons/static/lessons/icons/ (committed; run again only when
the design changes):

    .venv/bin/python -m lessons.sharing.make_icons

家 in white, bold Noto Sans CJK SC, on the brand red (lessons/templates/lessons/site.css):
favicon.ico (16 and 32 px), apple-touch-icon.png (180, square: iOS rounds the corners),
icon-192/512.png (rounded corners, for the manifest's "any") and maskable-192/512.png (full
bleed, the glyph inside the central 80% circle that Android's masks keep).
"""

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .design import BRAND, WHITE, font_file

OUT = Path(__file__).resolve().parent.parent / "static" / "lessons" / "icons"
GLYPH = "家"
SCALE = 4  # drawn this much larger, then reduced: smooth edges


def icon(size: int, *, glyph_share: float, radius_share: float = 0.0) -> Image.Image:
    """A square icon: the brand colour (corners rounded by radius_share of the size,
    transparent outside) and the glyph filling glyph_share of it."""
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=int(big * radius_share), fill=BRAND)
    face = font_file(bold=True)
    font = ImageFont.truetype(face.path, int(big * glyph_share), index=face.index)
    left, top, right, bottom = draw.textbbox((0, 0), GLYPH, font=font)  # the ink, centred
    draw.text(((big - left - right) / 2, (big - top - bottom) / 2), GLYPH, font=font, fill=WHITE)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    written = {
        "apple-touch-icon.png": icon(180, glyph_share=0.62).convert("RGB"),
        "icon-192.png": icon(192, glyph_share=0.62, radius_share=0.2),
        "icon-512.png": icon(512, glyph_share=0.62, radius_share=0.2),
        "maskable-192.png": icon(192, glyph_share=0.5).convert("RGB"),
        "maskable-512.png": icon(512, glyph_share=0.5).convert("RGB"),
    }
    for name, image in written.items():
        image.save(OUT / name, "PNG", optimize=True)
    small = [icon(n, glyph_share=0.86, radius_share=0.15) for n in (16, 32)]
    small[1].save(OUT / "favicon.ico", format="ICO", sizes=[(16, 16), (32, 32)],
                  append_images=[small[0]])  # fmt: skip
    for path in sorted(OUT.iterdir()):
        sys.stdout.write(f"{path.relative_to(OUT.parent.parent.parent.parent)}\n")


if __name__ == "__main__":
    main()
