"""A feed per grade (/grade/<grade>/feed.xml): that grade's newest lessons, as the grade page
lists them (lessons.browse.lessons_for_grade: live, public, for the grade, its stage or every
stage), newest first, for feed readers and for partners' sites that show "new this week".

Each item has the lesson's title, summary, absolute link, publication date and, when the lesson
has finished media, an enclosure: the smallest MP4 (what a weak link plays), else the lesson's
audio. Three queries, whatever the number of lessons."""

from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import Http404
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from media_pipeline.models import MediaOutput

from ..browse import lessons_for_grade
from ..site_address import absolute_url, page_url
from ..taxonomy import GRADE_BY_CODE
from .feeds import SiteFeed

ITEMS = 30
ENCLOSURE_KINDS = (MediaOutput.Kind.MP4, MediaOutput.Kind.LISTEN, MediaOutput.Kind.AUDIO_AAC)
MIME_TYPES = {".mp4": "video/mp4", ".m4a": "audio/mp4", ".aac": "audio/aac", ".mp3": "audio/mpeg"}


def enclosure_output(lesson) -> MediaOutput | None:
    """The output a feed item carries: the smallest MP4, else the listening audio."""
    media = lesson.video
    if media is None or media.status != "ready":
        return None
    outputs = media.enclosure_outputs
    mp4s = sorted(
        (o for o in outputs if o.kind == MediaOutput.Kind.MP4), key=lambda o: (o.size, o.pk)
    )
    if mp4s:
        return mp4s[0]
    audio = [o for o in outputs if o.kind != MediaOutput.Kind.MP4]
    audio.sort(key=lambda o: o.kind != MediaOutput.Kind.LISTEN)  # speech-grade audio first
    return audio[0] if audio else None


class GradeLessonsFeed(SiteFeed):
    def get_object(self, request, grade):
        try:
            return GRADE_BY_CODE[grade]
        except KeyError:
            raise Http404 from None

    def title(self, grade):
        return _("New parent classes for %(grade)s") % {"grade": grade.name}

    def description(self, grade):
        return _("The newest parent classes for parents of children in %(grade)s.") % {
            "grade": grade.name
        }

    def items(self, grade):
        outputs = MediaOutput.objects.filter(kind__in=ENCLOSURE_KINDS)
        return list(
            lessons_for_grade(grade.code)
            .select_related("video", "organisation")
            .prefetch_related(
                Prefetch("video__outputs", queryset=outputs, to_attr="enclosure_outputs")
            )[:ITEMS]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.summary)  # plain text typed by an editor: never markup in a reader

    def item_link(self, item):
        return page_url(item, self.request)

    def item_guid(self, item):
        return f"lesson-{item.pk}"

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.organisation.name if item.organisation else None

    def item_enclosure_url(self, item):
        output = enclosure_output(item)
        return absolute_url(default_storage.url(output.path), self.site_root) if output else None

    def item_enclosure_length(self, item):
        output = enclosure_output(item)
        return output.size if output else None

    def item_enclosure_mime_type(self, item):
        output = enclosure_output(item)
        if output is None:
            return None
        return MIME_TYPES.get(PurePosixPath(output.path).suffix.lower(), "application/octet-stream")
