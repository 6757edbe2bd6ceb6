"""The admin upload form: every file is ffprobed before it is accepted."""

from django import forms
from wagtailmedia.forms import BaseMediaForm

from .ingest import apply_probe, probe_upload
from .jobs import queue_transcode
from .probe import MediaRejected


class LessonMediaForm(BaseMediaForm):
    """wagtailmedia's form (WAGTAILMEDIA["MEDIA_FORM_BASE"]) with validation and a job."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            try:
                source = probe_upload(upload)
            except MediaRejected as exc:
                raise forms.ValidationError(str(exc), code="rejected") from exc
            apply_probe(self.instance, source)  # audio-only files are valid: audio items
        return upload

    def save(self, commit=True):
        file_changed = "file" in self.changed_data
        media = super().save(commit=commit)
        if commit and file_changed:
            queue_transcode(media)
        return media
