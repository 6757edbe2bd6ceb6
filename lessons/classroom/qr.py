"""QR codes for lesson links (segno): SVG for screens and print, PNG for chat apps."""

import io

import segno

# Level M survives a smudged print or a phone photo of a projector screen.
ERROR_LEVEL = "m"


def _render(url: str, kind: str, scale: int, **options) -> bytes:
    buffer = io.BytesIO()
    segno.make_qr(url, error=ERROR_LEVEL).save(buffer, kind=kind, scale=scale, border=4, **options)
    return buffer.getvalue()


def qr_svg(url: str, scale: int = 4) -> str:
    """An SVG document (no XML declaration, so it can be inlined in HTML)."""
    return _render(url, "svg", scale, xmldecl=False, svgclass="qr", lineclass=None).decode()


def qr_png(url: str, scale: int = 8) -> bytes:
    return _render(url, "png", scale)
