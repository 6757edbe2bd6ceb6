"""Make the podcast's square cover art (lessons/static/lessons/podcast/artwork.jpg), once:

    .venv/bin/python -m lessons.programmes.podcast_artwork

Podcast directories ask for a square JPEG or PNG of 1400×1400 to 3000×3000 pixels in RGB;
this one is 1400×1400 (the smallest accepted: the fewest bytes for apps on a slow link). The
words are the programme's name in Noto Sans CJK (Debian's fonts-noto-cjk, the fonts the
handouts use). The file is committed; run this again only to change the design.
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = 1400
OUTPUT = Path(__file__).resolve().parent.parent / "static" / "lessons" / "podcast" / "artwork.jpg"
FONT_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"
FONT_REGULAR = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC = 2  # the Simplified Chinese face in the Noto CJK collections (JP, KR, SC, TC, HK)
BACKGROUND = (22, 84, 140)
SUN = (247, 183, 51)
TEXT = (255, 255, 255)
SUBTLE = (214, 228, 240)


def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=SC)


def _centred(draw: ImageDraw.ImageDraw, y: int, text: str, font, fill) -> None:
    left, _, right, _ = draw.textbbox((0, 0), text, font=font)
    draw.text(((SIZE - (right - left)) / 2 - left, y), text, font=font, fill=fill)


def make(output: Path = OUTPUT) -> Path:
    image = Image.new("RGB", (SIZE, SIZE), BACKGROUND)
    draw = ImageDraw.Draw(image)
    # A rising sun over a roof line: "light up ten million homes".
    draw.ellipse((SIZE / 2 - 230, 170, SIZE / 2 + 230, 630), fill=SUN)
    draw.rectangle((0, 470, SIZE, 640), fill=BACKGROUND)
    draw.polygon([(260, 600), (SIZE / 2, 420), (SIZE - 260, 600)], fill=TEXT)
    draw.rectangle((360, 600, SIZE - 360, 640), fill=TEXT)
    _centred(draw, 720, "网上云课堂", _font(FONT_BOLD, 190), TEXT)
    _centred(draw, 960, "点亮千万家", _font(FONT_REGULAR, 120), SUN)
    _centred(draw, 1180, "网上家长学校 · 每周一期", _font(FONT_REGULAR, 72), SUBTLE)
    output.parent.mkdir(parents=True, exist_ok=True)
    image.save(output, "JPEG", quality=85, optimize=True, progressive=False)
    return output


if __name__ == "__main__":
    print(make())
