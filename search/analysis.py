"""Chinese text analysis shared by every search backend (index time and query time alike).

normalise: NFKC (full-width → half-width letters, digits and punctuation), lower case, accents
folded (café → cafe), and traditional → simplified characters (OpenCC t2s), so 焦慮 finds 焦虑,
ＡＢＣ finds abc and cafe finds Café.

Segmentation: jieba's dictionary through rjieba (jieba-rs, ~30× faster than jieba 0.42 and
loaded in ~0.3 s), with the HMM new-word guesser off: it joins unknown runs differently in a
short query than in a long document (不爱写 vs 不/爱/写), which loses matches. Documents are
cut in search mode (each long word also yields its dictionary sub-words: 网络游戏 → 网络,
游戏, 网络游戏), queries in precise mode, so every query word is one of the document's tokens.
"""

import functools
import re
import unicodedata

import opencc
import rjieba
from django.utils.html import strip_tags

# Words the platform's content uses that jieba's general dictionary splits apart.
DOMAIN_WORDS = (
    "家校社", "家校社协同", "协同育人", "家校共育", "双减", "幼小衔接", "小初衔接", "初高衔接",
    "网上云课堂", "云课堂", "教联体", "家长学校", "网上家长学校", "家长开学第一课", "开学第一课",
    "理念引领课", "必修课", "自修课", "微课", "五步法", "班主任", "家庭教育促进法", "亲子沟通",
    "亲子关系", "隔代教养", "留守儿童", "青春期", "网瘾", "厌学", "手机依赖", "心理健康",
    "情绪管理", "时间管理", "劳动教育", "生命教育", "家风", "二孩", "二胎", "三孩",
    # grades as parents name them (上一年级前 was cut 上一年 / 级)
    "一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "初一", "初二", "初三", "高一",
    "高二", "高三", "小班", "中班", "大班", "九年级", "家校沟通",
)  # fmt: skip

# Words that carry no topic in a parent's question (怎么办, 如何, 的 …). Dropped from queries
# only; documents keep them so a phrase search can still see them.
STOP_WORDS = frozenset(
    "的 了 吗 呢 吧 啊 呀 和 与 及 或 在 是 有 我 你 他 她 它 我们 你们 我家 自己 这 那 这个 那个 "
    "怎么 怎么办 怎样 如何 什么 为什么 哪些 应该 可以 能 会 要 该 办 呢 一下 一些 还是 总是 "
    "老是 非常 很 太 都 也 就 还 又 对 把 被 让 给 从 到 为 以及 关于 请问".split()
)

_WORD = re.compile(r"\w", re.UNICODE)
_ACCENTS = re.compile("[\u0300-\u036f]")
_LATIN_OR_DIGIT = re.compile(r"[0-9a-z]", re.ASCII)
_t2s = opencc.OpenCC("t2s")


@functools.cache
def _segmenter() -> rjieba.Jieba:
    jieba = rjieba.Jieba()
    for word in DOMAIN_WORDS:
        jieba.add_word(word, None, None)
    return jieba


def preload() -> None:
    """Load the dictionary now (workers and web processes call this at start-up)."""
    _segmenter()


def _fold_accents(text: str) -> str:
    """Drop the combining diacritical marks (U+0300–U+036F) of Latin letters: é → e.
    Other combining marks (Japanese dakuten …) stay."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", _ACCENTS.sub("", decomposed))


def normalise(text: str) -> str:
    return _t2s.convert(_fold_accents(unicodedata.normalize("NFKC", text).lower()))


def _document_text(text: str) -> str:
    return normalise(strip_tags(text))


def _words(tokens) -> list[str]:
    return [t for t in (token.strip() for token in tokens) if t and _WORD.search(t)]


def document_tokens(text: str) -> list[str]:
    """Tokens to index for a document: search-mode cut of the normalised text."""
    return _words(_segmenter().cut_for_search(_document_text(text), False))


def document_text(text: str) -> str:
    """The document as space-separated tokens, the form every backend's index stores."""
    return " ".join(document_tokens(text))


def query_tokens(text: str) -> list[str]:
    """A query's words in order (precise mode), stop words included."""
    return _words(_segmenter().cut(normalise(text), False))


def term_tokens(term: str) -> tuple[str, ...]:
    """A synonym term as the token sequence a query containing it is cut into."""
    return tuple(query_tokens(term))


def is_stop_word(token: str) -> bool:
    return token in STOP_WORDS


def has_latin_or_digit(token: str) -> bool:
    """Letters and digits (b, d, 3, ipad) carry meaning even alone, unlike a lone Chinese
    character (不, 爱, 写)."""
    return bool(_LATIN_OR_DIGIT.search(token))
