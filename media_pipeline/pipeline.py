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

from . import hls_master, limits, output_storage, outputs, posters, runner
from .claims import claim, claim_for_refresh
from .ffmpeg_commands import (
    broadcast_command,
    listen_command,
    loudness_command,
    transcode_command,
)
from .models import LessonMedia, MediaOutput, MediaStatus
from .plan import LADDER_VERSION, Plan, could_remux, plan_for
from .probe import MediaRejected, probe, video_packets

logger = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 2.0


class PermanentFailure(Exception):
    """The job cannot succeed by trying again; the message (Chinese) says why."""


class Superseded(Exception):
    """While its outputs were re-made, the item changed (a new file, a new job): not published."""


def work_dir_for(media_id: int) -> Path:
    return Path(settings.MEDIA_PIPELINE_WORK_DIR) / f"media-{media_id}"


def transcode(media_id: int) -> str:
    """Run the job if it is ours to run. Returns what happened: done, failed, skipped or busy."""
    with claim(media_id) as media:
        if media is None:
            return "skipped"
        work = _fresh_work_dir(media_id)
        try:
            _run(media, work, _progress_reporter(media.pk))
        except PermanentFailure as exc:
            mark_failed(media_id, str(exc))
            return "failed"
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return "done"


def refresh(media_id: int, on_progress=None) -> str:
    """Re-make a ready item's outputs with the current ladder (`manage.py retranscode`).

    The item stays ready and parents keep playing its old outputs until the new set
    replaces them in one transaction. Returns done, or skipped (not ready, already
    current, or another worker holds it). Raises PermanentFailure (the old outputs stay)
    and Superseded (the item changed meanwhile; nothing published).
    """
    with claim_for_refresh(media_id, LADDER_VERSION) as media:
        if media is None:
            return "skipped"
        output_storage.delete_stale_prefixes(media_id, keep=media.outputs_prefix)  # a killed run's
        work = _fresh_work_dir(media_id)
        try:
            _run(media, work, on_progress or (lambda fraction: None), refresh=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return "done"


def _fresh_work_dir(media_id: int) -> Path:
    work = work_dir_for(media_id)
    shutil.rmtree(work, ignore_errors=True)  # leftovers of a killed attempt; we hold the lock
    (work / "hls").mkdir(parents=True)
    return work


def _run(media: LessonMedia, work: Path, on_progress, refresh: bool = False) -> None:
    source_path = _local_source(media, work)
    try:
        source = probe(source_path)
        limits.check(source)  # a retried over-limit item fails here, before any decoding
    except MediaRejected as exc:
        raise PermanentFailure(str(exc)) from exc
    # The source's keyframes decide a remux; they are read (packet headers only) only when
    # some rung could be one.
    plan = plan_for(source, video_packets(source_path) if could_remux(source) else None)
    if not refresh:
        LessonMedia.objects.filter(pk=media.pk).update(source_info=source.as_dict())
    _encode_checked(source_path, work, source, plan, on_progress)
    if plan.remuxes and not _aligned(work, plan):
        # The source's keyframes looked right but the segments came out otherwise: encode all.
        logger.warning("media %s: remuxed segments not aligned; encoding every rung", media.pk)
        plan = plan.encoded_only()
        shutil.rmtree(work / "hls")
        (work / "hls").mkdir()
        _encode_checked(source_path, work, source, plan, on_progress)
    try:
        if plan.rungs and not outputs.segments_aligned(work, plan):
            raise outputs.OutputInvalid(_("The renditions' HLS segments are not aligned."))
        made = outputs.check(work, plan, source)
        hls_master.write_master(work, plan)
        made += posters.illustrate(work, plan, source)
    except outputs.OutputInvalid as exc:
        raise PermanentFailure(str(exc)) from exc
    except runner.FFmpegFailed as exc:
        raise PermanentFailure(
            _("Poster frame failed: %(detail)s") % {"detail": exc.detail}
        ) from exc
    expect = {"status": MediaStatus.READY, "file": media.file.name} if refresh else None
    _publish(media.pk, work, made, source, expect=expect)


def _aligned(work: Path, plan: Plan) -> bool:
    try:
        return outputs.segments_aligned(work, plan)
    except outputs.OutputInvalid:
        return False


def _encode_checked(source_path: Path, work: Path, source, plan: Plan, on_progress) -> None:
    try:
        encode(source_path, work, source, plan, on_progress)
    except runner.FFmpegFailed as exc:
        raise PermanentFailure(
            _("Transcoding failed: %(detail)s") % {"detail": exc.detail}
        ) from exc


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
    no wall time. For audio-only media the listening audio (listen.m4a) is that pass's
    counterpart, beside the broadcast side in the same way. Progress follows the main pass.
    """
    binary, path, out = settings.FFMPEG_BINARY, str(source_path), str(work)

    def broadcast() -> None:
        measured = _measure_loudness(source_path)
        runner.run(broadcast_command(binary, path, out, measured), duration=source.duration)

    if plan.rungs:
        main = transcode_command(binary, path, out, plan)
    elif plan.has_audio:
        main = listen_command(binary, path, out)
    else:
        return
    with ThreadPoolExecutor(max_workers=1) as side:
        audio = side.submit(broadcast) if plan.has_audio else None
        runner.run(main, duration=source.duration, on_progress=on_progress)
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


def _publish(media_id: int, work: Path, made: list, source, expect: dict | None = None) -> None:
    """Upload the work directory, then swap the outputs in one transaction.

    `expect` (a re-transcode): publish only if the item still matches (still ready, same
    original); otherwise the new set is removed and Superseded raised."""
    prefix = output_storage.upload(work, media_id)
    previous = LessonMedia.objects.values_list("outputs_prefix", flat=True).get(pk=media_id)
    with transaction.atomic():
        rows = LessonMedia.objects.select_for_update().filter(pk=media_id, **(expect or {}))
        current = rows.exists()
        if current:
            _replace_outputs(media_id, work, made, source, prefix)
    if not current:
        output_storage.delete_prefix(prefix)
        raise Superseded(f"media {media_id} changed while its outputs were re-made")
    if previous and previous != prefix:
        transaction.on_commit(lambda: output_storage.delete_prefix(previous))


def _replace_outputs(media_id: int, work: Path, made: list, source, prefix: str) -> None:
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
            size=item.size if item.size is not None else item.file.stat().st_size,
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
        ladder_version=LADDER_VERSION,
        finished_at=timezone.now(),
        source_info=source.as_dict(),
    )


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
