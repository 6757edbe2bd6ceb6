"""Podcast-style RSS 2.0 feed (with iTunes tags) of the weekly episodes' broadcast audio,
for the internet radio station (网络电台), village loudspeaker operators (村村响) and podcast
apps and directories (docs/embeds-and-feeds.md).

What directories ask of a podcast feed is here: the itunes namespace, square artwork of
1400×1400 (lessons/static/lessons/podcast/artwork.jpg, made by podcast_artwork.py), the owner
(PODCAST_OWNER_NAME and PODCAST_OWNER_EMAIL: the publishing body, never a person), the author,
a category, explicit false, a summary, the language, and per episode a guid, the duration and
the enclosure's length and type.

Its links (the site, each episode, the audio files, the artwork) are absolute and come from
the configured site address (lessons.site_address), the same whichever host the feed was
fetched on."""

from datetime import datetime, time

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.files.storage import default_storage
from django.templatetags.static import static
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from ..caching import cache_publicly
from ..site_address import absolute_url, page_url, site_url
from .episodes import broadcast_episodes

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ARTWORK = "lessons/podcast/artwork.jpg"
# Apple's category list: the classes teach parents (Education) about bringing up children.
CATEGORIES = (("Education", ()), ("Kids & Family", ("Parenting",)))


class PodcastFeedType(Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:itunes": ITUNES}

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        feed = self.feed
        handler.startElement("image", {})  # RSS 2.0's channel image, for feed readers
        handler.addQuickElement("url", feed["artwork"])
        handler.addQuickElement("title", feed["title"])
        handler.addQuickElement("link", feed["link"])
        handler.endElement("image")
        handler.addQuickElement("itunes:image", attrs={"href": feed["artwork"]})
        handler.addQuickElement("itunes:author", feed["author_name"] or "")
        handler.addQuickElement("itunes:summary", plain_summary(str(feed["description"])))
        handler.startElement("itunes:owner", {})
        handler.addQuickElement("itunes:name", feed["owner_name"])
        handler.addQuickElement("itunes:email", feed["owner_email"])
        handler.endElement("itunes:owner")
        for category, subcategories in CATEGORIES:
            handler.startElement("itunes:category", {"text": category})
            for subcategory in subcategories:
                handler.addQuickElement("itunes:category", attrs={"text": subcategory})
            handler.endElement("itunes:category")
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:type", "episodic")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:episode", str(item["episode"]))
        handler.addQuickElement("itunes:duration", str(item["duration"]))
        handler.addQuickElement("itunes:summary", item["itunes_summary"])
        handler.addQuickElement("itunes:explicit", "false")


class SiteFeed(Feed):
    """A public feed whose links are absolute on the site's address; cached like a page."""

    language = "zh-cn"  # RSS's language codes (RFC 1766 as the RSS spec has it), not zh-hans

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.site_root = site_url()  # the site's address, read once per feed
        return cache_publicly(super().__call__(request, *args, **kwargs))

    def link(self):
        return absolute_url("/", self.site_root)

    def feed_url(self):
        return absolute_url(self.request.path, self.site_root)

    item_guid_is_permalink = False


class EpisodeAudioFeed(SiteFeed):
    feed_type = PodcastFeedType
    title = _("Cloud classroom: light up ten million homes")
    description = _("The weekly parent class, as normalised audio for radio and loudspeakers.")
    author_name = settings.WAGTAIL_SITE_NAME

    def feed_extra_kwargs(self, obj):
        return {
            "artwork": absolute_url(static(ARTWORK), self.site_root),
            "owner_name": settings.PODCAST_OWNER_NAME,
            "owner_email": settings.PODCAST_OWNER_EMAIL,
        }

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
