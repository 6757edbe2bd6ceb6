"""Embed every live lesson for dense retrieval (search.dense), e.g. after an upgrade or a
change of model:

    manage.py embed_lessons            embed what is missing or changed, drop what is gone
    manage.py embed_lessons 17 23      only these lessons

Idempotent: a lesson whose text and model are unchanged is skipped (its fingerprint), so a
second run does nothing and a stopped run carries on where it stopped. Publishing embeds a
lesson on its own (a background task); this command is for what is already there.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from lessons.models import LessonPage
from search.dense import encoder, indexing, store

PROGRESS_EVERY_SECONDS = 10.0


class Command(BaseCommand):
    help = "Embed live lessons for search by meaning (skips unchanged ones)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="lesson page ids (default: all)")

    def handle(self, *args, ids, **options):
        model = encoder.current()
        if model is None:
            raise CommandError("SEARCH_EMBEDDINGS is off: nothing to embed.")
        lessons = LessonPage.objects.live()
        if ids:
            lessons = lessons.filter(pk__in=ids)
        else:
            gone = store.vectors().page_ids() - set(lessons.values_list("pk", flat=True))
            store.vectors().delete(gone)
            if gone:
                self.stdout.write(f"Removed the vectors of {len(gone)} lesson(s) no longer live.")
        pending = list(lessons.order_by("pk").values_list("pk", flat=True))
        counts: dict[str, int] = {}
        last = time.monotonic()
        for number, pk in enumerate(pending, 1):
            outcome = indexing.embed(pk)
            counts[outcome] = counts.get(outcome, 0) + 1
            if time.monotonic() - last > PROGRESS_EVERY_SECONDS:
                self.stdout.write(f"[{number}/{len(pending)}] {counts}")
                last = time.monotonic()
        summary = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "none"
        self.stdout.write(f"{len(pending)} live lesson(s) with {model.name}: {summary}.")
