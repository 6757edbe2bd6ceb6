"""A short piece of a lesson's text around the words that matched, with them marked."""

import re
from html import unescape

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from .analysis import normalise

WIDTH = 80


def _pattern(terms) -> re.Pattern | None:
    words = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(map(re.escape, words)))


def snippet(texts, terms, width: int = WIDTH) -> SafeString:
    """The first text containing a term, cut to about `width` characters around the first
    match, HTML-escaped, with every term wrapped in <mark>. Falls back to the first text.

    Terms are normalised (simplified, half-width, lower case); the text is matched in its
    normalised form, which has the same length character for character, and shown as written.
    """
    # Rich text arrives as HTML: tags out, entities back to characters (`&amp;` → `&`), so
    # that the one escape() below is the only one (else the parent reads "A &amp; B").
    texts = [" ".join(unescape(strip_tags(t)).split()) for t in texts if t and t.strip()]
    if not texts:
        return mark_safe("")
    pattern = _pattern(terms)
    for text in texts:
        folded = normalise(text)
        if pattern is None or len(folded) != len(text):
            continue
        first = pattern.search(folded)
        if first:
            start = max(0, min(first.start() - width // 4, len(text) - width))
            return _marked(text, folded, pattern, start, start + width)
    return mark_safe(escape(texts[0][:width]) + ("…" if len(texts[0]) > width else ""))


def _marked(text, folded, pattern, start, end) -> SafeString:
    parts = ["…" if start > 0 else ""]
    cursor = start
    for match in pattern.finditer(folded, start, end):
        parts.append(escape(text[cursor : match.start()]))
        parts.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        cursor = match.end()
    parts.append(escape(text[cursor:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))
