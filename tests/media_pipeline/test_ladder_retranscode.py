"""`manage.py retranscode` (issue 15), with real ffmpeg on tiny generated clips: items made
with an earlier ladder are made again once, their old outputs playing until the new set
replaces them, and a killed run resumes."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from media_pipeline import pipeline
from media_pipeline.models import LessonMedia, MediaStatus
from media_pipeline.plan import LADDER_VERSION
from tests.worker import ROOT, database_url, wait_for

from . import clips
from .ladder_outputs import run
from .outputs import ffprobe, stored, streams


def outdated(media: LessonMedia) -> dict[str, Path]:
    """Make a ready item look published with the previous ladder; return its output files."""
    LessonMedia.objects.filter(pk=media.pk).update(ladder_version=LADDER_VERSION - 1)
    return {o.path: stored(o) for o in media.outputs.all()}


def prefixes(media_id: int) -> list[str]:
    root = Path(settings.MEDIA_ROOT) / "outputs" / str(media_id)
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_retranscode_refreshes_outdated_items_once(tmp_path, capsys):
    first = run(clips.video(tmp_path / "a.mp4", size="320x180", seconds=2), "第一讲")
    second = run(clips.video(tmp_path / "b.mp4", size="320x180", seconds=2), "第二讲")
    current = run(clips.video(tmp_path / "c.mp4", size="320x180", seconds=2), "第三讲")
    old = {m.pk: outdated(m) for m in (first, second)}
    untouched = current.outputs_prefix
    # What a run killed between its upload and its swap leaves behind: removed first.
    stale = Path(settings.MEDIA_ROOT) / "outputs" / str(first.pk) / "0123456789ab" / "hls"
    stale.mkdir(parents=True)
    (stale / "240p_0000.ts").write_bytes(b"\x47" * 188)

    call_command("retranscode")
    out = capsys.readouterr().out
    assert f"[1/2] media {first.pk} 第一讲: done" in out
    assert f"[2/2] media {second.pk} 第二讲: done" in out
    for media in (first, second):
        media.refresh_from_db()
        assert media.status == MediaStatus.READY and media.ladder_version == LADDER_VERSION
        assert all(not path.exists() for path in old[media.pk].values())  # old set removed
        assert prefixes(media.pk) == [media.outputs_prefix.rsplit("/", 1)[1]]
        assert all(stored(o).is_file() for o in media.outputs.all())
    current.refresh_from_db()
    assert current.outputs_prefix == untouched

    published = dict(LessonMedia.objects.values_list("pk", "outputs_prefix"))
    call_command("retranscode")  # idempotent: nothing left
    assert "Nothing to do" in capsys.readouterr().out
    assert dict(LessonMedia.objects.values_list("pk", "outputs_prefix")) == published


@pytest.mark.django_db
def test_an_item_changed_during_its_retranscode_keeps_its_outputs(tmp_path):
    media = run(clips.video(tmp_path / "a.mp4", size="320x180", seconds=2))
    old = outdated(media)
    prefix = media.outputs_prefix

    def editor_replaces_the_file(fraction):
        LessonMedia.objects.filter(pk=media.pk).update(status=MediaStatus.QUEUED)

    with pytest.raises(pipeline.Superseded):
        pipeline.refresh(media.pk, on_progress=editor_replaces_the_file)
    media.refresh_from_db()
    assert media.outputs_prefix == prefix and media.ladder_version == LADDER_VERSION - 1
    assert all(path.is_file() for path in old.values())
    assert prefixes(media.pk) == [prefix.rsplit("/", 1)[1]]  # the new set was removed


def retranscode_process(log: Path) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test",
           "DATABASE_URL": database_url(), "PYTHONUNBUFFERED": "1"}  # fmt: skip
    with log.open("w") as fh:
        return subprocess.Popen([sys.executable, "manage.py", "retranscode"], cwd=ROOT, env=env,
                                stdout=fh, stderr=subprocess.STDOUT)  # fmt: skip


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_retranscode_killed_midway_resumes_and_old_outputs_play_meanwhile(tmp_path):
    # The second item takes a few seconds to re-make: the run is killed while it is at it.
    sizes = {1: ("320x180", 2), 2: ("640x360", 12), 3: ("320x180", 2)}
    items = [
        run(clips.video(tmp_path / f"{n}.mp4", size=size, seconds=seconds), f"第{n}讲")
        for n, (size, seconds) in sizes.items()
    ]
    old = {m.pk: outdated(m) for m in items}
    log = tmp_path / "first.log"
    process = retranscode_process(log)
    try:
        started = f"[2/3] media {items[1].pk}"
        wait_for(lambda: started in log.read_text(), 120, "item 2 to start", interval=0.05)
        # Item 2 is being re-made: it is still ready, its old outputs all there.
        assert LessonMedia.objects.get(pk=items[1].pk).status == MediaStatus.READY
        assert all(path.is_file() for path in old[items[1].pk].values())
    finally:
        os.kill(process.pid, signal.SIGKILL)  # a killed run (ffmpeg dies with it)
        process.wait()
    text = log.read_text()
    assert f"[1/3] media {items[0].pk} 第1讲: done" in text and "[3/3]" not in text
    versions = dict(LessonMedia.objects.values_list("pk", "ladder_version"))
    assert versions[items[0].pk] == LADDER_VERSION
    for media in items[1:]:  # untouched: old outputs, still playable
        assert versions[media.pk] == LADDER_VERSION - 1
        media.refresh_from_db()
        assert media.status == MediaStatus.READY
        for path in old[media.pk].values():
            assert path.is_file()
        for mp4 in media.outputs.filter(kind="mp4"):
            assert streams(ffprobe(stored(mp4)), "video")

    second = retranscode_process(tmp_path / "second.log")
    assert second.wait(timeout=180) == 0, (tmp_path / "second.log").read_text()
    text = (tmp_path / "second.log").read_text()
    assert f"[1/2] media {items[1].pk} 第2讲: done" in text
    assert f"[2/2] media {items[2].pk} 第3讲: done" in text
    for media in items:
        media.refresh_from_db()
        assert media.ladder_version == LADDER_VERSION
        assert prefixes(media.pk) == [media.outputs_prefix.rsplit("/", 1)[1]]
    third = retranscode_process(tmp_path / "third.log")
    assert third.wait(timeout=120) == 0
    assert "Nothing to do" in (tmp_path / "third.log").read_text()
