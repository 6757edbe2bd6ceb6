"""A real site's first step (`manage.py setup_site`): the city, access, the review workflow and
the site's public address.

After `migrate` the database has a home page, a Wagtail Site on http://localhost and no
organisation, so `import_lessons` cannot tell whose lessons a line without "organisation" are.
`setup_site` creates the top-level organisation (the city), provisions every organisation's
section, collection and groups and the review workflow (lessons.access.provision_all, the same
as `setup_access` and the demo), and points the default Site at the address parents open —
the address QR codes, handouts and the feed print (lessons.site_address).

Safe to run again: what is already right is left alone; a new --url moves the Site.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction
from django.http.request import validate_host
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from wagtail.models import Site

from lessons.access import provision_all
from lessons.models import Organisation
from lessons.site_address import is_local_hostname

from .models import HomePage

EXAMPLE_URL = "https://jzxx.example.cn"
DEFAULT_PORTS = {"http": 80, "https": 443}


class SetupError(Exception):
    """Input setup_site cannot use, with a message saying what to give instead."""


@dataclass(frozen=True)
class Address:
    hostname: str
    port: int

    @property
    def root_url(self) -> str:
        return Site(hostname=self.hostname, port=self.port).root_url


def parse_site_url(url: str) -> Address:
    """The Site's hostname and port from the address parents open, e.g. https://jzxx.example.cn.

    A Wagtail Site is a host and a port, and says https only on port 443 (Site.root_url): an
    address it cannot say back exactly is refused rather than printed wrong on every handout.
    """
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise SetupError(
            _("%(url)r is not a web address: give the address parents open, e.g. %(example)s.")
            % {"url": url, "example": EXAMPLE_URL}
        ) from None
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None:
        raise SetupError(_("The site's address cannot contain a user name or password."))
    extra = url.split("://", 1)[1][len(parts.netloc) :]
    if extra not in ("", "/"):
        raise SetupError(
            _("The site is served at the root of its host: give %(root)s, without %(extra)r.")
            % {"root": f"{parts.scheme}://{parts.netloc}", "extra": extra}
        )
    hostname = parts.hostname or ""
    if ":" in hostname:
        raise SetupError(_("Give a host name (or an IPv4 address), not an IPv6 address."))
    try:
        port = parts.port
    except ValueError:
        raise SetupError(_("The port in %(url)r is not a port number.") % {"url": url}) from None
    scheme = parts.scheme.lower()
    port = DEFAULT_PORTS[scheme] if port is None else port
    if scheme == "https" and port != 443:
        raise SetupError(
            _(
                "https is only possible on port 443 (the site's address is a host and a port): "
                "serve https on 443 with nginx in front, or give http://HOST:%(port)d."
            )
            % {"port": port}
        )
    if scheme == "http" and port == 443:
        raise SetupError(_("Port 443 is https: give https://HOST."))
    try:
        hostname = hostname.encode("idna").decode("ascii")  # 示例.中国 → xn--…
    except UnicodeError:
        raise SetupError(_("%(host)r is not a valid host name.") % {"host": hostname}) from None
    return Address(hostname=hostname.rstrip(".").lower(), port=port)


def check_city(name: str, code: str) -> tuple[str, str]:
    """The city's name and code, cleaned, or SetupError saying what is wrong."""
    name, code = (name or "").strip(), (code or "").strip()
    name_field = Organisation._meta.get_field("name")
    code_field = Organisation._meta.get_field("code")
    if not name:
        raise SetupError(_("Give the city's name, e.g. --name 示范市教育局."))
    if len(name) > name_field.max_length:
        raise SetupError(
            _("The name is too long: at most %(max)d characters.") % {"max": name_field.max_length}
        )
    try:
        validate_slug(code)
    except ValidationError:
        raise SetupError(
            _(
                "%(code)r cannot be the city's code: use Latin letters, digits, hyphens or "
                "underscores, e.g. --code city."
            )
            % {"code": code}
        ) from None
    if len(code) > code_field.max_length:
        raise SetupError(
            _("The code is too long: at most %(max)d characters.") % {"max": code_field.max_length}
        )
    try:
        match = resolve(f"/{code}/")
    except Resolver404:
        match = None
    if match is not None and match.url_name != "wagtail_serve":
        raise SetupError(
            _(
                "%(code)r cannot be the city's code: /%(code)s/ is already a page of the site "
                "(the code is also the city's section address). Choose another, e.g. city."
            )
            % {"code": code}
        )
    return name, code


def _home_page() -> HomePage:
    home = HomePage.objects.order_by("pk").first()
    if home is None:
        raise SetupError(_("There is no home page: run manage.py migrate first."))
    return home


