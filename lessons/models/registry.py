"""Every kind of lesson page, declared once.

The importer (lessons.importing), parents' browsing (lessons.browse, cms.parents, the pages
cms.purging clears), the search's kind filter (search.service, search.views) and search
snippets read LESSON_KINDS: which model a kind is (its code is the model's `kind`, its name
the model's verbose name), whether parents browse it by grade, whether search filters by it,
and which fields an import file gives it and how each is read and filled.

Adding a kind touches this list, its model, its template and a migration;
tests/lessons/test_kind_registry.py walks the list.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured

from .first_lessons import FirstLesson
from .kinds import ConceptLesson, MicroLesson, RequiredLesson, SelfStudySeries
from .pages import LessonPage
from .programmes import CloudClassroomEpisode


class ImportForm(StrEnum):
    """What an import field holds, and so how it is checked and written."""

    TEXT = "text"  # an optional string, stripped, at most the model field's max_length
    ITEMS = "items"  # a list of non-empty strings, into the StreamField of text items
    PARENT = "parent"  # the id of the page (of `target`) this one is placed under
    MEMBERS = "members"  # ids of the pages (of `target`) placed under this one, in order
    VIDEO = "video"  # the path of a video file, checked and ingested by the media pipeline
    STEPS = "steps"  # the five steps (lessons.models.steps); `target`: the linked lessons


@dataclass(frozen=True)
class ImportField:
    key: str  # the key in an import line; for TEXT, ITEMS and VIDEO also the model field
    form: ImportForm
    target: type[LessonPage] | None = None  # the model of the pages the ids name


@dataclass(frozen=True)
class LessonKind:
    model: type[LessonPage]
    browsable: bool = False  # on parents' grade pages: a section of its own and a kind list
    in_sections: bool = False  # editors add it in an organisation's section (SectionPage)
    searchable: bool = True  # parents can filter search results by it
    import_fields: tuple[ImportField, ...] | None = None  # None: not importable
    snippet_fields: tuple[str, ...] = ()  # text a search snippet may come from, after the body

    @property
    def code(self) -> str:
        return self.model.kind

    @property
    def label(self):
        return self.model._meta.verbose_name

    @property
    def label_plural(self):
        return self.model._meta.verbose_name_plural

    @property
    def importable(self) -> bool:
        return self.import_fields is not None

    @property
    def import_keys(self) -> frozenset[str]:
        return frozenset(field.key for field in self.import_fields or ())

    def import_field(self, form: ImportForm) -> ImportField | None:
        return next((f for f in self.import_fields or () if f.form == form), None)


# In the order parents see them (grade pages, search filter).
LESSON_KINDS = (
    LessonKind(
        RequiredLesson,
        browsable=True,
        in_sections=True,
        import_fields=(ImportField("steps", ImportForm.STEPS, MicroLesson),),
        snippet_fields=("lead_in_intro",),
    ),
    LessonKind(
        SelfStudySeries,
        browsable=True,
        in_sections=True,
        import_fields=(ImportField("lessons", ImportForm.MEMBERS, MicroLesson),),
    ),
    LessonKind(
        MicroLesson,
        browsable=True,
        in_sections=True,
        import_fields=(
            ImportField("transcript", ImportForm.TEXT),
            ImportField("key_points", ImportForm.ITEMS),
            ImportField("series", ImportForm.PARENT, SelfStudySeries),
            ImportField("video", ImportForm.VIDEO),
        ),
        snippet_fields=("transcript",),
    ),
    LessonKind(
        ConceptLesson,
        browsable=True,
        in_sections=True,
        import_fields=(
            ImportField("speaker", ImportForm.TEXT),
            ImportField("speaker_title", ImportForm.TEXT),
        ),
    ),
    LessonKind(CloudClassroomEpisode),
    LessonKind(FirstLesson),
)

_BY_CODE = {kind.code: kind for kind in LESSON_KINDS}
_BY_MODEL = {kind.model: kind for kind in LESSON_KINDS}
if not len(_BY_CODE) == len(_BY_MODEL) == len(LESSON_KINDS):
    raise ImproperlyConfigured("A lesson kind is declared twice.")


def kind_of(code: str) -> LessonKind | None:
    """The kind with this code, or None."""
    return _BY_CODE.get(code)


def kind_of_model(model) -> LessonKind | None:
    """The kind a (specific) page model is, or None (a section, a programme)."""
    return _BY_MODEL.get(model)


def browsable_kind(code: str) -> LessonKind | None:
    """The kind with this code if parents browse it (it has a list per grade), else None."""
    kind = _BY_CODE.get(code)
    return kind if kind is not None and kind.browsable else None


def browsable_kinds() -> tuple[LessonKind, ...]:
    return tuple(kind for kind in LESSON_KINDS if kind.browsable)


def searchable_kind(code: str) -> LessonKind | None:
    """The kind with this code if search results can be filtered by it, else None."""
    kind = _BY_CODE.get(code)
    return kind if kind is not None and kind.searchable else None


def searchable_kinds() -> tuple[LessonKind, ...]:
    return tuple(kind for kind in LESSON_KINDS if kind.searchable)


def importable_kinds() -> tuple[LessonKind, ...]:
    return tuple(kind for kind in LESSON_KINDS if kind.importable)
