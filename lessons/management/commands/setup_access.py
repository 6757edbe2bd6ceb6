from django.core.management.base import BaseCommand

from lessons.access import REVIEWERS_GROUP, WORKFLOW_NAME, provision_all
from lessons.models import Organisation


class Command(BaseCommand):
    help = (
        "Create each organisation's section page, media collection and editors' group with "
        "its permissions, the reviewers' group and the review workflow. Safe to run again."
    )

    def handle(self, *args, **options):
        provision_all()
        self.stdout.write(
            f"{Organisation.objects.count()} organisations provisioned; "
            f"reviewers group '{REVIEWERS_GROUP}', workflow '{WORKFLOW_NAME}'."
        )
