"""Checks across lines: ids, references, organisations, placement under a parent, videos."""

from pathlib import Path

from django.utils.translation import gettext as _

from media_pipeline.ingest import check_file
from media_pipeline.probe import MediaRejected

from ..access import organisation_by_path
from ..models import FIVE_STEPS, LessonPage
from ..models.registry import ImportForm
from ..models.steps import LESSONS
from .parse import Record


def references(record: Record) -> list[tuple[str, str]]:
    """(id, the kind code it must be) for every other lesson the record names."""
    refs = []
    for field in record.lesson_kind.import_fields:
        wanted = field.target.kind if field.target else None
        if field.form == ImportForm.PARENT and record.parent_id:
            refs.append((record.parent_id, wanted))
        elif field.form == ImportForm.MEMBERS:
            refs.extend((ref, wanted) for ref in record.data.get(field.key, []))
        elif field.form == ImportForm.STEPS:
            steps = record.data[field.key]
            for step in FIVE_STEPS:
                if step.form == LESSONS:
                    refs.extend((ref, wanted) for ref in steps[step.key])
    return refs


class Resolver:
    """Cross-line checks: ids, references, organisations, placement under a parent."""

    def __init__(self, records: list[Record], base_dir: Path | None = None):
        self.records = records
        self.base_dir = base_dir or Path.cwd()
        self.by_id: dict[str, Record] = {}
        self.errors: list[tuple[int, str]] = []
        self.orgs = organisation_by_path()
        self.existing = {
            p.external_id: p
            for p in LessonPage.objects.filter(external_id__in=[r.id for r in records]).specific()
        }
        ref_ids = {ref for r in records for ref, _kind in references(r)}
        self.existing_refs = {
            p.external_id: p for p in LessonPage.objects.filter(external_id__in=ref_ids).specific()
        }

    def error(self, record: Record, message: str) -> None:
        self.errors.append((record.line, message))

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
            self._check_video(record)
        self._assign_parents()

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

    def _check_video(self, record: Record) -> None:
        """Videos are checked as the media pipeline accepts them before anything is written:
        a file it would refuse is a bad line."""
        field = record.lesson_kind.import_field(ImportForm.VIDEO)
        if field is None or not record.data.get(field.key):
            return
        path = self.base_dir / record.data[field.key].strip()
        if not path.is_file():
            self.error(record, _("video file not found: %(path)s") % {"path": path})
            return
        try:
            record.video_source = check_file(path)
        except MediaRejected as exc:
            self.error(record, _("video %(path)s: %(reason)s") % {"path": path, "reason": exc})
            return
        record.video_path = path

    def _check_references(self, record: Record) -> None:
        for ref, wanted in references(record):
            kind = self.kind_of(ref)
            if kind is None:
                self.error(record, _("refers to unknown lesson id %(id)r") % {"id": ref})
            elif kind != wanted:
                self.error(
                    record,
                    _("%(id)r is a %(kind)s, expected a %(wanted)s")
                    % {"id": ref, "kind": kind, "wanted": wanted},
                )

    def _assign_parents(self) -> None:
        """A parent's members list (a series' 'lessons') sets membership and order; a member's
        own parent field (a micro-lesson's 'series') must agree. A member belongs to its
        parent's organisation."""
        for parent in self.records:
            field = parent.lesson_kind.import_field(ImportForm.MEMBERS)
            for position, ref in enumerate(parent.data.get(field.key, []) if field else []):
                member = self.by_id.get(ref)
                if member is None:
                    continue  # an existing page outside the file: moved in at write time
                if member.parent_id not in (None, parent.id):
                    self.error(
                        parent,
                        _("%(micro)r is listed here but names series %(other)r")
                        % {"micro": ref, "other": member.parent_id},
                    )
                member.parent_id, member.position = parent.id, position
        for member in self.records:
            parent = self.by_id.get(member.parent_id or "")
            if parent is None or not member.lesson_kind.import_field(ImportForm.PARENT):
                continue
            if "organisation" in member.data and member.organisation != parent.organisation:
                self.error(member, _("a micro-lesson must belong to its series' organisation"))
            member.organisation = parent.organisation
