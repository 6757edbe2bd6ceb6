"""Reading one line of a lesson file into a checked Record (no database access)."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from media_pipeline.probe import ProbeResult

from ..audience import Audience
from ..models import FIVE_STEPS, Organisation, importable_kinds, kind_of
from ..models.registry import ImportField, ImportForm, LessonKind
from ..models.steps import TEXT
from ..taxonomy import ALL_STAGES

COMMON_KEYS = {
    "id",
    "kind",
    "title",
    "summary",
    "body",
    "stages",
    "grades",
    "topics",
    "organisation",
}


class LineError(Exception):
    pass


@dataclass
class Record:
    line: int
    data: dict
    audience: Audience
    organisation: Organisation | None = None
    parent_id: str | None = None  # the page it is placed under (a micro-lesson's series)
    position: int = 0  # its place among the pages placed under that one
    video_path: Path | None = None  # checked video file to attach
    video_source: ProbeResult | None = None  # what checking it found (probed once)

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def kind(self) -> str:
        return self.data["kind"]

    @property
    def lesson_kind(self) -> LessonKind:
        return kind_of(self.kind)


def _text(data, key, *, required=True, max_length=None) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise LineError(_("'%(key)s' must be a string") % {"key": key})
    value = value.strip()
    if required and not value:
        raise LineError(_("'%(key)s' is required") % {"key": key})
    if max_length and len(value) > max_length:
        raise LineError(
            _("'%(key)s' is longer than %(max)d characters") % {"key": key, "max": max_length}
        )
    return value


def _texts(data, key, *, required=False) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LineError(_("'%(key)s' must be a list of non-empty strings") % {"key": key})
    if required and not value:
        raise LineError(_("'%(key)s' must not be empty") % {"key": key})
    return [v.strip() for v in value]


def parse_line(number: int, raw: str) -> Record:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LineError(_("not valid JSON (%(error)s)") % {"error": exc.msg}) from exc
    if not isinstance(data, dict):
        raise LineError(_("each line must be a JSON object"))
    kind = kind_of(data.get("kind")) if isinstance(data.get("kind"), str) else None
    if kind is None or not kind.importable:
        raise LineError(
            _("unknown kind %(kind)r; use one of %(kinds)s")
            % {"kind": data.get("kind"), "kinds": ", ".join(k.code for k in importable_kinds())}
        )
    unknown = sorted(set(data) - COMMON_KEYS - kind.import_keys)
    if unknown:
        raise LineError(_("unknown field(s): %(keys)s") % {"keys": ", ".join(unknown)})
    _text(data, "id", max_length=100)
    _text(data, "title", max_length=255)
    _text(data, "summary", max_length=300)
    _text(data, "body", required=False)
    stages = _texts(data, "stages", required=True)
    grades = _texts(data, "grades")
    _texts(data, "topics")
    if any(len(t) > 40 for t in data.get("topics", [])):
        raise LineError(_("topic names are at most 40 characters"))
    all_stages = ALL_STAGES in stages
    if all_stages and len(stages) > 1:
        raise LineError(_("'all' cannot be combined with other stages"))
    audience = Audience(
        all_stages=all_stages,
        stage_codes=frozenset() if all_stages else frozenset(stages),
        grade_codes=frozenset(grades),
    )
    if problems := audience.errors():
        raise LineError("; ".join(problems))
    if "organisation" in data:
        _text(data, "organisation")
    record = Record(line=number, data=data, audience=audience)
    for field in kind.import_fields:
        _check_field(record, kind, field)
    return record


def _check_field(record: Record, kind: LessonKind, field: ImportField) -> None:
    data, key = record.data, field.key
    if field.form == ImportForm.TEXT:
        max_length = kind.model._meta.get_field(key).max_length
        _text(data, key, required=False, max_length=max_length)
    elif field.form in (ImportForm.ITEMS, ImportForm.MEMBERS):
        _texts(data, key)
    elif field.form == ImportForm.PARENT:
        if key in data:
            record.parent_id = _text(data, key)
    elif field.form == ImportForm.VIDEO:
        if key in data:
            _text(data, key)
    elif field.form == ImportForm.STEPS:
        _check_steps(data.get(key))


def _check_steps(steps) -> None:
    if not isinstance(steps, dict):
        raise LineError(_("a required lesson needs 'steps' with all five steps"))
    unknown = sorted(set(steps) - {step.key for step in FIVE_STEPS})
    if unknown:
        raise LineError(_("unknown step(s): %(keys)s") % {"keys": ", ".join(unknown)})
    for step in FIVE_STEPS:
        value = steps.get(step.key)
        if step.form == TEXT:
            ok = isinstance(value, str) and value.strip()
        else:
            ok = (
                isinstance(value, list)
                and value
                and all(isinstance(v, str) and v.strip() for v in value)
            )
        if not ok:
            raise LineError(
                _("step %(number)d '%(key)s' is missing or empty")
                % {"number": step.number, "key": step.key}
            )


def read_lines(lines: Iterable[str]) -> tuple[list[Record], list[tuple[int, str]]]:
    records, errors = [], []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            records.append(parse_line(number, raw))
        except LineError as exc:
            errors.append((number, str(exc)))
    return records, errors
