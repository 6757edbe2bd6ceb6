"""The transcoding job for one media item: probe, plan, encode once, check, publish.

Called by the Celery task (media_pipeline.tasks) and nothing else runs ffmpeg on
an item. Errors are sorted into two kinds: PermanentFailure (bad input, ffmpeg
refusing it: the item is marked failed with the reason) and anything transient
(storage or database trouble), which the task retries.
"""

import json
import logging
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import limits, outputs, runner
from .claims import claim
from .models import LessonMedia, MediaOutput, MediaStatus
from .plan import (
    Plan,
    broadcast_command,
    loudness_command,
    master_playlist,
    plan_for,
    transcode_command,
)
from .probe import MediaRejected, probe

logger = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 2.0


class PermanentFailure(Exception):
    """The job cannot succeed by trying again; the message (Chinese) says why."""


def work_dir_for(media_id: int) -> Path:
    return Path(settings.MEDIA_PIPELINE_WORK_DIR) / f"media-{media_id}"


def transcode(media_id: int) -> str:
    """Run the job if it is ours to run. Returns what happened: done, failed, skipped or busy."""
    with claim(media_id) as media:
        if media is None:
            return "skipped"
        work = work_dir_for(media_id)
        shutil.rmtree(work, ignore_errors=True)  # leftovers of a killed attempt; we hold the lock
        (work / "hls").mkdir(parents=True)
        try:
            _run(media, work)
        except PermanentFailure as exc:
            mark_failed(media_id, str(exc))
            return "failed"
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return "done"


def _run(media: LessonMedia, work: Path) -> None:
    source_path = _local_source(media, work)
    try:
        source = probe(source_path)
        limits.check(source)  # a retried over-limit item fails here, before any decoding
    except MediaRejected as exc:
        raise PermanentFailure(str(exc)) from exc
    plan = plan_for(source)
    LessonMedia.objects.filter(pk=media.pk).update(source_info=source.as_dict())
    try:
        encode(source_path, work, source, plan, _progress_reporter(media.pk))
    except runner.FFmpegFailed as exc:
        raise PermanentFailure(
            _("Transcoding failed: %(detail)s") % {"detail": exc.detail}
        ) from exc
    if plan.rungs:
        (work / "hls" / "master.m3u8").write_text(master_playlist(plan))
    try:
        made = outputs.check(work, plan, source) + outputs.illustrate(work, plan, source)
    except outputs.OutputInvalid as exc:
        raise PermanentFailure(str(exc)) from exc
    except runner.FFmpegFailed as exc:
        raise PermanentFailure(
            _("Poster frame failed: %(detail)s") % {"detail": exc.detail}
        ) from exc
    _publish(media.pk, work, made, plan, source)


def _local_source(media: LessonMedia, work: Path) -> Path:
    """A path ffmpeg can read: the stored file itself, or a streamed copy (object storage)."""
    try:
        return Path(media.file.path)
    except NotImplementedError:
        target = work / ("source" + Path(media.file.name).suffix)
        with media.file.open("rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst, length=4 * 1024 * 1024)
        return target


def encode(source_path: Path, work: Path, source, plan: Plan, on_progress) -> None:
    """Every encoded output: the video pass and, beside it, the broadcast audio.

    The audio side (measure loudness, then encode MP3 + AAC with that gain) decodes the
    audio only and finishes long before the video pass; run in parallel it costs almost
    no wall time. Progress follows the video pass (or the audio, for audio-only media).
    """
    binary, path, out = settings.FFMPEG_BINARY, str(source_path), str(work)

    def broadcast(report=None) -> None:
        measured = _measure_loudness(source_path)
        runner.run(broadcast_command(binary, path, out, measured),
                   duration=source.duration, on_progress=report)  # fmt: skip

    if not plan.rungs:
        if plan.has_audio:
            broadcast(on_progress)
        return
    with ThreadPoolExecutor(max_workers=1) as side:
        audio = side.submit(broadcast) if plan.has_audio else None
        runner.run(transcode_command(binary, path, out, plan),
                   duration=source.duration, on_progress=on_progress)  # fmt: skip
        if audio is not None:
            audio.result()  # re-raises the audio side's FFmpegFailed


def _measure_loudness(source_path: Path) -> dict | None:
    stderr = runner.run(loudness_command(settings.FFMPEG_BINARY, str(source_path)))
    match = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", stderr, re.S)
    if not match:
        return None
    measured = json.loads(match.group(0))
    # Silence measures as -inf: fall back to one-pass normalisation.
    if any("inf" in str(measured.get(k, "")) for k in ("input_i", "input_tp", "input_thresh")):
        return None
    return measured


def _progress_reporter(media_id: int):
    last = {"at": 0.0, "percent": -1}

    def report(fraction: float) -> None:
        percent = min(99, int(fraction * 100))
        now = time.monotonic()
        if percent > last["percent"] and now - last["at"] >= PROGRESS_EVERY_SECONDS:
            LessonMedia.objects.filter(pk=media_id, status=MediaStatus.PROCESSING).update(
                progress=percent
            )
            last.update(at=now, percent=percent)

    return report


def _publish(media_id: int, work: Path, made: list, plan: Plan, source) -> None:
    prefix = outputs.upload(work, media_id)
    previous = LessonMedia.objects.values_list("outputs_prefix", flat=True).get(pk=media_id)
    with transaction.atomic():
        MediaOutput.objects.filter(media_id=media_id).delete()
        MediaOutput.objects.bulk_create(
            MediaOutput(
                media_id=media_id,
                kind=item.kind,
                name=item.name,
                path=f"{prefix}/{item.file.relative_to(work).as_posix()}",
                width=item.width,
                height=item.height,
                bit_rate=item.bit_rate,
                size=item.file.stat().st_size,
                duration=item.duration,
                remuxed=item.remuxed,
            )
            for item in made
        )
        thumb = next((i for i in made if i.kind == MediaOutput.Kind.THUMB_JPEG), None)
        LessonMedia.objects.filter(pk=media_id).update(
            status=MediaStatus.READY,
            progress=100,
            error="",
            duration=source.duration,
            width=source.width,
            height=source.height,
            type=source.kind,
            thumbnail=f"{prefix}/{thumb.file.name}" if thumb else "",
            outputs_prefix=prefix,
            finished_at=timezone.now(),
        )
    if previous and previous != prefix:
        transaction.on_commit(lambda: outputs.delete_prefix(previous))


def mark_failed(media_id: int, reason: str) -> None:
    LessonMedia.objects.filter(pk=media_id).update(
        status=MediaStatus.FAILED, error=reason[:2000], finished_at=timezone.now()
    )
    logger.warning("media %s failed: %s", media_id, reason)


def requeue(media_id: int, reason: str = "") -> None:
    """Back to the queue (a retry is coming): the reason stays visible meanwhile."""
    LessonMedia.objects.filter(pk=media_id).exclude(status=MediaStatus.READY).update(
        status=MediaStatus.QUEUED, progress=0, error=reason[:2000]
    )
