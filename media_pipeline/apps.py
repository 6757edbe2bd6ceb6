from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaPipelineConfig(AppConfig):
    """Upload, validation and transcoding of lesson videos (filled by the media pipeline issue)."""

    name = "media_pipeline"
    verbose_name = _("Media")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the settings checks)
