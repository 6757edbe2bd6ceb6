"""Drawing share images with Pillow: a lesson's title on the site's design, or its cover
fitted to the size. Both return the encoded bytes; storing them is images.py's job."""

import io
import unicodedata

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .design import BACKGROUND, BRAND, INK, WHITE, Variant, font_file

ELLIPSIS = "…"
# Never at the start of a line (Chinese line breaking): they stay on the line before.
CLOSING = set("，。、！？；：）」』】》〉”’,.!?;:)]}%")


def _font(size: int, bold: bool = True) -> ImageFont.FreeTypeFont:
    face = font_file(bold)
    return ImageFont.truetype(face.path, size, index=face.index)


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _tokens(text: str) -> list[str]:
    """Break opportunities: each CJK character alone, Latin words and spaces whole."""
    tokens: list[str] = []
    for char in text:
        joins = tokens and not _is_wide(char) and not char.isspace()
        if joins and not _is_wide(tokens[-1][-1]) and not tokens[-1].isspace():
            tokens[-1] += char
        else:
            tokens.append(char)
    return tokens


def wrap(text: str, font, width: int) -> list[str]:
    """The text in lines no wider than `width` (a word longer than a line is cut)."""
    lines, line = [], ""
    for token in _tokens(" ".join(text.split())):
        if font.getlength(line + token) <= width or (token in CLOSING and line):
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = "" if token.isspace() else token
        while font.getlength(line) > width and len(line) > 1:  # a very long word
            cut = len(line) - 1
            while cut > 1 and font.getlength(line[:cut]) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _fit_title(title: str, variant: Variant, width: int):
    """(font, lines): the largest size at which the title fits in max_lines; at the
    smallest, the last line ends with an ellipsis."""
    size = variant.title_size
    while True:
        font = _font(size)
        lines = wrap(title, font, width)
        if len(lines) <= variant.max_lines or size <= variant.title_min:
            break
        size -= 4
    if len(lines) > variant.max_lines:
        lines = lines[: variant.max_lines]
        last = lines[-1]
        while last and font.getlength(last + ELLIPSIS) > width:
            last = last[:-1]
        lines[-1] = last + ELLIPSIS
    return font, lines


def title_card(title: str, label: str, site_name: str, variant: Variant) -> bytes:
    """The title on the site's design as PNG: the brand band with the site's name, the kind
    of lesson in a tag, the title in large bold type, a brand rule at the foot."""
    w, h, m = variant.width, variant.height, variant.margin
    image = Image.new("RGB", (w, h), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, w, variant.band), fill=BRAND)
    name_font = _font(variant.label_size)
    draw.text((m, variant.band // 2), site_name, font=name_font, fill=WHITE, anchor="lm")
    y = variant.band + m // 2
    if label:
        label_font = _font(variant.label_size, bold=False)
        pad = variant.label_size // 3
        right = m + label_font.getlength(label) + 2 * pad
        bottom = y + variant.label_size + 2 * pad
        draw.rounded_rectangle((m, y, right, bottom), radius=pad, outline=BRAND, width=3)
        draw.text((m + pad, (y + bottom) // 2), label, font=label_font, fill=BRAND, anchor="lm")
        y = bottom + m // 2
    font, lines = _fit_title(title, variant, w - 2 * m)
    line_height = round(font.size * 1.3)
    foot = h - m // 2
    top = y + max(0, (foot - y - line_height * len(lines)) // 2)  # centred in what is left
    for n, line in enumerate(lines):
        draw.text((m, top + n * line_height), line, font=font, fill=INK, anchor="la")
    draw.rectangle((0, h - m // 4, w, h), fill=BRAND)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def cover_card(file, variant: Variant, centre=(0.5, 0.5)) -> bytes:
    """The cover image cropped to the variant's size around `centre` (the focal point, as
    fractions of the width and height), enlarged if it is smaller, as JPEG."""
    with Image.open(file) as original:
        original.draft("RGB", (variant.width * 2, variant.height * 2))  # JPEG: decode smaller
        picture = ImageOps.exif_transpose(original).convert("RGB")
    fitted = ImageOps.fit(
        picture, (variant.width, variant.height), Image.Resampling.LANCZOS, centering=centre
    )
    out = io.BytesIO()
    fitted.save(out, "JPEG", quality=85, optimize=True, progressive=True)
    return out.getvalue()
