"""Checks across lines: ids, references, organisations, series membership, videos."""

from pathlib import Path

from django.utils.translation import gettext as _

from media_pipeline.probe import MediaRejected, probe

from ..access import organisation_by_path
from ..models import LessonPage
from .parse import Record


class Resolver:
    """Cross-line checks: ids, references, organisations, series membership."""

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
        ref_ids = {ref for r in records for ref in self._refs(r)}
        self.existing_refs = {
            p.external_id: p for p in LessonPage.objects.filter(external_id__in=ref_ids).specific()
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

    def _check_video(self, record: Record) -> None:
        """Videos are probed before anything is written: a bad file is a bad line."""
        if not record.data.get("video"):
            return
        path = self.base_dir / record.data["video"].strip()
        if not path.is_file():
            self.error(record, _("video file not found: %(path)s") % {"path": path})
            return
        try:
            probe(path)
        except MediaRejected as exc:
            self.error(record, _("video %(path)s: %(reason)s") % {"path": path, "reason": exc})
            return
        record.video_path = path

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
