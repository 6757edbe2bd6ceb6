"""The share card of every page: title, description, canonical URL, type and images.

Decided here, read by `{% share_card %}` (lessons/templatetags/sharing.py) in the base
template's head, so that every page and view gets one without a line in its own code:
Wagtail pages from their fields, other views from what their context holds, by URL name.
No query on a warm site: the site's address comes from Wagtail's cached site root paths, a
lesson's image URL from its own row (images.py). The card depends on the URL only, so cached
pages stay identical for everyone.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from wagtail.models import Site

from ..models import CloudClassroomEpisode, LessonPage
from ..site_address import absolute_url, site_url
from .images import ShareImage, images, site_name
from .wechat import configured

DESCRIPTION_CHARS = 120


@dataclass(frozen=True)
class ShareCard:
    title: str
    description: str
    url: str  # canonical, absolute
    type: str  # og:type: article for a lesson, website for the rest
    site_name: str
    image: ShareImage  # 1200x630, og:image
    square: ShareImage  # 500x500, WeChat's thumbnail (microdata, JS-SDK)
    wechat: bool  # load the WeChat JS-SDK helper (settings only: the same for everyone)


def site_root() -> str:
    """The site's address: Wagtail's cached site root paths when there is one Site (no
    query), else the default Site's (lessons.site_address)."""
    paths = Site.get_site_root_paths()
    if len({p.site_id for p in paths}) == 1:
        return paths[0].root_url.rstrip("/")
    return site_url()


def default_description() -> str:
    return _("Parent classes for every grade, from kindergarten to senior high school.")


def short(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= DESCRIPTION_CHARS else text[: DESCRIPTION_CHARS - 1] + "…"


def _view_url(request, root: str, keep=()) -> str:
    """The view's canonical URL: its path, with only the named query parameters (a page
    number above 1, a search's words)."""
    params = [(k, request.GET.get(k, "")[:500]) for k in keep]
    params = [
        (k, v)
        for k, v in params
        if v and (k != "page" or (v.isascii() and v.isdigit() and v != "1"))
    ]
    return absolute_url(request.path + (f"?{urlencode(params)}" if params else ""), root)


def _page_title(page) -> str:
    if isinstance(page, CloudClassroomEpisode) and page.number:
        return _("Episode %(n)s") % {"n": page.number} + " · " + page.title
    if page.depth <= 2:  # the site's home page
        return site_name()
    return page.title


def page_card(page, request, root: str) -> dict:
    """A Wagtail page's card: a lesson's summary and image; a section's, programme's or the
    home page's introduction and the site's image."""
    lesson = isinstance(page, LessonPage)
    text = page.summary if lesson else getattr(page, "intro", "")
    saved = page.pk is not None and not getattr(request, "is_preview", False)
    url = (page.get_full_url(request) if saved else None) or absolute_url(request.path, root)
    return {
        "title": _page_title(page),
        "description": text,
        "url": url,
        "type": "article" if lesson else "website",
        "images": images(page if lesson and saved else None, root),
    }


def _grade_list_title(c):
    return f"{c['heading']} · {c['grade'].name}"


# The views' titles, by URL name: what their templates' <title> says before the site's name
# (tests/lessons/test_share_tags.py compares the two).
VIEW_TITLES = {
    "grade_picker": lambda c: _("Choose your child's grade"),
    "grade": lambda c: _("Parent classes for %(grade)s") % {"grade": c["grade"].name},
    "grade_kind": _grade_list_title,
    "grade_topic": _grade_list_title,
    "stage": lambda c: str(c["stage"].name),
    "search": lambda c: (c["query"] + " · " if c.get("query") else "") + _("Search"),
    "my_learning": lambda c: _("My learning"),
    "suggestions": lambda c: _("Complaints and suggestions"),
    "class_attended": lambda c: _("Class attendance") + " · " + c["lesson"].title,
}
VIEW_DESCRIPTIONS = {
    "suggestions": lambda c: _("Tell the education bureau what works and what does not."),
}
VIEW_QUERY = {
    "search": ("q",),
    "grade_kind": ("page",),
    "grade_topic": ("page",),
    "stage": ("page",),
}


def _site_title(context) -> str:
    return str(context.get("title") or site_name())


def view_card(context, request, root: str) -> dict:
    name = getattr(getattr(request, "resolver_match", None), "url_name", None) or ""
    try:
        title = VIEW_TITLES.get(name, _site_title)(context)
    except (KeyError, AttributeError, TypeError):  # a context without it (an error page)
        title = _site_title(context)
    lesson = context.get("lesson") if name == "class_attended" else None
    lesson = lesson if isinstance(lesson, LessonPage) and lesson.pk else None
    return {
        "title": title,
        "description": VIEW_DESCRIPTIONS.get(name, lambda c: "")(context),
        "url": _view_url(request, root, VIEW_QUERY.get(name, ())) if request else root + "/",
        "type": "website",
        "images": images(lesson, root),
    }


def card_for(context) -> ShareCard:
    """The share card for a template context (a Wagtail page's or a view's)."""
    request = context.get("request")
    root = site_root()
    page = context.get("page")
    if hasattr(page, "get_full_url") and request is not None:
        fields = page_card(page, request, root)
    else:
        fields = view_card(context, request, root)
    image, square = fields.pop("images")
    return ShareCard(
        title=str(fields.pop("title")),
        description=short(fields.pop("description")) or default_description(),
        site_name=site_name(),
        image=image,
        square=square,
        wechat=configured(),
        **fields,
    )
