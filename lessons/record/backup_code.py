"""The recovery code of a record backup: 12 characters of Crockford's base32 (60 random bits
from `secrets`), shown as XXXX-XXXX-XXXX. Only its SHA-256 is stored.

What a parent types is forgiven the way Crockford's alphabet intends: any case, spaces and
dashes anywhere, O for 0, I and L for 1; and the full-width letters, digits, spaces and
dashes a Chinese input method may produce (Unicode NFKC folds them to ASCII).
"""

import hashlib
import re
import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 12
GROUP = 4
MAX_INPUT_CHARS = 64  # a code with generous spacing; anything longer is not a code
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Spaces, ASCII and Unicode dashes (hyphen … horizontal bar, minus sign, the IME's ——).
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\u30fc]+")


def new_code() -> str:
    """A fresh code, normalised (no dashes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def display(code: str) -> str:
    """ABCDEFGHJKMN → ABCD-EFGH-JKMN."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise(text) -> str | None:
    """The code in `text` as stored (12 characters of ALPHABET), or None if it is not one."""
    if not isinstance(text, str) or len(text) > MAX_INPUT_CHARS:
        return None
    folded = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()
    code = folded.translate(_LOOK_ALIKES)
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def code_hash(code: str) -> str:
    """The stored form of a normalised code: SHA-256, 64 hex digits."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()
