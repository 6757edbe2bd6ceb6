"""Integration: real Redis broker, a real Celery worker process, real ffmpeg."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from media_pipeline.ingest import ingest_file
from media_pipeline.models import LessonMedia, MediaStatus
from tests.factories import UserFactory
from tests.worker import ROOT, celery_worker, children, database_url, purge_queues, wait_for

from . import clips
from .outputs import assert_playable
from .uploads import post_video

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def status_of(pk):
    return LessonMedia.objects.values_list("status", flat=True).get(pk=pk)


def wait_until_done(pk, timeout=180):
    return wait_for(
        lambda: status_of(pk) in (MediaStatus.READY, MediaStatus.FAILED) and status_of(pk),
        timeout,
        f"media {pk} to finish",
    )


@pytest.fixture
def worker(tmp_path):
    purge_queues()
    with celery_worker(tmp_path / "worker.log") as process:
        yield process


def test_admin_upload_goes_to_ready_through_the_worker(worker, client, good_clip):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    with good_clip.open("rb") as fh:
        response = post_video(client, "开学第一课", fh, tags="")
    assert response.status_code == 302, response.content.decode()[:3000]
    media = LessonMedia.objects.get(title="开学第一课")
    assert wait_until_done(media.pk) == MediaStatus.READY, LessonMedia.objects.get(
        pk=media.pk
    ).error
    media.refresh_from_db()
    assert_playable(media)
    assert media.outputs.filter(kind="mp4").count() == 4  # 240p, 360p, 540p, 720p
    status = client.get(reverse("media_pipeline_status"), {"ids": str(media.pk)}).json()
    assert status[str(media.pk)]["status"] == "ready"


def test_worker_killed_mid_transcode_still_finishes_with_one_set(worker, tmp_path):
    source = clips.video(tmp_path / "long.mp4", size="1280x720", seconds=40)
    media = ingest_file(source, "被中断的转码")
    wait_for(
        lambda: LessonMedia.objects.filter(pk=media.pk, status="processing", progress__gte=5).exists(),
        120, "transcoding to get under way",
    )  # fmt: skip
    (child,) = children(worker.pid)
    assert children(child), "the pool child should be running ffmpeg"
    os.kill(child, signal.SIGKILL)  # as the OOM killer would

    assert wait_until_done(media.pk, timeout=300) == MediaStatus.READY
    media.refresh_from_db()
    assert media.attempts >= 2
    assert_playable(media)
    assert media.outputs.filter(kind="mp4").count() == 4  # 240p, 360p, 540p, 720p
    sets = list((Path(settings.MEDIA_ROOT) / "outputs" / str(media.pk)).iterdir())
    assert len(sets) == 1
    orphans = subprocess.run(["pgrep", "-f", str(source)], capture_output=True, text=True)
    assert orphans.stdout.strip() == "", "ffmpeg must die with its worker"


def test_failed_job_says_why_and_retry_from_admin_works(tmp_path, client):
    source = clips.video(tmp_path / "lesson.mp4", seconds=3)
    media = ingest_file(source, "需要重试的视频")
    stored = Path(media.file.path)
    good_bytes = stored.read_bytes()
    stored.write_bytes(good_bytes[: len(good_bytes) // 2])  # storage trouble: the original is cut

    purge_queues()
    from media_pipeline.tasks import transcode_media

    with celery_worker(tmp_path / "worker.log"):
        transcode_media.delay(media.pk)
        assert wait_until_done(media.pk) == MediaStatus.FAILED
        media.refresh_from_db()
        assert "损坏" in media.error or "不完整" in media.error

        stored.write_bytes(good_bytes)  # the original is restored
        client.force_login(UserFactory(username="editor", is_superuser=True, is_staff=True))
        response = client.post(reverse("media_pipeline_retry", args=[media.pk]))
        assert response.status_code == 302
        assert wait_until_done(media.pk) == MediaStatus.READY
    media.refresh_from_db()
    assert media.error == "" and media.attempts == 2
    assert_playable(media)


def test_cli_ingest_waits_and_prints_the_outputs(worker, good_clip):
    result = subprocess.run(
        [sys.executable, "manage.py", "ingest_video", str(good_clip), "--title", "命令行上传",
         "--wait", "--timeout", "180"],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test",
             "DATABASE_URL": database_url()},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "ready" in result.stdout
    for rung in ("360p", "540p", "720p"):
        assert rung in result.stdout


def test_cli_refuses_bad_input_with_one_line(tmp_path):
    bad = tmp_path / "作业 (1).mp4"
    bad.write_text("不是视频", "utf-8")
    result = subprocess.run(
        [sys.executable, "manage.py", "ingest_video", str(bad), "--title", "坏文件"],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test",
             "DATABASE_URL": database_url()},
    )  # fmt: skip
    assert result.returncode != 0
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and "不是视频或音频文件" in lines[0]
    assert not LessonMedia.objects.exists()
