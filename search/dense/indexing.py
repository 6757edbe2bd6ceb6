"""Keeping lesson vectors in step with what is published."""

from django.db import transaction

from lessons.models import LessonPage

from . import encoder, passages, store


def embed(page_id: int) -> str:
    """Embed a live lesson (again, only if its text or the model changed); forget one that
    is no longer live. Returns what happened: embedded, unchanged, removed or off."""
    model = encoder.current()
    vectors = store.vectors()
    page = LessonPage.objects.live().filter(pk=page_id).specific().first()
    if page is None:
        vectors.delete([page_id])
        return "removed"
    if model is None:
        return "off"
    texts = passages.lesson_passages(page)
    fingerprint = passages.fingerprint(model.name, texts)
    if vectors.stored_fingerprint(page_id, model.name) == fingerprint:
        return "unchanged"
    vectors.save(page_id, model.name, fingerprint, model.embed_passages(texts))
    return "embedded"


def queue(page_id: int) -> None:
    from .tasks import embed_lesson

    transaction.on_commit(lambda: embed_lesson.enqueue(page_id))


def on_published(sender, instance, **kwargs):
    if isinstance(instance, LessonPage):
        queue(instance.pk)


def connect_signals() -> None:
    from wagtail.signals import page_published, page_unpublished

    page_published.connect(on_published, dispatch_uid="search-dense-published")
    page_unpublished.connect(on_published, dispatch_uid="search-dense-unpublished")
