"""Without ffmpeg the demo stops with a message saying what to install (it used to go on
without videos, episode audio or a podcast feed)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lessons.models import LessonPage, Organisation

pytestmark = pytest.mark.django_db


def test_load_demo_without_ffmpeg_fails_clearly_and_writes_nothing(settings):
    settings.FFMPEG_BINARY = "/nonexistent/ffmpeg"
    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("load_demo", stdout=out, stderr=StringIO())
    message = str(refused.value)
    assert "/nonexistent/ffmpeg" in message
    assert "deploy/packages.sh install runtime" in message and "make demo" in message
    assert not Organisation.objects.exists() and not LessonPage.objects.exists()
    assert out.getvalue() == ""


def test_a_missing_ffprobe_is_named_too(settings):
    settings.FFPROBE_BINARY = "/nonexistent/ffprobe"
    with pytest.raises(CommandError, match="/nonexistent/ffprobe"):
        call_command("load_demo", stdout=StringIO(), stderr=StringIO())
