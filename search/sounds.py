"""Words that sound alike: parents type Chinese with a pinyin keyboard and often pick the
wrong character of the same sound (焦绿 for 焦虑, 专住力 for 专注力, 发稍 for 发烧).

Such a typo is not in the dictionary, so segmentation leaves it as single characters
(焦 / 绿). A run of two or more single characters of the query whose toneless pinyin is that
of a thesaurus term is read as that term (search.query.analyse); the lessons never carry the
typo, so nothing is lost by it.
"""

import re

from pypinyin import lazy_pinyin

_CJK = re.compile(r"^[\u4e00-\u9fff]+$")


def is_chinese(text: str) -> bool:
    return bool(_CJK.match(text))


def key(text: str) -> str:
    """Toneless pinyin, syllables joined: 焦虑 and 焦绿 → jiao lv."""
    return " ".join(lazy_pinyin(text))


def index(terms) -> dict[str, tuple[str, ...]]:
    """pinyin → a term's token sequence, for Chinese terms of two characters or more. Where
    two terms sound the same, the first wins (groups come in a fixed order)."""
    found: dict[str, tuple[str, ...]] = {}
    for tokens in terms:
        text = "".join(tokens)
        if len(text) >= 2 and is_chinese(text):
            found.setdefault(key(text), tokens)
    return found