def configure_site(address: Address, site_name: str | None = None) -> list[str]:
    """Point the default Site at the address (and at the home page, if it is not); returns
    what changed, empty when nothing did."""
    changes = []
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    other = Site.objects.filter(hostname=address.hostname, port=address.port)
    if site is not None:
        other = other.exclude(pk=site.pk)
    if other.exists():
        raise SetupError(
            _("Another site already answers at %(url)s: change or delete it in the admin.")
            % {"url": address.root_url}
        )
    if site is None:
        site = Site(is_default_site=True, root_page=_home_page())
        site.site_name = site_name or settings.WAGTAIL_SITE_NAME
        changes.append(_("created the site"))
    elif not isinstance(site.root_page.specific, HomePage):
        site.root_page = _home_page()
        changes.append(_("the site starts at the home page"))
    if (site.hostname, site.port) != (address.hostname, address.port):
        if site.pk:
            changes.append(
                _("address %(old)s → %(new)s") % {"old": site.root_url, "new": address.root_url}
            )
        site.hostname, site.port = address.hostname, address.port
    if site_name and site.site_name != site_name:
        if site.pk:
            changes.append(_("site name %(name)s") % {"name": site_name})
        site.site_name = site_name
    if changes:
        site.full_clean()
        site.save()
    return changes


def ensure_city(name: str, code: str) -> tuple[Organisation, bool]:
    """The top-level organisation: created, or found as it is; (city, created)."""
    roots = list(Organisation.objects.filter(parent=None))
    same = next((o for o in roots if o.code == code), None)
    if same is None and roots:
        raise SetupError(
            _(
                "There is already a top-level organisation: %(existing)s. A site has one city; "
                "run setup_site with its --name and --code."
            )
            % {"existing": ", ".join(f"{o.name} (--code {o.code})" for o in roots)}
        )
    if same is not None:
        if same.name != name:
            raise SetupError(
                _(
                    "The city with code %(code)s is called %(existing)s, not %(name)s: pass "
                    "--name %(existing)s, or rename it in the admin (Organisations)."
                )
                % {"code": code, "existing": same.name, "name": name}
            )
        return same, False
    root = Site.objects.get(is_default_site=True).root_page
    if root.get_children().filter(slug=code).exists():
        raise SetupError(
            _(
                "A page with the address /%(code)s/ already exists under the home page: "
                "choose another --code."
            )
            % {"code": code}
        )
    city = Organisation(name=name, code=code, kind=Organisation.Kind.CITY)
    city.full_clean()
    city.save()
    return city, True


@dataclass
class SetupReport:
    city: Organisation
    city_created: bool
    site: Site
    site_changes: list[str]

    @property
    def changed(self) -> bool:
        return self.city_created or bool(self.site_changes)


@transaction.atomic
def setup_site(*, name: str, code: str, url: str, site_name: str | None = None) -> SetupReport:
    """Everything a real site needs before its first import; SetupError on bad input, with
    nothing written."""
    address = parse_site_url(url)
    name, code = check_city(name, code)
    site_name = (site_name or "").strip() or None
    if site_name and len(site_name) > Site._meta.get_field("site_name").max_length:
        raise SetupError(_("The site name is too long."))
    site_changes = configure_site(address, site_name)
    city, created = ensure_city(name, code)
    provision_all()  # sections, collections, groups, permissions, review workflow (idempotent)
    site = Site.objects.get(is_default_site=True)
    return SetupReport(city=city, city_created=created, site=site, site_changes=site_changes)


def address_warnings(site: Site) -> list[str]:
    """What still stands between the configured address and parents (printed by setup_site)."""
    warnings = []
    if is_local_hostname(site.hostname):
        warnings.append(
            _(
                "%(url)s can only be opened on this machine: printed QR codes and links will "
                "not work for parents. Run setup_site again with the site's public address."
            )
            % {"url": site.root_url}
        )
    if not validate_host(site.hostname, settings.ALLOWED_HOSTS):
        warnings.append(
            _(
                "ALLOWED_HOSTS does not include %(host)s: add it (environment variable "
                "ALLOWED_HOSTS), or the site answers 400 Bad Request."
            )
            % {"host": site.hostname}
        )
    base_url = (getattr(settings, "WAGTAILADMIN_BASE_URL", None) or "").rstrip("/")
    if base_url != site.root_url:
        warnings.append(
            _(
                "WAGTAILADMIN_BASE_URL is %(current)s: set it to %(url)s (environment variable), "
                "so that links in e-mails (password resets, review notifications) point here too."
            )
            % {"current": base_url or "-", "url": site.root_url}
        )
    return warnings
