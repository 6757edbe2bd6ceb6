"""Verification codes of star certificates: 10 Crockford base32 characters, random.

Stored without punctuation (e.g. "7K3QX9M2TB"), printed in two groups (7K3QX-9M2TB). A code
read back from paper or typed by a school is normalised first: full-width characters folded
(NFKC), upper case, dashes and spaces dropped, the letters Crockford leaves out read as the
digits they look like (O → 0, I and L → 1). 32¹⁰ codes: guessing one that exists is hopeless.
"""

import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_CHARS = 10
GROUP = 5
LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
SEPARATORS = frozenset(" -_.\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30fc\u00a0\t\r\n")
MAX_INPUT_CHARS = 40


def new_code() -> str:
    """A fresh random code (the caller makes sure it is not taken)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_CHARS))


def display_code(code: str) -> str:
    """The printed form: 7K3QX9M2TB → 7K3QX-9M2TB."""
    return f"{code[:GROUP]}-{code[GROUP:]}"


def normalise_code(text) -> str | None:
    """The stored form of a typed or printed code; None when it cannot be one."""
    if not isinstance(text, str) or len(text) > MAX_INPUT_CHARS:
        return None
    folded = unicodedata.normalize("NFKC", text).upper().translate(LOOK_ALIKES)
    code = "".join(char for char in folded if char not in SEPARATORS)
    if len(code) != CODE_CHARS or any(char not in ALPHABET for char in code):
        return None
    return code
