"""The five steps of a required lesson (五步教学法), declared once.

The page editor's panels, the checks before publishing, the lesson page, class mode, the
handout and the importer all read FIVE_STEPS: a step's model field, its key in an import
file, its name and editor heading, and its form — what it holds, which is also the key
its content has in the page's context ("rich_text", "points" or "cards").
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TEXT = "rich_text"  # a rich-text field; one string in an import file
POINTS = "points"  # a StreamField of text items; a list of strings
LESSONS = "cards"  # a StreamField of micro-lesson links; a list of lesson ids


@dataclass(frozen=True)
class Step:
    number: int
    field: str  # RequiredLesson's field
    key: str  # the key under "steps" in an import file (docs/import-format.md)
    name: Promise
    heading: Promise  # the editor's panel heading
    form: str  # TEXT, POINTS or LESSONS
    video: bool = False  # the lesson's video is shown (and chosen) with this step


FIVE_STEPS = (
    Step(
        1, "lead_in_intro", "lead_in", _("Video lead-in"), _("Step 1 · Video lead-in"), TEXT,
        video=True,
    ),
    Step(
        2, "discussion_questions", "discussion", _("Live discussion"),
        _("Step 2 · Live discussion"), POINTS,
    ),
    Step(3, "summary_points", "summary", _("Class summary"), _("Step 3 · Class summary"), POINTS),
    Step(
        4, "practice_exercises", "practice", _("Extension practice"),
        _("Step 4 · Extension practice"), POINTS,
    ),
    Step(
        5, "consolidation", "consolidation", _("Micro-lesson consolidation"),
        _("Step 5 · Micro-lesson consolidation"), LESSONS,
    ),
)  # fmt: skip
