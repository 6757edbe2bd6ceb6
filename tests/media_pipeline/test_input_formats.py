"""Uploads cannot make ffmpeg read other files: playlists and lists are refused, and every
ffprobe/ffmpeg command reads its one input path with a real container demuxer only."""

import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files import File

from media_pipeline import formats, pipeline, runner
from media_pipeline.ffmpeg_commands import broadcast_command, loudness_command, transcode_command
from media_pipeline.models import LessonMedia, MediaStatus
from media_pipeline.plan import plan_for
from media_pipeline.posters import frame_command
from media_pipeline.probe import MediaRejected, _run_ffprobe, probe, probe_command

from . import clips
from .uploads import upload_as_admin

PLAYLIST_REASON = "这是播放列表或文件清单，不是视频或音频文件；请上传视频或音频文件本身。"
MAKERS = {"hls": clips.hls_playlist, "ffconcat": clips.ffconcat, "concat": clips.concat_list}
MEDIA_PIPELINE = Path(__file__).resolve().parents[2] / "media_pipeline"


@pytest.fixture(scope="module")
def secret(tmp_path_factory) -> Path:
    """Another organisation's original: a real MPEG-TS file in a directory of its own."""
    other = tmp_path_factory.mktemp("other-organisation")
    return clips.video(other / "confidential.ts", size="320x240", seconds=3)


def attack(tmp_path: Path, secret: Path, kind: str) -> Path:
    # ffconcat's "safe" mode allows bare names only, so that one sits beside the secret.
    folder = secret.parent if kind == "ffconcat" else tmp_path
    return MAKERS[kind](folder / f"lesson-{kind}.mp4", secret)


def plain_ffprobe_format(path: Path) -> str:
    """What ffprobe makes of the file without our options (the attack is real)."""
    result = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=format_name", "-of", "json", str(path)],
        capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(result.stdout or "{}").get("format", {}).get("format_name", "")


@pytest.mark.parametrize("kind", MAKERS)
def test_playlists_and_lists_are_refused_at_probe_with_the_reason(tmp_path, secret, kind):
    path = attack(tmp_path, secret, kind)
    with pytest.raises(MediaRejected) as excinfo:
        probe(path)
    assert str(excinfo.value) == PLAYLIST_REASON


@pytest.mark.parametrize("kind", ["hls", "ffconcat"])
def test_ffprobe_itself_refuses_them_even_past_the_first_bytes_check(tmp_path, secret, kind):
    path = attack(tmp_path, secret, kind)
    assert plain_ffprobe_format(path) in ("hls", "concat")  # plain ffprobe follows the list
    with pytest.raises(MediaRejected, match="不是视频或音频文件"):
        _run_ffprobe(str(path))  # our command: format and protocol whitelists


def test_every_ffmpeg_command_refuses_a_playlist_and_reads_nothing(tmp_path, secret):
    playlist = attack(tmp_path, secret, "hls")
    plan = plan_for(probe(secret))
    out = tmp_path / "out"
    (out / "hls").mkdir(parents=True)
    commands = {
        "transcode": transcode_command("ffmpeg", str(playlist), str(out), plan),
        "loudness": loudness_command("ffmpeg", str(playlist)),
        "broadcast": broadcast_command("ffmpeg", str(playlist), str(out), None),
        "frame": frame_command(str(playlist), 0.5, str(out / "frame.png")),
    }
    for name, command in commands.items():
        with pytest.raises(runner.FFmpegFailed, match="whitelist|Invalid"):
            runner.run(command)
        assert not [p for p in out.rglob("*") if p.is_file()], name
    # The same command without the whitelists reads the other organisation's file.
    options = formats.input_args()
    start = commands["frame"].index(options[0])
    unguarded = commands["frame"][:start] + commands["frame"][start + len(options) :]
    runner.run(unguarded)
    assert (out / "frame.png").stat().st_size > 0


