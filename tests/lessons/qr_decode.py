"""Decode QR codes with zbar (Debian's zbar-tools), from PNG files or bytes."""

import shutil
import subprocess
import tempfile
from pathlib import Path

ZBARIMG = "zbarimg"


def decode_png(png: bytes | Path) -> list[str]:
    """Every QR code's text in the image. A missing zbarimg is an error, never a skip."""
    if shutil.which(ZBARIMG) is None:
        raise RuntimeError("zbarimg not found: apt-get install -y zbar-tools")
    with tempfile.TemporaryDirectory() as tmp:
        path = png if isinstance(png, Path) else Path(tmp) / "code.png"
        if not isinstance(png, Path):
            path.write_bytes(png)
        result = subprocess.run(
            [ZBARIMG, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
            capture_output=True,
            text=True,
        )
    return [line for line in result.stdout.splitlines() if line]
