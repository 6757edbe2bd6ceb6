"""The transcoding job on awkward and bad inputs, with real ffmpeg (run in process)."""

import pytest
from django.conf import settings

from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from media_pipeline.models import LessonMedia, MediaStatus
from media_pipeline.plan import LADDER_VERSION
from media_pipeline.probe import MediaRejected

from . import clips
from .outputs import assert_playable, ffprobe, stored, streams
from .uploads import upload_as_admin


def run(path, title="测试") -> LessonMedia:
    media = ingest_file(path, title)
    assert media.status == MediaStatus.QUEUED
    pipeline.transcode(media.pk)
    media.refresh_from_db()
    return media


LOW_AND_360P = [(426, 240), (640, 360)]


def mp4_sizes(media) -> list[tuple[int, int]]:
    return sorted((o.width, o.height) for o in media.outputs.filter(kind="mp4"))


@pytest.mark.django_db
def test_good_clip_gets_the_full_ladder(good_clip):
    media = run(good_clip)
    assert media.status == MediaStatus.READY, media.error
    outputs = assert_playable(media)
    assert mp4_sizes(media) == [(426, 240), (640, 360), (960, 540), (1280, 720)]
    assert {("mp3", "broadcast"), ("aac", "broadcast"), ("hls", "master")} <= set(outputs)
    assert {("listen", "listen"), ("hls_variant", "audio")} <= set(outputs)
    assert media.ladder_version == LADDER_VERSION
    assert all(output.size > 0 for output in outputs.values())
    assert {("poster_jpg", "poster"), ("thumb_webp", "thumb")} <= set(outputs)
    assert media.duration == pytest.approx(3.0, abs=0.2)
    assert (media.width, media.height) == (1280, 720)
    assert media.progress == 100 and media.error == ""
    assert stored(outputs[("mp4", "720p")]).read_bytes()[4:8] == b"ftyp"


@pytest.mark.django_db
def test_broadcast_audio_is_loudness_normalised(good_clip):
    import subprocess

    media = run(good_clip)
    mp3 = stored(media.outputs.get(kind="mp3"))
    report = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(mp3), "-af", "ebur128", "-f", "null", "-"],
        capture_output=True, text=True,
    ).stderr  # fmt: skip
    integrated = float(report.rsplit("I:", 1)[1].split("LUFS")[0])
    assert -18.0 < integrated < -14.0


@pytest.mark.django_db
def test_faststart_mp4_is_written(good_clip):
    media = run(good_clip)
    data = stored(media.outputs.get(kind="mp4", name="360p")).read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")


@pytest.mark.django_db
def test_original_is_kept(good_clip):
    media = run(good_clip)
    assert media.file.storage.exists(media.file.name)
    assert media.file.size == good_clip.stat().st_size


@pytest.mark.parametrize(
    "name, make, sizes",
    [
        ("odd.mp4", lambda p: clips.video(p, size="641x359"), [(428, 240), (640, 358)]),
        ("yuv444.mp4", lambda p: clips.video(p, pix_fmt="yuv444p"), LOW_AND_360P),
        ("silent.mp4", lambda p: clips.video(p, audio=False), LOW_AND_360P),
        ("portrait.mp4", lambda p: clips.video(p, size="360x640"), [(240, 426), (360, 640)]),
        ("short.mp4", lambda p: clips.video(p, seconds=1), LOW_AND_360P),
        ("tiny.mp4", lambda p: clips.video(p, size="320x180"), [(320, 180)]),
        ("hevc10.mp4",
         lambda p: clips.video(p, vcodec=("-c:v", "libx265", "-x265-params", "log-level=error"),
                               pix_fmt="yuv420p10le"),
         LOW_AND_360P),
        ("vp9.webm",
         lambda p: clips.video(p, vcodec=("-c:v", "libvpx-vp9", "-deadline", "realtime"),
                               acodec=("-c:a", "libopus")),
         LOW_AND_360P),
        ("家长课堂 第1讲（上）[高清].mp4", lambda p: clips.video(p), LOW_AND_360P),
    ],
)  # fmt: skip
@pytest.mark.django_db
def test_awkward_inputs_end_ready(tmp_path, name, make, sizes):
    media = run(make(tmp_path / name))
    assert media.status == MediaStatus.READY, media.error
    assert mp4_sizes(media) == sizes
    assert_playable(media)