@pytest.mark.django_db
@pytest.mark.parametrize("kind", MAKERS)
def test_a_playlist_forced_into_the_pipeline_fails_without_outputs(tmp_path, secret, kind):
    path = attack(tmp_path, secret, kind)
    media = LessonMedia(title="伪装的视频", type="video")
    with path.open("rb") as fh:
        media.file.save(path.name, File(fh))  # straight into storage, past the upload checks
    assert pipeline.transcode(media.pk) == "failed"
    media.refresh_from_db()
    assert media.status == MediaStatus.FAILED and PLAYLIST_REASON in media.error
    assert not media.outputs.exists()
    assert not (Path(settings.MEDIA_ROOT) / "outputs" / str(media.pk)).exists()


@pytest.mark.django_db
def test_admin_upload_of_a_playlist_says_why(client, tmp_path, secret):
    response = upload_as_admin(client, "第1课", attack(tmp_path, secret, "hls").read_bytes())
    assert response.status_code == 200
    assert PLAYLIST_REASON in response.content.decode()
    assert not LessonMedia.objects.exists()


@pytest.mark.parametrize(
    "name, args",
    [
        ("clip.ts", ()), ("clip.mkv", ()), ("clip.avi", ()), ("clip.flv", ()),
        ("clip.mpg", ("-c:v", "mpeg2video", "-c:a", "mp2")),
        ("clip.wmv", ("-c:v", "wmv2", "-c:a", "wmav2")),
        ("clip.3gp", ("-s", "352x288", "-c:a", "aac", "-ar", "16000", "-ac", "1")),
        ("talk.mp3", ("-vn",)), ("talk.wav", ("-vn",)), ("talk.flac", ("-vn",)),
        ("talk.ogg", ("-vn", "-c:a", "libopus")), ("talk.aiff", ("-vn",)),
        ("talk.aac", ("-vn", "-c:a", "aac")),
    ],
)  # fmt: skip
def test_real_containers_are_still_accepted(tmp_path, name, args):
    path = tmp_path / name
    clips.ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-f", "lavfi",
                 "-i", clips.SPEECH, "-t", "1", *args, str(path))  # fmt: skip
    result = probe(path)
    assert result.has_audio and result.duration > 0.5
    assert formats.is_allowed(result.format_name)


def test_every_command_puts_the_whitelists_before_its_input(tmp_path, secret):
    plan = plan_for(probe(secret))
    options = formats.input_args()
    assert options[options.index("-protocol_whitelist") + 1] == "file"
    for command in (
        probe_command(str(secret)),
        transcode_command("ffmpeg", str(secret), str(tmp_path), plan),
        loudness_command("ffmpeg", str(secret)),
        broadcast_command("ffmpeg", str(secret), str(tmp_path), None),
        frame_command(str(secret), 1.0, str(tmp_path / "f.png")),
    ):
        path_at = command.index(str(secret))
        if command[0] != settings.FFPROBE_BINARY:
            assert command[path_at - 1] == "-i", command
            path_at -= 1
        assert sorted(command[path_at - len(options) : path_at]) == sorted(options), command


def test_no_command_is_built_outside_the_guarded_builders():
    """A new ffmpeg or ffprobe call must go through the builders tested above."""
    allowed = {
        r"ffmpeg\.input\(": {"ffmpeg_commands.py"},
        r'"-i"': {"posters.py"},
        r"FFPROBE_BINARY": {"probe.py"},
        r"ffmpeg\.probe\(": set(),
    }
    for pattern, files in allowed.items():
        found = {
            path.name
            for path in MEDIA_PIPELINE.rglob("*.py")
            if re.search(pattern, path.read_text("utf-8"))
        }
        assert found <= files, (pattern, found - files)
    commands = (MEDIA_PIPELINE / "ffmpeg_commands.py").read_text()
    assert commands.count("ffmpeg.input(") == 1  # in _source()
