"""The site's public address: the one home of absolute links.

Printed and request-independent links — lesson QR codes, the handout PDF's link, class mode's
QR code, the audio feed — are built from the default Wagtail Site's `root_url` (its hostname
and port, set by `manage.py setup_site --url …`), never from the Host header of whoever asked
for them: a handout printed from a laptop on http://127.0.0.1 must still send parents to the
real site. A page's own address comes from Page.get_full_url(), which reads the same record.

A Site still on localhost (the state after `migrate`) is flagged by a system check
(cms/checks.py) and a warning on the admin dashboard (cms/wagtail_hooks.py).
"""

from ipaddress import ip_address
from urllib.parse import urlsplit

from wagtail.models import Site

LOCAL_HOSTNAMES = frozenset({"", "localhost", "localhost.localdomain"})


def default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).first()


def site_url() -> str:
    """The default Site's address without a trailing slash, e.g. https://jzxx.example.cn
    ('' when there is no default Site)."""
    site = default_site()
    return site.root_url if site else ""


def absolute_url(url: str, root: str | None = None) -> str:
    """A path on the site made absolute with the site's address (`root`, site_url() unless
    given: a caller making many links reads it once); a URL that already names its host
    (media on object storage or a CDN) is returned as it is."""
    root = site_url() if root is None else root
    parts = urlsplit(url)
    if parts.scheme:
        return url
    if parts.netloc:  # protocol-relative: //cdn.example.cn/…
        return (urlsplit(root).scheme or "https") + ":" + url
    return root + "/" + url.lstrip("/")


def page_url(page, request=None) -> str:
    """A page's absolute URL on its Site (the request only saves Wagtail a lookup)."""
    return page.get_full_url(request)


def is_local_hostname(hostname: str | None) -> bool:
    """True for an address only this machine can reach: empty, localhost, a loopback or
    unspecified IP address."""
    host = (hostname or "").strip().strip("[]").rstrip(".").lower()
    if host in LOCAL_HOSTNAMES or host.endswith(".localhost"):
        return True
    try:
        address = ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def local_default_site() -> Site | None:
    """The default Site when its address is one parents cannot reach (None when it is fine);
    a missing default Site counts as local (an unsaved Site stands for it)."""
    site = default_site()
    if site is None:
        return Site(hostname="")
    return site if is_local_hostname(site.hostname) else None
