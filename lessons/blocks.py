"""StreamField blocks for lesson pages."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class LessonBodyBlock(blocks.StreamBlock):
    """Free text of a lesson: paragraphs, headings, quotes and pictures."""

    heading = blocks.CharBlock(label=_("Heading"), form_classname="title")
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "ol", "ul", "link"]
    )
    quote = blocks.BlockQuoteBlock(label=_("Quote"))
    image = ImageChooserBlock(label=_("Image"))

    class Meta:
        label = _("Body")


class TextItemBlock(blocks.StreamBlock):
    """An ordered list of short texts (questions, key points, exercises)."""

    item = blocks.TextBlock(label=_("Item"), rows=2)


class MicroLessonLinksBlock(blocks.StreamBlock):
    """Step 5 of a required lesson: micro-lessons to watch afterwards."""

    micro_lesson = blocks.PageChooserBlock(label=_("Micro-lesson"), page_type="lessons.MicroLesson")
