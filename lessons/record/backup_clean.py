"""What a record backup may hold: the record as lessons/static/lessons/learning.js keeps it
(its clean(): one entry per lesson id), checked field by field on the server. Only these
fields are stored; any other key, at any level, is dropped. A value of the wrong type, a
string too long or with a control character (NUL included) or a lone surrogate, a number
that is not a finite non-negative one, more than MAX_LESSONS lessons: the whole record is
refused (BadRecord), so that nothing the parent did not mean to keep is stored.

    {"v": 1, "lessons": {"<id>": {id, kind, title, url, media, done, position, duration,
                                   learned_at, updated_at[, attended, attended_at]}}}
"""

import math
import re

from django.utils.translation import gettext as _

MAX_LESSONS = 300  # learning.js keeps as many
MAX_NUMBER = 10**15  # a millisecond timestamp is about 1.8e12; a position in seconds far less
MAX_DONE = 20
MAX_URL_CHARS = 500
TEXTS = {"kind": 40, "title": 300, "media": 12}  # field: most characters (as learning.js)
MAX_ATTENDED_CHARS = 200  # a signed attendance token (lessons.record.certificates)
_ID = re.compile(r"[0-9]{1,10}")
_SITE_PATH = re.compile(r"/(?![/\\])\S*")  # on this site: not //host/… nor /\host/…
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadRecord(ValueError):
    """A record that cannot be stored; the message is for the parent."""


def _refuse():
    return BadRecord(_("The learning record is not valid."))


def _text(value, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit or _CONTROL.search(value):
        raise _refuse()
    try:
        value.encode("utf-8")  # a lone surrogate cannot be stored
    except UnicodeEncodeError:
        raise _refuse() from None
    return value


def _number(value):
    # bool is an int in Python, not in JSON: refused.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _refuse()
    if not (math.isfinite(value) and 0 <= value <= MAX_NUMBER):
        raise _refuse()
    return value


def _url(value) -> str:
    url = _text(value, MAX_URL_CHARS)
    if url and not _SITE_PATH.fullmatch(url):
        raise _refuse()
    return url


def _done(value) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_DONE:
        raise _refuse()
    return [_text(media, TEXTS["media"]) for media in value]


def clean_entry(key, entry) -> dict:
    """One lesson's entry, with learning.js's defaults for a missing field."""
    if not isinstance(key, str) or not _ID.fullmatch(key) or not isinstance(entry, dict):
        raise _refuse()
    if "id" in entry and entry["id"] != key:
        raise _refuse()
    cleaned = {"id": key}
    for field, limit in TEXTS.items():
        cleaned[field] = _text(entry.get(field, ""), limit)
    cleaned["url"] = _url(entry.get("url", ""))
    cleaned["done"] = _done(entry.get("done", []))
    cleaned["position"] = _number(entry.get("position", 0))
    cleaned["duration"] = _number(entry.get("duration", 0))
    learned_at = entry.get("learned_at")
    cleaned["learned_at"] = None if learned_at is None else _number(learned_at)
    cleaned["updated_at"] = _number(entry.get("updated_at", 0))
    if "attended" in entry:  # optional: kept as sent ('' when none, as learning.js keeps it)
        attended = entry["attended"]
        cleaned["attended"] = "" if attended is None else _text(attended, MAX_ATTENDED_CHARS)
    if "attended_at" in entry:
        attended_at = entry["attended_at"]
        cleaned["attended_at"] = None if attended_at is None else _number(attended_at)
    return cleaned


def clean_record(record) -> dict:
    """The record as it may be stored; BadRecord with a message for the parent otherwise."""
    if not isinstance(record, dict) or type(record.get("v")) is not int or record["v"] != 1:
        raise _refuse()
    lessons = record.get("lessons")
    if not isinstance(lessons, dict):
        raise _refuse()
    if len(lessons) > MAX_LESSONS:
        raise BadRecord(
            _("The learning record has too many lessons: at most %(max)d.") % {"max": MAX_LESSONS}
        )
    return {"v": 1, "lessons": {key: clean_entry(key, entry) for key, entry in lessons.items()}}
