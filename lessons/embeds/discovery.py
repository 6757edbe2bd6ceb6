"""The discovery links in a page's head (lessons/templates/lessons/includes/head_links.html):
feed autodiscovery (<link rel="alternate" type="application/rss+xml">) and oEmbed discovery
(type="application/json+oembed"), from what the page's context already holds, with no query:

- a page about a grade (the grade page, its kind and topic lists: `grade` in the context):
  that grade's feed of new lessons;
- the pages that show this week's episode (home, grade picker, grade pages: `episode`) and the
  cloud classroom's programme and episode pages: the podcast feed;
- a live public lesson page with a player: its oEmbed URL (a private or preview page: none).
"""

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import CloudClassroomEpisode, CloudClassroomProgramme, LessonPage
from ..programmes.feeds import EpisodeAudioFeed

RSS = "application/rss+xml"
OEMBED = "application/json+oembed"


@dataclass(frozen=True)
class Link:
    type: str
    title: str
    href: str


def _grade_feed(grade) -> Link:
    return Link(
        RSS,
        _("New parent classes for %(grade)s") % {"grade": grade.name},
        reverse("grade_feed", args=[grade.code]),
    )


def _podcast_feed() -> Link:
    return Link(RSS, str(EpisodeAudioFeed.title), reverse("episode_feed"))


def _oembed(page, request) -> Link | None:
    if getattr(request, "is_preview", False) or page.get_view_restrictions().exists():
        return None  # the restrictions were read while serving: no query
    url = page.get_full_url(request)
    parts = urlsplit(url)
    query = urlencode({"url": url, "format": "json"})
    return Link(OEMBED, page.title, f"{parts.scheme}://{parts.netloc}{reverse('oembed')}?{query}")


def discovery_links(context) -> list[Link]:
    request = context.get("request")
    page = context.get("page")
    links = []
    grade = context.get("grade")
    if grade is not None and getattr(grade, "code", None):
        links.append(_grade_feed(grade))
    if "episode" in context or isinstance(page, CloudClassroomProgramme | CloudClassroomEpisode):
        links.append(_podcast_feed())
    if isinstance(page, LessonPage) and context.get("player") and page.live:
        oembed = _oembed(page, request)
        if oembed is not None:
            links.append(oembed)
    return links
