"""What a valid upload may cost: refused at probe time with the limit in the message, and a
retried over-limit item fails at once instead of transcoding."""

import pytest
from django.template.defaultfilters import filesizeformat

from media_pipeline import limits, pipeline
from media_pipeline.ingest import ingest_file, probe_and_check
from media_pipeline.jobs import retry
from media_pipeline.models import LessonMedia, MediaStatus
from media_pipeline.plan import plan_for
from media_pipeline.probe import MediaRejected, probe

from . import clips
from .uploads import upload_as_admin


def refusal(path) -> str:
    with pytest.raises(MediaRejected) as excinfo:
        probe_and_check(path)
    return str(excinfo.value)


def test_default_limits(settings):
    assert (settings.MEDIA_PIPELINE_MAX_WIDTH, settings.MEDIA_PIPELINE_MAX_HEIGHT) == (3840, 2160)
    assert settings.MEDIA_PIPELINE_MAX_PIXEL_RATE == 3840 * 2160 * 30
    assert limits._span(settings.MEDIA_PIPELINE_MAX_VIDEO_DURATION) == "2 小时"
    assert limits._span(settings.MEDIA_PIPELINE_MAX_AUDIO_DURATION) == "6 小时"
    assert limits._span(90 * 60) == "90 分钟" and limits._span(45) == "45 秒"


@pytest.mark.django_db
def test_an_8192_square_video_is_refused_with_the_limit(tmp_path):
    path = clips.still(tmp_path / "huge.mp4", "8192x8192")
    assert refusal(path) == "视频画面过大（8192×8192）；上限为 3840×2160（横屏或竖屏均可）。"
    with pytest.raises(MediaRejected):
        ingest_file(path, "超大视频")
    assert not LessonMedia.objects.exists()


def test_a_portrait_4k_phone_video_is_within_the_limits(tmp_path):
    source = probe_and_check(clips.still(tmp_path / "portrait.mp4", "2160x3840"))
    assert (source.width, source.height) == (2160, 3840)


def test_pixel_rate_limit_counts_frames_per_second(tmp_path, settings):
    settings.MEDIA_PIPELINE_MAX_WIDTH, settings.MEDIA_PIPELINE_MAX_HEIGHT = 640, 360
    settings.MEDIA_PIPELINE_MAX_PIXEL_RATE = 640 * 360 * 30
    probe_and_check(clips.video(tmp_path / "normal.mp4", seconds=1))  # 25 fps: fine
    fast = clips.video(tmp_path / "fast.mp4", seconds=1, extra=("-r", "100"))
    assert refusal(fast) == (
        "视频每秒像素过多（640×360，每秒 100 帧）；上限为每秒 6.91 百万像素，例如 640×360、每秒 30 帧。"
    )


def test_a_long_audio_is_refused_with_the_limit(tmp_path, settings):
    settings.MEDIA_PIPELINE_MAX_AUDIO_DURATION = 2  # stands for 6 hours
    path = tmp_path / "十小时静音.opus"
    clips.ffmpeg("-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-t", "4", "-c:a", "libopus",
                 str(path))  # fmt: skip
    assert refusal(path) == "音频时长（0:00:04）超过上限（最长 2 秒）。"


def test_a_long_video_is_refused_with_the_limit(tmp_path, settings):
    settings.MEDIA_PIPELINE_MAX_VIDEO_DURATION = 2
    assert (
        refusal(clips.video(tmp_path / "long.mp4")) == "视频时长（0:00:03）超过上限（最长 2 秒）。"
    )


def test_output_budget_is_refused_with_the_figure(tmp_path, settings):
    path = clips.video(tmp_path / "lesson.mp4")
    source = probe(path)
    projected = limits.projected_output_bytes(plan_for(source), source)
    # 240p (135 + 32 kbit/s) and 360p (400 + 62: 90 % of the source's audio) twice each (MP4
    # + HLS), the listening audio twice (48 kbit/s: listen.m4a + HLS) and 2 × 128 kbit/s
    # broadcast, for 3 s
    expected_kbps = 2 * (167 + 462) + 2 * 48 + 256
    assert projected == pytest.approx(expected_kbps * 1000 / 8 * source.duration)
    settings.MEDIA_PIPELINE_MAX_OUTPUT_BYTES = 100_000
    assert refusal(path) == (
        f"转码此文件预计会产生约 {filesizeformat(projected)} 的视频和音频，"
        f"超过每个媒体 {filesizeformat(100_000)} 的上限。"
    )


@pytest.mark.django_db
def test_admin_upload_over_a_limit_says_which(client, tmp_path, settings):
    settings.MEDIA_PIPELINE_MAX_VIDEO_DURATION = 2
    response = upload_as_admin(client, "长视频", clips.video(tmp_path / "lesson.mp4").read_bytes())
    assert response.status_code == 200
    assert "视频时长（0:00:03）超过上限（最长 2 秒）。" in response.content.decode()
    assert not LessonMedia.objects.exists()


@pytest.mark.django_db
def test_a_retried_over_limit_item_fails_at_probe_again(tmp_path, settings):
    media = ingest_file(clips.video(tmp_path / "lesson.mp4"), "改了上限之后")
    settings.MEDIA_PIPELINE_MAX_VIDEO_DURATION = 2  # lowered after the upload was accepted
    for attempt in (1, 2):
        assert pipeline.transcode(media.pk) == "failed"
        media.refresh_from_db()
        assert media.status == MediaStatus.FAILED and media.attempts == attempt
        assert media.error == "视频时长（0:00:03）超过上限（最长 2 秒）。"
        assert media.progress == 0 and not media.outputs.exists()
        assert retry(media)
