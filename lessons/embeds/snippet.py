"""The <iframe> snippet of a lesson's player and its size, for the admin and for oEmbed.

The frame is as wide as asked (640 px unless a consumer's maxwidth is smaller) and as tall as
the embed page needs at that width: the video at its own aspect ratio (16:9 when unknown) and
the lines around it (the title, the sizes, the controls, the link to the lesson), so that
nothing scrolls inside the frame. An audio-only lesson's frame has no picture.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from ..site_address import absolute_url

DEFAULT_WIDTH = 640
CHROME_HEIGHT = 170  # the embed page's lines above and below the video (embed.css), in px
AUDIO_HEIGHT = 230  # the embed page of an audio-only lesson


@dataclass(frozen=True)
class FrameSize:
    width: int
    height: int


def frame_size(player, maxwidth: int | None = None, maxheight: int | None = None) -> FrameSize:
    """The frame's size for `player` (None: a lesson without media, shown as a link), never
    beyond maxwidth and maxheight (oEmbed's rule): the width shrinks to fit the height."""
    width = min(DEFAULT_WIDTH, maxwidth or DEFAULT_WIDTH)
    if player is None or player.is_audio_only:
        height = AUDIO_HEIGHT
        return FrameSize(width, min(height, maxheight) if maxheight else height)
    aspect_w, aspect_h = (
        (player.width, player.height) if player.width and player.height else (16, 9)
    )
    height = round(width * aspect_h / aspect_w) + CHROME_HEIGHT
    if maxheight and height > maxheight:
        width = max(1, min(width, int((maxheight - CHROME_HEIGHT) * aspect_w / aspect_h)))
        height = maxheight
    return FrameSize(width, height)


def embed_url(lesson, root: str | None = None) -> str:
    """The lesson's embed page, absolute on the site's address (lessons.site_address)."""
    return absolute_url(reverse("lesson_embed", args=[lesson.pk]), root)


def iframe_html(lesson, size: FrameSize, root: str | None = None) -> str:
    """The snippet: lazy, titled (for screen readers), allowed to play and go full screen."""
    title = _("%(title)s · Online Parent School") % {"title": lesson.title}
    return format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'allow="autoplay; fullscreen" allowfullscreen '
        'style="border:0;max-width:100%"></iframe>',
        embed_url(lesson, root),
        size.width,
        size.height,
        title,
    )
