from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from django.utils.translation import gettext as _

from cms.site_setup import SetupError, address_warnings, setup_site


def next_steps() -> list[str]:
    """The commands a new site runs next (the queues from the Celery settings)."""
    routed = sorted({route["queue"] for route in settings.CELERY_TASK_ROUTES.values()})
    default_queue = getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")
    workers = [f"celery -A cms worker -Q {queue} -c 1 -l info" for queue in routed]
    workers.append(f"celery -A cms worker -Q {default_queue} -l info")
    return [
        _("Next steps:"),
        "  1. " + _("An administrator account:"),
        "       python manage.py createsuperuser",
        "  2. " + _("The lessons (format: docs/import-format.md):"),
        "       python manage.py import_lessons FILE.jsonl",
        "  3. " + _("Background workers, one per queue (transcoding; everything else):"),
        *(f"       {worker}" for worker in workers),
        "  4. " + _("Scheduled publishing (one beat process for the whole site):"),
        "       celery -A cms beat -l info",
        "  5. " + _("The web server: gunicorn behind nginx (docs/deployment.md)."),
    ]


class Command(BaseCommand):
    help = (
        "Set up a real site: the top-level organisation (the city), sections, groups and the "
        "review workflow, and the site's public address, which QR codes, handouts and the feed "
        "print. Safe to run again; a new --url moves the site."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="the city's name, e.g. 示范市教育局")
        parser.add_argument(
            "--code",
            required=True,
            help="the city's code (Latin letters), also its section's address, e.g. city",
        )
        parser.add_argument(
            "--url", required=True, help="the address parents open, e.g. https://jzxx.example.cn"
        )
        parser.add_argument(
            "--site-name", help="the site's name in the admin (default: unchanged, or 网上家长学校)"
        )

    def handle(self, *args, name, code, url, site_name=None, **options):
        translation.activate(settings.LANGUAGE_CODE)
        try:
            executor = MigrationExecutor(connection)
            if executor.migration_plan(executor.loader.graph.leaf_nodes()):
                raise CommandError(_("The database is not up to date: run manage.py migrate."))
            report = setup_site(name=name, code=code, url=url, site_name=site_name)
        except SetupError as exc:
            raise CommandError(str(exc)) from exc
        except DatabaseError as exc:
            raise CommandError(
                _("The database cannot be used: %(error)s") % {"error": str(exc).strip()}
            ) from exc

        if report.city_created:
            self.stdout.write(
                _("Created the city %(name)s (code %(code)s).")
                % {"name": report.city.name, "code": report.city.code}
            )
        for change in report.site_changes:
            self.stdout.write(_("Site: %(change)s.") % {"change": change})
        if not report.changed:
            self.stdout.write(_("Nothing to change: the site is already set up."))
        self.stdout.write(
            _("The site: %(url)s · the city: %(name)s (%(code)s) · access and review workflow "
              "provisioned.")
            % {"url": report.site.root_url, "name": report.city.name, "code": report.city.code}
        )  # fmt: skip
        for warning in address_warnings(report.site):
            self.stderr.write(self.style.WARNING(_("Warning: %(text)s") % {"text": warning}))
        self.stdout.write("\n".join(["", *next_steps()]))
