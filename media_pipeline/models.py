"""Media items (wagtailmedia's model, extended with the transcoding job) and their outputs."""

from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtailmedia.models import AbstractMedia

from .originals import original_upload_to, originals_storage


class MediaStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class LessonMedia(AbstractMedia):
    """An uploaded video or audio file. The original is kept; parents only ever get
    the outputs of a finished job (status READY)."""

    # Private (see originals.py): never under MEDIA_URL, unguessable names.
    file = models.FileField(
        upload_to=original_upload_to,
        storage=originals_storage,
        max_length=255,
        verbose_name=_("file"),
    )
    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to="captions/%Y/%m",
        blank=True,
        validators=[FileExtensionValidator(["vtt"])],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MediaStatus.choices, default=MediaStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("reason for failure"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    source_info = models.JSONField(default=dict, blank=True, editable=False)
    outputs_prefix = models.CharField(max_length=255, blank=True, editable=False)
    # plan.LADDER_VERSION of the published outputs (0: none yet, or older than the versions);
    # `manage.py retranscode` re-makes the outputs of ready items below the current version.
    ladder_version = models.PositiveSmallIntegerField(default=0, editable=False)

    admin_form_fields = ("title", "file", "captions", "collection", "tags")

    class Meta(AbstractMedia.Meta):
        verbose_name = _("media")
        verbose_name_plural = _("media")

    @property
    def url(self) -> str:
        """The original, for editors: the permission-checked admin download (wagtailmedia's
        listing and edit view link here)."""
        return reverse("media_pipeline_original", args=[self.pk])

    @property
    def is_ready(self) -> bool:
        return self.status == MediaStatus.READY


class MediaOutput(models.Model):
    """One finished output of a media item, stored through Django's storage API."""

    class Kind(models.TextChoices):
        MP4 = "mp4", _("MP4 rendition")
        HLS_MASTER = "hls", _("HLS master playlist")
        HLS_VARIANT = "hls_variant", _("HLS variant playlist")
        AUDIO_MP3 = "mp3", _("Broadcast audio (MP3)")
        AUDIO_AAC = "aac", _("Broadcast audio (AAC)")
        LISTEN = "listen", _("Listening audio (speech, AAC)")
        POSTER_JPEG = "poster_jpg", _("Poster (JPEG)")
        POSTER_WEBP = "poster_webp", _("Poster (WebP)")
        THUMB_JPEG = "thumb_jpg", _("Thumbnail (JPEG)")
        THUMB_WEBP = "thumb_webp", _("Thumbnail (WebP)")

    media = models.ForeignKey(LessonMedia, on_delete=models.CASCADE, related_name="outputs")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=40)  # e.g. 360p, master, broadcast
    path = models.CharField(max_length=255)  # storage name
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    bit_rate = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveBigIntegerField(default=0)  # bytes (an HLS variant: with its segments)
    duration = models.FloatField(null=True, blank=True)
    remuxed = models.BooleanField(default=False)

    class Meta:
        ordering = ["media", "kind", "height"]
        constraints = [
            models.UniqueConstraint(fields=["media", "kind", "name"], name="media_output_unique")
        ]

    def __str__(self):
        return f"{self.media_id} {self.kind} {self.name}"
