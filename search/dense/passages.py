"""What of a lesson is embedded: the same fields the lexical index reads, as plain text.

Two passages a lesson: its gist (title, summary, topics, who it is for) — what a parent's
question is most often about — and its content (body, the five steps, key points,
transcript, captions), cut to what the model reads. A lesson scores the better of the two.
"""

import re
from hashlib import sha1

from django.db.models import Manager
from django.utils.encoding import force_str
from django.utils.html import strip_tags
from modelsearch.index import RelatedFields, SearchField

GIST_FIELDS = frozenset({"title", "summary", "audience_words"})
CONTENT_CHARS = 400  # ~280 model tokens: ~0.4 s of one core to embed

_SPACE = re.compile(r"\s+")


def _plain(value) -> str:
    if isinstance(value, list | tuple):
        value = " ".join(map(force_str, value))
    return _SPACE.sub(" ", strip_tags(force_str(value))).strip()


def _values(obj, fields):
    for field in fields:
        if isinstance(field, SearchField):
            value = field.get_value(obj)
            if callable(value):
                value = value()
            if value:
                yield field.field_name, _plain(value)
        elif isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if isinstance(related, Manager):
                for item in related.all():
                    for _name, value in _values(item, field.fields):
                        yield field.field_name, value


def lesson_passages(page) -> list[str]:
    """[gist, content] of a specific lesson page (content left out when empty)."""
    gist, content = [], []
    for name, value in _values(page, page.get_search_fields()):
        (gist if name in GIST_FIELDS or name == "topics" else content).append(value)
    passages = ["。".join(gist)]
    body = " ".join(content)[:CONTENT_CHARS]
    if body:
        passages.append(body)
    return passages


def fingerprint(model_name: str, passages: list[str]) -> str:
    """Changes when the text or the model does: an unchanged lesson is not embedded again."""
    return sha1("\x1e".join([model_name, *passages]).encode()).hexdigest()
