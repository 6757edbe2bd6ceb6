"""Writing checked records as published pages, parents before the pages that point at them."""

from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.text import get_valid_filename, slugify
from wagtail.coreutils import find_available_slug
from wagtail.models import Page
from wagtail.rich_text import RichText

from media_pipeline.ingest import ingest_file

from ..models import KINDS, Grade, LessonPage, Stage, Topic
from .parse import Record
from .resolve import Resolver

WRITE_ORDER = ("self_study", "micro", "concept", "required")


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    warnings: list[str] = field(default_factory=list)


class Writer:
    def __init__(self, resolver: Resolver, report: ImportReport):
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
            if record.video_path and not _same_video(page.video, record.video_path):
                page.video = ingest_file(record.video_path, title=page.title)
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


def _same_video(media, path: Path) -> bool:
    """Re-importing the same file does not upload and transcode it again."""
    if media is None:
        return False
    stored = Path(media.file.name)
    try:
        same_size = media.file.size == path.stat().st_size
    except OSError:
        return False
    return same_size and stored.stem.startswith(get_valid_filename(path.stem))


def _flatten(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
    return " ".join(exc.messages)
