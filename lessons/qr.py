"""QR codes for lesson links (segno): SVG for screens and print, PNG for chat apps."""

import io

import segno

# Level M survives a smudged print or a phone photo of a projector screen.
ERROR_LEVEL = "m"


def qr_svg(url: str, scale: int = 4) -> str:
    """An SVG document (no XML declaration, so it can be inlined in HTML)."""
    buffer = io.BytesIO()
    segno.make_qr(url, error=ERROR_LEVEL).save(
        buffer, kind="svg", scale=scale, border=4, xmldecl=False, svgclass="qr", lineclass=None
    )
    return buffer.getvalue().decode()


def qr_png(url: str, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make_qr(url, error=ERROR_LEVEL).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
