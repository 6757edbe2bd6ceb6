"""Podcast-style RSS 2.0 feed (with iTunes tags) of the weekly episodes' broadcast audio,
for the internet radio station (网络电台) and village loudspeaker operators (村村响).

Its links (the site, each episode, the audio files) are absolute and come from the configured
site address (lessons.site_address), the same whichever host the feed was fetched on."""

from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from ..caching import cache_publicly
from ..site_address import absolute_url, page_url, site_url
from .episodes import broadcast_episodes

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"


class PodcastFeedType(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("itunes:author", self.feed["author_name"] or "")
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("itunes:category", attrs={"text": "Education"})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:episode", str(item["episode"]))
        handler.addQuickElement("itunes:duration", str(item["duration"]))
        handler.addQuickElement("itunes:summary", item["itunes_summary"])
        handler.addQuickElement("itunes:explicit", "false")


class EpisodeAudioFeed(Feed):
    feed_type = PodcastFeedType
    title = _("Cloud classroom: light up ten million homes")
    description = _("The weekly parent class, as normalised audio for radio and loudspeakers.")
    author_name = settings.WAGTAIL_SITE_NAME

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.site_root = site_url()  # the site's address, read once per feed
        return cache_publicly(super().__call__(request, *args, **kwargs))

    def link(self):
        return absolute_url("/", self.site_root)

    def feed_url(self):
        return absolute_url(self.request.path, self.site_root)

    def items(self):
        return [e for e in broadcast_episodes() if e.video.mp3s]

    def item_title(self, item):
        return _("Episode %(number)d: %(title)s") % {"number": item.number, "title": item.title}

    def item_description(self, item):
        # <description> is HTML (RSS 2.0): the summary is plain text typed by an editor, so
        # it is escaped once more, and feed readers show "<b>" as typed, never as markup.
        return escape(item.summary)

    def item_link(self, item):
        return page_url(item, self.request)

    def item_guid(self, item):
        return f"episode-{item.pk}-{item.number}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.air_date, time(19, 0)))

    def item_enclosure_url(self, item):
        return absolute_url(default_storage.url(item.video.mp3s[0].path), self.site_root)

    def item_enclosure_length(self, item):
        return item.video.mp3s[0].size

    def item_enclosure_mime_type(self, item):
        return "audio/mpeg"

    def item_extra_kwargs(self, item):
        return {
            "episode": item.number,
            "duration": round(item.video.mp3s[0].duration or 0),
            "itunes_summary": plain_summary(item.summary),
        }


def plain_summary(text: str) -> str:
    """<itunes:summary> is plain text for podcast apps but HTML for some feed readers: with
    its angle brackets made full-width, the summary reads the same and is never markup."""
    return text.replace("<", "＜").replace(">", "＞")
