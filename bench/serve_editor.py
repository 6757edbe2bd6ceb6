"""The soak's editor: one Django process that publishes when told (bench/serve.py).

Reads lines "publish <page id> <title>" on stdin; for each, saves a revision of the page with
that title and publishes it, as the admin's publish button does (Wagtail's
`save_revision().publish()`, the same signals, the purge when the transaction commits);
then prints "published <page id> <seconds>". Runs with the process set's environment.
"""

import sys
import time

import django


def main() -> None:
    django.setup()
    from django.db import transaction
    from wagtail.models import Page

    for line in sys.stdin:
        command, page_id, title = line.rstrip("\n").split(" ", 2)
        assert command == "publish", command
        started = time.perf_counter()
        with transaction.atomic():
            page = Page.objects.get(pk=int(page_id)).specific
            page.title = title
            page.save_revision().publish()
        print(f"published {page_id} {time.perf_counter() - started:.3f}", flush=True)


if __name__ == "__main__":
    main()