@pytest.mark.django_db
def test_silent_video_has_no_broadcast_audio(tmp_path):
    media = run(clips.video(tmp_path / "silent.mp4", audio=False))
    assert not media.outputs.filter(kind__in=["mp3", "aac", "listen"]).exists()
    assert not media.outputs.filter(kind="hls_variant", name="audio").exists()
    for mp4 in media.outputs.filter(kind="mp4"):
        assert not streams(ffprobe(stored(mp4)), "audio")


@pytest.mark.django_db
def test_rotated_phone_video_plays_upright(tmp_path, clip_dir):
    source = clips.video(clip_dir / "landscape-for-rotation.mp4", size="640x360")
    media = run(clips.rotated(tmp_path / "phone.mp4", source))
    assert media.status == MediaStatus.READY, media.error
    assert mp4_sizes(media) == [(240, 426), (360, 640)]
    video = streams(ffprobe(stored(media.outputs.get(kind="mp4", name="360p"))), "video")[0]
    assert not video.get("side_data_list")  # no rotation left for players to get wrong


@pytest.mark.django_db
def test_audio_only_upload_becomes_an_audio_item(tmp_path):
    media = run(clips.audio_only(tmp_path / "讲座录音.m4a"))
    assert media.status == MediaStatus.READY, media.error
    assert media.type == "audio"
    kinds = set(media.outputs.values_list("kind", flat=True))
    assert kinds == {"mp3", "aac", "listen"}
    assert_playable(media)


@pytest.mark.django_db
def test_small_h264_rung_is_a_remux(tmp_path):
    source = clips.video(tmp_path / "ready.mp4", extra=("-b:v", "250k", "-maxrate", "300k",
                                                        "-bufsize", "600k", *clips.GOP_2S))  # fmt: skip
    media = run(source)
    assert media.outputs.get(kind="mp4", name="360p").remuxed
    assert not media.outputs.get(kind="mp4", name="240p").remuxed
    assert_playable(media)


@pytest.mark.django_db
def test_truncated_faststart_mp4_fails_with_the_reason(tmp_path, faststart_clip):
    path = clips.truncated(tmp_path / "cut.mp4", faststart_clip, keep=0.5)
    try:
        media = run(path)
    except MediaRejected as exc:  # refused at the door is as good as failing clearly
        assert "不完整" in str(exc) or "损坏" in str(exc)
        return
    assert media.status == MediaStatus.FAILED
    assert "不完整" in media.error or "损坏" in media.error
    assert not media.outputs.exists()


@pytest.mark.parametrize(
    "name, content",
    [("empty.mp4", b""), ("notes.mp4", "家长会通知".encode() * 50)],
)
@pytest.mark.django_db
def test_bad_files_are_refused_and_nothing_is_created(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    before = sorted(p for p in (settings_media_root()).rglob("*") if p.is_file())
    with pytest.raises(MediaRejected):
        ingest_file(path, "坏文件")
    assert not LessonMedia.objects.exists()
    assert sorted(p for p in settings_media_root().rglob("*") if p.is_file()) == before


@pytest.mark.django_db
def test_rerun_replaces_outputs_with_one_set(good_clip, django_capture_on_commit_callbacks):
    from pathlib import Path

    media = run(good_clip)
    first_prefix = media.outputs_prefix
    LessonMedia.objects.filter(pk=media.pk).update(status=MediaStatus.QUEUED)
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.transcode(media.pk)
    media.refresh_from_db()
    assert media.status == MediaStatus.READY and media.outputs_prefix != first_prefix
    assert media.outputs.filter(kind="mp4").count() == 4
    # The previous set is removed once the new one is recorded.
    sets = list((Path(settings.MEDIA_ROOT) / "outputs" / str(media.pk)).iterdir())
    assert [p.name for p in sets] == [media.outputs_prefix.rsplit("/", 1)[1]]


@pytest.mark.django_db
def test_ready_item_is_not_transcoded_again(good_clip):
    media = run(good_clip)
    assert pipeline.transcode(media.pk) == "skipped"


def settings_media_root():
    from pathlib import Path

    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


@pytest.mark.django_db
def test_admin_upload_form_refuses_a_renamed_text_file_in_chinese(client, tmp_path):
    response = upload_as_admin(client, "家长会", "不是视频".encode() * 100)
    assert response.status_code == 200
    assert "不是视频或音频文件" in response.content.decode()
    assert not LessonMedia.objects.exists()
