from django.db import models
from django.utils.translation import gettext_lazy as _


class LessonVector(models.Model):
    """A published lesson's passage embeddings (search.dense.passages) for one model, on the
    database backends: float32 rows, unit length, one after the other."""

    page = models.OneToOneField(
        "lessons.LessonPage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    model = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=40)  # passages.fingerprint
    vectors = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            # Each process checks (row count, latest write) every few seconds: read from
            # this index alone, not from the table's rows (each holds kilobytes of vectors).
            models.Index(fields=["model", "updated_at"], name="search_vector_state_idx"),
        ]
        verbose_name = _("lesson embedding")
        verbose_name_plural = _("lesson embeddings")

    def __str__(self) -> str:
        return f"{self.page_id} ({self.model})"
