"""Transcoding never runs inside the upload request; the demo's runner does it afterwards."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.core.management import call_command

from media_pipeline.background import MAX_ATTEMPTS, run_pending
from media_pipeline.ingest import ingest_file
from media_pipeline.models import LessonMedia, MediaStatus
from media_pipeline.tasks import transcode_media
from tests.factories import UserFactory

from .outputs import assert_playable
from .uploads import post_video

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def celery_eager():
    """Celery's eager mode as the demo's settings turn it on (restored afterwards)."""
    conf = transcode_media.app.conf
    before = conf.task_always_eager
    conf.task_always_eager = True
    yield
    conf.task_always_eager = before


def upload(client, clip, title):
    with clip.open("rb") as fh:
        return post_video(client, title, fh)


@pytest.mark.django_db
@pytest.mark.parametrize("jobs", ["background", "celery"])
def test_upload_returns_queued_even_with_celery_eager(
    jobs, settings, celery_eager, client, good_clip, django_capture_on_commit_callbacks
):
    settings.MEDIA_PIPELINE_JOBS = jobs
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(client, good_clip, "开学第一课")
    assert response.status_code == 302
    media = LessonMedia.objects.get(title="开学第一课")
    # Nothing ran in the request: no job was sent, none was claimed, nothing was made.
    assert not [c for c in callbacks if "transcode" in repr(c)]
    assert (media.status, media.attempts, media.outputs.count()) == (MediaStatus.QUEUED, 0, 0)

    call_command("run_media_jobs", "--once")  # the demo's background process
    media.refresh_from_db()
    assert media.status == MediaStatus.READY, media.error
    assert_playable(media)


@pytest.mark.django_db
def test_runner_retries_storage_trouble_then_gives_up(tmp_path, good_clip):
    media = ingest_file(good_clip, "原文件丢失")
    Path(media.file.path).unlink()  # storage trouble: the original is gone
    assert run_pending() == [(media.pk, "requeued")]
    media.refresh_from_db()
    assert media.status == MediaStatus.QUEUED and "临时故障" in media.error
    for _ in range(MAX_ATTEMPTS - 1):
        run_pending()
    media.refresh_from_db()
    assert media.status == MediaStatus.FAILED and media.attempts == MAX_ATTEMPTS


@pytest.mark.django_db
def test_runner_takes_over_an_item_left_processing(good_clip):
    media = ingest_file(good_clip, "被中断的转码")
    LessonMedia.objects.filter(pk=media.pk).update(status=MediaStatus.PROCESSING)
    assert run_pending() == []
    assert run_pending(resume_processing=True) == [(media.pk, "done")]


def test_check_warns_when_celery_would_run_jobs_eagerly(settings, celery_eager):
    settings.MEDIA_PIPELINE_JOBS = "celery"
    assert "media_pipeline.W001" in {m.id for m in run_checks()}
    settings.MEDIA_PIPELINE_JOBS = "background"
    assert "media_pipeline.W001" not in {m.id for m in run_checks()}


def test_the_demo_runs_jobs_in_the_background():
    code = (
        "import django; django.setup(); from media_pipeline.jobs import sends_to_celery; "
        "from django.conf import settings; print(settings.MEDIA_PIPELINE_JOBS, sends_to_celery())"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["background", "False"], result.stderr
    demo = (ROOT / "Makefile").read_text().split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "manage.py run_media_jobs &" in demo and "manage.py runserver" in demo
