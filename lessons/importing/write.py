"""Writing checked records as published pages, parents before the pages that point at them."""

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.text import get_valid_filename, slugify
from wagtail.coreutils import find_available_slug
from wagtail.models import Page
from wagtail.rich_text import RichText

from media_pipeline.ingest import ingest_file

from ..models import FIVE_STEPS, Grade, LessonPage, Stage, Topic, importable_kinds
from ..models.registry import ImportForm, LessonKind
from ..models.steps import LESSONS, POINTS, TEXT
from .parse import Record
from .resolve import Resolver


def write_order() -> list[str]:
    """Kind codes in the order their lines are written: parents before the pages that point at
    them. First the kinds other lines point at (a series, then the micro-lessons placed under
    it), then the others; within each, a kind after those it is placed under or links to."""
    kinds = importable_kinds()

    def targets(kind: LessonKind, forms) -> set[str]:
        return {f.target.kind for f in kind.import_fields if f.target and f.form in forms}

    needs = {k.code: targets(k, (ImportForm.PARENT, ImportForm.STEPS)) for k in kinds}
    pointed_at = set().union(*(targets(k, tuple(ImportForm)) for k in kinds))

    def depth(code: str) -> int:
        return max((1 + depth(other) for other in needs[code]), default=0)

    codes = [k.code for k in kinds]
    return sorted(codes, key=lambda c: (c not in pointed_at, depth(c), codes.index(c)))


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0


class Writer:
    def __init__(self, resolver: Resolver, report: ImportReport):
        self.resolver = resolver
        self.report = report
        self.pages: dict[str, LessonPage] = dict(resolver.existing_refs)
        self.topics = {t.name: t for t in Topic.objects.all()}
        self.stages = {s.pk: s for s in Stage.objects.all()}
        self.grades = {g.pk: g for g in Grade.objects.all()}

    def write(self) -> None:
        order = write_order()
        records = sorted(
            self.resolver.records,
            key=lambda r: (order.index(r.kind), r.parent_id or "", r.position, r.line),
        )
        for record in records:
            try:
                self.pages[record.id] = self._upsert(record)
            except ValidationError as exc:
                raise ImportFailed([f"line {record.line}: {_flatten(exc)}"]) from exc
        for record in records:
            members = record.lesson_kind.import_field(ImportForm.MEMBERS)
            if members:
                self._order_members(record, members.key)

    def _parent_for(self, record: Record) -> Page:
        if record.parent_id:
            return self.pages[record.parent_id]
        return record.organisation.section

    def _upsert(self, record: Record) -> LessonPage:
        parent = Page.objects.get(pk=self._parent_for(record).pk)  # fresh tree position
        page = self.resolver.existing.get(record.id)
        if page is None:
            model = record.lesson_kind.model
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
        for import_field in record.lesson_kind.import_fields:
            self._fill_field(page, record, import_field.key, import_field.form)

    def _fill_field(self, page: LessonPage, record: Record, key: str, form: ImportForm) -> None:
        data = record.data
        if form == ImportForm.TEXT:
            setattr(page, key, data.get(key, "").strip())
        elif form == ImportForm.ITEMS:
            setattr(page, key, [("item", p) for p in data.get(key, [])])
        elif form == ImportForm.VIDEO:
            if record.video_path and not _same_video(getattr(page, key), record.video_path):
                media = ingest_file(record.video_path, title=page.title, source=record.video_source)
                setattr(page, key, media)
        elif form == ImportForm.STEPS:
            for step in FIVE_STEPS:
                setattr(page, step.field, self._step_value(step, data[key][step.key]))

    def _step_value(self, step, value):
        if step.form == TEXT:
            return f"<p>{escape(value.strip())}</p>"
        if step.form == POINTS:
            return [("item", p) for p in value]
        if step.form == LESSONS:
            return [("micro_lesson", self.pages[i]) for i in value]
        raise ValueError(step.form)

    def _topic(self, name: str) -> Topic:
        if name not in self.topics:
            self.topics[name] = Topic.objects.create(name=name)
        return self.topics[name]

    def _order_members(self, record: Record, key: str) -> None:
        """The listed pages first, in the list's order, then the other children."""
        parent = self.pages[record.id]
        wanted = [self.pages[i].pk for i in record.data.get(key, [])]
        current = list(Page.objects.child_of(parent).values_list("pk", flat=True))
        listed_first = wanted + [pk for pk in current if pk not in wanted]
        if current == listed_first:
            return
        for pk in listed_first:
            Page.objects.get(pk=pk).move(Page.objects.get(pk=parent.pk), pos="last-child")


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
