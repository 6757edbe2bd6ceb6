"""Previous/next links of a page (an episode in its programme, a micro-lesson in its series):
what the pager of a lesson page shows, built one way."""


def page_link(page, request, *fields: str) -> dict | None:
    """What a link to the page shows: its title and URL, plus the named fields (e.g.
    "number"); None for no page."""
    if page is None:
        return None
    return {
        "title": page.title,
        "url": page.get_url(request),
        **{name: getattr(page, name) for name in fields},
    }


def neighbours_in(pages: list, page) -> tuple:
    """(previous, next) of the page in the ordered list, None at either end or when the
    page is not in it."""
    pks = [p.pk for p in pages]
    if page.pk not in pks:
        return None, None
    position = pks.index(page.pk)
    return (
        pages[position - 1] if position > 0 else None,
        pages[position + 1] if position + 1 < len(pages) else None,
    )


def pager(previous, following, request, *fields: str) -> dict:
    """The context of the pager: {"previous": link or None, "next": link or None}."""
    return {
        "previous": page_link(previous, request, *fields),
        "next": page_link(following, request, *fields),
    }
