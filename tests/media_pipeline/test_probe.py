"""Every upload is ffprobed; bad files are refused with a clear Chinese reason."""

import pytest

from media_pipeline.probe import MediaRejected, probe

from . import clips


def rejected_reason(path) -> str:
    with pytest.raises(MediaRejected) as excinfo:
        probe(path)
    return str(excinfo.value)


def test_good_clip_is_described(good_clip):
    result = probe(good_clip)
    assert (result.width, result.height) == (1280, 720)
    assert result.has_video and result.has_audio
    assert result.video_codec == "h264" and result.bit_depth == 8
    assert 2.9 < result.duration < 3.2


def test_zero_bytes(tmp_path):
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    assert rejected_reason(path) == "文件是空的（0 字节）。"


def test_text_renamed_mp4(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("这不是视频，只是一段文字。\n" * 20, "utf-8")
    assert rejected_reason(path).startswith("不是视频或音频文件，或文件已损坏、不完整")


def test_image_renamed_mp4(tmp_path):
    path = clips.picture_renamed(tmp_path / "photo.mp4")
    assert rejected_reason(path) == "这是一张图片，不是视频或音频文件。"


def test_truncated_mp4_without_index_is_refused(tmp_path, good_clip):
    path = clips.truncated(tmp_path / "cut.mp4", good_clip)
    assert "不完整" in rejected_reason(path)


def test_audio_only_is_accepted(tmp_path):
    result = probe(clips.audio_only(tmp_path / "talk.m4a"))
    assert result.kind == "audio" and not result.has_video


def test_rotation_swaps_displayed_size(tmp_path, clip_dir):
    source = clips.video(clip_dir / "landscape.mp4", size="640x360")
    result = probe(clips.rotated(tmp_path / "phone.mp4", source))
    assert result.rotation in (90, 270)
    assert (result.width, result.height) == (360, 640)
