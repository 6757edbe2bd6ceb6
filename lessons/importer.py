"""Bulk import of existing lesson libraries from JSON Lines (see docs/import-format.md).

All or nothing: every line is checked first (each problem reported as
``line N: reason``), then all lessons are written and published in one
transaction. Idempotent by external id: importing again updates in place.
References between lessons (series, micro-lessons) resolve in any line order.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.models import Page
from wagtail.rich_text import RichText

from .access import organisation_by_path
from .audience import Audience
from .models import KINDS, Grade, LessonPage, Organisation, Stage, Topic
from .taxonomy import ALL_STAGES

COMMON_KEYS = {"id", "kind", "title", "summary", "body", "stages", "grades", "topics", "organisation"}
KIND_KEYS = {
    "concept": {"speaker", "speaker_title"},
    "required": {"steps"},
    "self_study": {"lessons"},
    "micro": {"transcript", "series", "key_points", "video"},
}
STEP_KEYS = ("lead_in", "discussion", "summary", "practice", "consolidation")
# Parents are written before the pages that point at them.
WRITE_ORDER = ("self_study", "micro", "concept", "required")


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


class LineError(Exception):
    pass


@dataclass
class Record:
    line: int
    data: dict
    audience: Audience
    organisation: Organisation | None = None
    series_id: str | None = None  # micro-lessons: the series they belong to
    position: int = 0  # micro-lessons: place within the series

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def kind(self) -> str:
        return self.data["kind"]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    warnings: list[str] = field(default_factory=list)


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


def _parse_line(number: int, raw: str) -> Record:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LineError(_("not valid JSON (%(error)s)") % {"error": exc.msg}) from exc
    if not isinstance(data, dict):
        raise LineError(_("each line must be a JSON object"))
    kind = data.get("kind")
    if kind not in KINDS:
        raise LineError(
            _("unknown kind %(kind)r; use one of %(kinds)s")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )
    unknown = sorted(set(data) - COMMON_KEYS - KIND_KEYS[kind])
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
    if kind == "micro":
        _text(data, "transcript", required=False)
        _texts(data, "key_points")
        if "series" in data:
            record.series_id = _text(data, "series")
    elif kind == "self_study":
        _texts(data, "lessons")
    elif kind == "required":
        _check_steps(data.get("steps"))
    elif kind == "concept":
        _text(data, "speaker", required=False, max_length=80)
        _text(data, "speaker_title", required=False, max_length=120)
    return record


def _check_steps(steps) -> None:
    if not isinstance(steps, dict):
        raise LineError(_("a required lesson needs 'steps' with all five steps"))
    unknown = sorted(set(steps) - set(STEP_KEYS))
    if unknown:
        raise LineError(_("unknown step(s): %(keys)s") % {"keys": ", ".join(unknown)})
    for number, key in enumerate(STEP_KEYS, start=1):
        value = steps.get(key)
        if key == "lead_in":
            ok = isinstance(value, str) and value.strip()
        else:
            ok = isinstance(value, list) and value and all(
                isinstance(v, str) and v.strip() for v in value
            )
        if not ok:
            raise LineError(
                _("step %(number)d '%(key)s' is missing or empty") % {"number": number, "key": key}
            )


def _read(lines: Iterable[str]) -> tuple[list[Record], list[str]]:
    records, errors = [], []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            records.append(_parse_line(number, raw))
        except LineError as exc:
            errors.append(f"line {number}: {exc}")
    return records, errors


class _Resolver:
    """Cross-line checks: ids, references, organisations, series membership."""

    def __init__(self, records: list[Record]):
        self.records = records
        self.by_id: dict[str, Record] = {}
        self.errors: list[str] = []
        self.orgs = organisation_by_path()
        self.existing = {
            p.external_id: p
            for p in LessonPage.objects.filter(external_id__in=[r.id for r in records]).specific()
        }
        ref_ids = {ref for r in records for ref in self._refs(r)}
        self.existing_refs = {
            p.external_id: p
            for p in LessonPage.objects.filter(external_id__in=ref_ids).specific()
        }

    @staticmethod
    def _refs(record: Record) -> list[str]:
        data = record.data
        if record.kind == "self_study":
            return data.get("lessons", [])
        if record.kind == "required":
            return data["steps"]["consolidation"]
        if record.kind == "micro" and record.series_id:
            return [record.series_id]
        return []

    def error(self, record: Record, message: str) -> None:
        self.errors.append(f"line {record.line}: {message}")

    def kind_of(self, ref: str) -> str | None:
        if ref in self.by_id:
            return self.by_id[ref].kind
        page = self.existing_refs.get(ref)
        return page.kind if page else None

    def resolve(self) -> None:
        for record in self.records:
            if record.id in self.by_id:
                self.error(
                    record,
                    _("id %(id)r already used on line %(line)d")
                    % {"id": record.id, "line": self.by_id[record.id].line},
                )
                continue
            self.by_id[record.id] = record
            page = self.existing.get(record.id)
            if page is not None and page.kind != record.kind:
                self.error(
                    record,
                    _("id %(id)r is an existing lesson of another kind (%(kind)s)")
                    % {"id": record.id, "kind": page.kind},
                )
            self._resolve_organisation(record)
        for record in self.records:
            self._check_references(record)
        self._assign_series()

    def _resolve_organisation(self, record: Record) -> None:
        path = record.data.get("organisation")
        if path is None:
            roots = [o for o in self.orgs.values() if o.parent_id is None]
            if len(roots) != 1:
                self.error(record, _("name an 'organisation' (there is no single top one)"))
                return
            record.organisation = roots[0]
        elif path.strip() in self.orgs:
            record.organisation = self.orgs[path.strip()]
        else:
            self.error(record, _("unknown organisation %(path)r") % {"path": path})

    def _check_references(self, record: Record) -> None:
        wanted = "self_study" if record.kind == "micro" else "micro"
        for ref in self._refs(record):
            kind = self.kind_of(ref)
            if kind is None:
                self.error(record, _("refers to unknown lesson id %(id)r") % {"id": ref})
            elif kind != wanted:
                self.error(
                    record,
                    _("%(id)r is a %(kind)s, expected a %(wanted)s")
                    % {"id": ref, "kind": kind, "wanted": wanted},
                )

    def _assign_series(self) -> None:
        """A series' 'lessons' list sets membership and order; a micro's 'series' must agree."""
        for series in (r for r in self.records if r.kind == "self_study"):
            for position, ref in enumerate(series.data.get("lessons", [])):
                micro = self.by_id.get(ref)
                if micro is None:
                    continue  # an existing micro-lesson outside the file: moved in at write time
                if micro.series_id not in (None, series.id):
                    self.error(
                        series,
                        _("%(micro)r is listed here but names series %(other)r")
                        % {"micro": ref, "other": micro.series_id},
                    )
                micro.series_id, micro.position = series.id, position
        for micro in (r for r in self.records if r.kind == "micro" and r.series_id):
            series = self.by_id.get(micro.series_id)
            if series is None:
                continue
            if "organisation" in micro.data and micro.organisation != series.organisation:
                self.error(micro, _("a micro-lesson must belong to its series' organisation"))
            micro.organisation = series.organisation


class _Writer:
    def __init__(self, resolver: _Resolver, report: ImportReport):
        self.resolver = resolver
        self.report = report
        self.pages: dict[str, LessonPage] = dict(resolver.existing_refs)
        self.topics = {t.name: t for t in Topic.objects.all()}
        self.stages = {s.pk: s for s in Stage.objects.all()}
        self.grades = {g.pk: g for g in Grade.objects.all()}

    def write(self) -> None:
        records = sorted(
            self.resolver.records,
            key=lambda r: (WRITE_ORDER.index(r.kind), r.series_id or "", r.position, r.line),
        )
        for record in records:
            try:
                self.pages[record.id] = self._upsert(record)
            except ValidationError as exc:
                raise ImportFailed([f"line {record.line}: {_flatten(exc)}"]) from exc
        for record in records:
            if record.kind == "self_study":
                self._order_series(record)

    def _parent_for(self, record: Record) -> Page:
        if record.series_id:
            return self.pages[record.series_id]
        return record.organisation.section

    def _upsert(self, record: Record) -> LessonPage:
        parent = Page.objects.get(pk=self._parent_for(record).pk)  # fresh tree position
        page = self.resolver.existing.get(record.id)
        if page is None:
            model = KINDS[record.kind]
            slug = find_available_slug(parent, slugify(record.id) or "lesson")
            page = model(external_id=record.id, slug=slug)
            self._fill(page, record)
            parent.add_child(instance=page)
            self.report.created += 1
        else:
            if page.get_parent().pk != parent.pk:
                Page.objects.get(pk=page.pk).move(parent, pos="last-child")
                page = LessonPage.objects.get(pk=page.pk).specific
            self._fill(page, record)
            self.report.updated += 1
        page.save_revision().publish()
        return page

    def _fill(self, page: LessonPage, record: Record) -> None:
        data = record.data
        page.title = data["title"].strip()
        page.summary = data["summary"].strip()
        page.body = [
            ("paragraph", RichText(f"<p>{escape(p.strip())}</p>"))
            for p in data.get("body", "").split("\n")
            if p.strip()
        ]
        page.all_stages = record.audience.all_stages
        page.stages.set([self.stages[c] for c in sorted(record.audience.stage_codes)])
        page.grades.set([self.grades[c] for c in sorted(record.audience.grade_codes)])
        page.topics.set([self._topic(name) for name in data.get("topics", [])])
        if record.kind == "micro":
            page.transcript = data.get("transcript", "").strip()
            page.key_points = [("item", p) for p in data.get("key_points", [])]
            if data.get("video"):
                self.report.warnings.append(
                    f"line {record.line}: "
                    + _("video %(path)s not attached: the media pipeline is not installed yet")
                    % {"path": data["video"]}
                )
        elif record.kind == "concept":
            page.speaker = data.get("speaker", "").strip()
            page.speaker_title = data.get("speaker_title", "").strip()
        elif record.kind == "required":
            steps = data["steps"]
            page.lead_in_intro = f"<p>{escape(steps['lead_in'].strip())}</p>"
            page.discussion_questions = [("item", q) for q in steps["discussion"]]
            page.summary_points = [("item", p) for p in steps["summary"]]
            page.practice_exercises = [("item", p) for p in steps["practice"]]
            page.consolidation = [("micro_lesson", self.pages[i]) for i in steps["consolidation"]]

    def _topic(self, name: str) -> Topic:
        if name not in self.topics:
            self.topics[name] = Topic.objects.create(name=name)
        return self.topics[name]

    def _order_series(self, record: Record) -> None:
        series = self.pages[record.id]
        wanted = [self.pages[i].pk for i in record.data.get("lessons", [])]
        current = list(Page.objects.child_of(series).values_list("pk", flat=True))
        listed_first = wanted + [pk for pk in current if pk not in wanted]
        if current == listed_first:
            return
        for pk in listed_first:
            Page.objects.get(pk=pk).move(Page.objects.get(pk=series.pk), pos="last-child")


def _flatten(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)


def import_lessons(lines: Iterable[str]) -> ImportReport:
    """Import JSON Lines; raise ImportFailed (nothing written) on any bad line."""
    records, errors = _read(lines)
    resolver = _Resolver(records)
    resolver.resolve()
    errors = sorted(errors + resolver.errors, key=lambda e: int(e.split(":")[0][5:]))
    if errors:
        raise ImportFailed(errors)
    if not records:
        raise ImportFailed([_("the file holds no lessons")])
    report = ImportReport()
    with transaction.atomic():
        _Writer(resolver, report).write()
    return report
