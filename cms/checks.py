"""System checks of the site's public address (registered in cms.apps.CmsConfig.ready).

Printed QR codes, handouts and the feed carry the default Wagtail Site's address
(lessons.site_address). After `migrate` it is http://localhost: in production that prints
links no parent can open, until `manage.py setup_site --url …` sets the real one.

These checks read the database, so they carry Django's `database` tag: `migrate` runs them,
and so does `manage.py check --database default` (plain `check` does not touch the database).
"""

from django.conf import settings
from django.core.checks import Warning
from django.db import DatabaseError
from django.utils.translation import gettext as _

from lessons.site_address import default_site, is_local_hostname

LOCAL_SITE = "cms.W001"
ADMIN_BASE_URL_ELSEWHERE = "cms.W002"


def check_site_address(app_configs=None, databases=None, **kwargs):
    if settings.DEBUG or not databases or "default" not in databases:
        return []
    try:
        site = default_site()
    except DatabaseError:  # not migrated yet, or no database: nothing to say
        return []
    hint = _("Run: python manage.py setup_site --name NAME --code CODE --url https://YOUR-DOMAIN")
    if site is None or is_local_hostname(site.hostname):
        where = site.root_url if site is not None else _("no default site")
        return [
            Warning(
                _(
                    "The site's address is %(where)s: printed QR codes, handout links and the "
                    "feed point there, and parents cannot open them."
                )
                % {"where": where},
                hint=hint,
                id=LOCAL_SITE,
            )
        ]
    base_url = (getattr(settings, "WAGTAILADMIN_BASE_URL", None) or "").rstrip("/")
    if base_url != site.root_url:
        return [
            Warning(
                _(
                    "WAGTAILADMIN_BASE_URL (%(base_url)s) is not the site's address "
                    "(%(url)s): links in e-mails would point elsewhere."
                )
                % {"base_url": base_url or "-", "url": site.root_url},
                hint=_("Set WAGTAILADMIN_BASE_URL=%(url)s in the environment.")
                % {"url": site.root_url},
                id=ADMIN_BASE_URL_ELSEWHERE,
            )
        ]
    return []
