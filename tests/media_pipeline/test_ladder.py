"""The ladder for weak networks (issue 15), with real ffmpeg on tiny generated clips: a 240p
rung under 250 kbit/s on the wire, an audio-only HLS variant, aligned segments whether a
rung is encoded or remuxed, nothing larger than the source, and `manage.py retranscode`."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from media_pipeline import formats, pipeline, runner
from media_pipeline.ingest import ingest_file
from media_pipeline.models import LessonMedia, MediaOutput, MediaStatus
from media_pipeline.plan import (
    HLS_SEGMENT_SECONDS,
    LADDER_VERSION,
    keyframes_fit,
    listen_command,
    plan_for,
)
from media_pipeline.probe import SourcePackets, packets_command, probe, video_packets
from tests.worker import ROOT, database_url, wait_for

from . import clips
from .outputs import ffprobe, stored, streams

WIRE_LIMIT = 250_000  # bit/s: the 240p rung must fit a weak 3G link with room to spare
H264_PROFILE_IDC = {"Constrained Baseline": 0x42, "Baseline": 0x42, "Main": 0x4D, "High": 0x64}


def run(path: Path, title="阶梯测试") -> LessonMedia:
    media = ingest_file(path, title)
    assert pipeline.transcode(media.pk) == "done"
    media.refresh_from_db()
    assert media.status == MediaStatus.READY, media.error
    return media


def output(media, kind, name) -> MediaOutput:
    return media.outputs.get(kind=kind, name=name)


def master(media) -> list[tuple[dict, str]]:
    """The master playlist's variants in order: (attributes, URI)."""
    lines = stored(output(media, "hls", "master")).read_text().splitlines()
    assert lines[0] == "#EXTM3U"
    variants = []
    for line, uri in zip(lines, lines[1:], strict=False):
        if line.startswith("#EXT-X-STREAM-INF:"):
            attributes = {}
            for part in line.split(":", 1)[1].replace('"', "").split(","):
                if "=" in part:
                    key, value = part.split("=", 1)
                    attributes[key] = value
                else:  # the second codec of CODECS="a,b"
                    attributes[key] += "," + part
            variants.append((attributes, uri))
    return variants


def segments(playlist: Path) -> list[tuple[Path, float]]:
    result, duration = [], None
    for line in playlist.read_text().splitlines():
        if line.startswith("#EXTINF:"):
            duration = float(line.split(":", 1)[1].split(",", 1)[0])
        elif line and not line.startswith("#"):
            result.append((playlist.parent / line, duration))
    return result


def wire_rates(playlist: Path) -> list[float]:
    """bit/s of each segment on the wire (whole MPEG-TS file) over its EXTINF, ignoring a short
    last segment (under half a segment long), which HLS counts with the one before it."""
    return [
        file.stat().st_size * 8 / seconds
        for file, seconds in segments(playlist)
        if seconds >= HLS_SEGMENT_SECONDS / 2
    ]


def peak_rate(playlist: Path) -> float:
    """HLS BANDWIDTH by its definition (RFC 8216 4.3.4.2): the largest bit rate of any run of
    consecutive segments lasting between 0.5 and 1.5 times the target duration."""
    parts = [(f.stat().st_size * 8, s) for f, s in segments(playlist)]
    target = int(next(line for line in playlist.read_text().splitlines()
                      if line.startswith("#EXT-X-TARGETDURATION:")).split(":")[1])  # fmt: skip
    rates = []
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            seconds = sum(s for _, s in parts[i:j])
            if 0.5 * target <= seconds <= 1.5 * target:
                rates.append(sum(b for b, _ in parts[i:j]) / seconds)
    return max(rates)


def average_rate(playlist: Path) -> float:
    parts = segments(playlist)
    return sum(f.stat().st_size * 8 for f, _ in parts) / sum(s for _, s in parts)


def video_starts(playlist: Path) -> list[float]:
    """Each segment's first video timestamp, read with ffprobe from the .ts file itself."""
    starts = []
    for file, _seconds in segments(playlist):
        info = ffprobe(file)
        (video,) = streams(info, "video")
        starts.append(float(video["start_time"]))
    return starts


def variant_playlists(media) -> dict[str, Path]:
    return {o.name: stored(o) for o in media.outputs.filter(kind="hls_variant")}


def assert_aligned(media) -> None:
    """Every rung's segments start on the same timestamps; the MP4s start together too."""
    rungs = {n: p for n, p in variant_playlists(media).items() if n != "audio"}
    starts = {name: video_starts(playlist) for name, playlist in rungs.items()}
    reference = next(iter(starts.values()))
    assert len(reference) >= 3, starts
    for name, times in starts.items():
        assert times == pytest.approx(reference, abs=0.001), (name, starts)
    steps = [b - a for a, b in zip(reference, reference[1:], strict=False)]
    assert steps == pytest.approx([HLS_SEGMENT_SECONDS] * len(steps), abs=0.001)
    mp4_starts = {
        o.name: [float(s["start_time"]) for s in ffprobe(stored(o))["streams"]]
        for o in media.outputs.filter(kind="mp4")
    }
    assert len({tuple(v) for v in mp4_starts.values()}) == 1, mp4_starts


@pytest.fixture(scope="module")
def encoded_source(clip_dir) -> Path:
    return clips.video(clip_dir / "ladder-encoded.mp4", size="640x360", seconds=6)


@pytest.mark.django_db
def test_master_lists_240p_first_and_the_audio_variant_last_as_measured(encoded_source):
    media = run(encoded_source)
    variants = master(media)
    assert [uri for _a, uri in variants] == ["240p.m3u8", "360p.m3u8", "audio.m3u8"]
    playlists = variant_playlists(media)
    for attributes, uri in variants:
        playlist = playlists[uri.removesuffix(".m3u8")]
        assert int(attributes["BANDWIDTH"]) == pytest.approx(peak_rate(playlist), abs=1)
        assert int(attributes["BANDWIDTH"]) >= max(wire_rates(playlist)) - 1
        assert int(attributes["AVERAGE-BANDWIDTH"]) == pytest.approx(average_rate(playlist), abs=1)
        info = ffprobe(segments(playlist)[0][0])
        if uri == "audio.m3u8":
            assert "RESOLUTION" not in attributes
            assert attributes["CODECS"] == "mp4a.40.2"
            assert not streams(info, "video")
            (audio,) = streams(info, "audio")
            assert (audio["codec_name"], audio["profile"], audio["channels"]) == ("aac", "LC", 1)
            continue
        (video,) = streams(info, "video")
        assert attributes["RESOLUTION"] == f"{video['width']}x{video['height']}"
        video_codec, audio_codec = attributes["CODECS"].split(",")
        assert audio_codec == "mp4a.40.2" and streams(info, "audio")[0]["profile"] == "LC"
        assert video_codec.startswith(f"avc1.{H264_PROFILE_IDC[video['profile']]:02x}")
        assert video_codec.endswith(f"{video['level']:02x}")
    bandwidths = [int(a["BANDWIDTH"]) for a, uri in variants if uri != "audio.m3u8"]
    assert bandwidths == sorted(bandwidths)
    # The 240p rung: 426x240, mono audio, small enough for 3G.
    rung = output(media, "mp4", "240p")
    assert (rung.width, rung.height) == (426, 240)
    (audio,) = streams(ffprobe(stored(rung)), "audio")
    assert audio["channels"] == 1
    assert int(variants[0][0]["BANDWIDTH"]) < WIRE_LIMIT


@pytest.mark.django_db
def test_encoded_rungs_have_aligned_segments(encoded_source):
    media = run(encoded_source)
    assert not media.outputs.filter(remuxed=True).exists()
    assert_aligned(media)


@pytest.mark.django_db
def test_a_540p_source_with_2s_gops_is_remuxed_and_aligned(tmp_path):
    source = clips.video(tmp_path / "phone-2s.mp4", size="960x540", seconds=6,
                         extra=("-b:v", "800k", "-maxrate", "1000k", "-bufsize", "1600k",
                                *clips.GOP_2S))  # fmt: skip
    media = run(source)
    assert output(media, "mp4", "540p").remuxed
    assert not output(media, "mp4", "360p").remuxed
    assert_aligned(media)
    # The remuxed rung keeps the source's profile and level in the master.
    source_video = streams(ffprobe(source), "video")[0]
    codecs = dict((uri, a["CODECS"]) for a, uri in master(media))["540p.m3u8"]
    assert codecs.startswith(f"avc1.{H264_PROFILE_IDC[source_video['profile']]:02x}")
    assert codecs.split(",")[0].endswith(f"{source_video['level']:02x}")


@pytest.mark.django_db
def test_a_540p_source_with_10s_gops_is_reencoded_and_aligned(tmp_path):
    source = clips.video(tmp_path / "camera-10s.mp4", size="960x540", seconds=6,
                         extra=("-b:v", "800k", "-maxrate", "1000k", "-bufsize", "1600k",
                                *clips.GOP_10S))  # fmt: skip
    media = run(source)
    assert not media.outputs.filter(remuxed=True).exists()
    assert sorted(variant_playlists(media)) == ["240p", "360p", "540p", "audio"]
    assert_aligned(media)


def packets(keyframes, last=11.96, first=0.0) -> SourcePackets:
    return SourcePackets(tuple(keyframes), first, last)


@pytest.mark.parametrize(
    "keyframes, fits",
    [
        ([0, 2, 4, 6, 8, 10], True),
        ([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], True),  # more keyframes: the same cuts
        ([0, 10], False),  # a camera's 10 s GOP
        ([0, 2, 4.04, 6, 8, 10], False),  # one cut 40 ms late
        ([0, 2, 4, 6, 8], False),  # no keyframe where the last cut belongs
        ([0.04, 2.04, 4.04], False),  # the first frame is not a keyframe
    ],
)
def test_keyframes_fit_only_when_they_give_the_encoded_cuts(keyframes, fits):
    assert keyframes_fit(packets(keyframes), 25.0) is fits


def test_keyframes_fit_counts_from_the_first_frame():
    assert keyframes_fit(packets([0.5, 2.5, 4.5], first=0.5, last=5.46), 25.0)


@pytest.mark.django_db
def test_240p_stays_under_250_kbits_on_the_wire_for_a_noisy_source(tmp_path):
    source = clips.noisy(tmp_path / "dim-classroom.mp4", seconds=8)
    media = run(source)
    playlist = variant_playlists(media)["240p"]
    rates = wire_rates(playlist)
    assert len(rates) == 4
    assert max(rates) < WIRE_LIMIT, rates
    assert int(master(media)[0][0]["BANDWIDTH"]) < WIRE_LIMIT
    # Hard to compress indeed: the 360p rung spends what its ladder step allows.
    assert max(wire_rates(variant_playlists(media)["360p"])) > 2 * WIRE_LIMIT


@pytest.mark.django_db
def test_no_rung_is_larger_than_the_source_or_above_its_size(tmp_path):
    # 720p at a low bit rate: 540p and 720p would not be better than 360p, so they are dropped.
    low = clips.video(tmp_path / "low-720p.mp4", size="1280x720", seconds=4,
                      extra=("-b:v", "500k", "-maxrate", "600k", "-bufsize", "1000k"))  # fmt: skip
    remuxed = clips.video(tmp_path / "remux-540p.mp4", size="960x540", seconds=4,
                          extra=("-b:v", "800k", *clips.GOP_2S))  # fmt: skip
    for source, names in ((low, ["240p", "360p"]), (remuxed, ["240p", "360p", "540p"])):
        media = run(source)
        rungs = list(media.outputs.filter(kind="mp4").order_by("height"))
        assert [r.name for r in rungs] == names
        probed = probe(source)
        for rung in rungs:
            assert rung.size <= source.stat().st_size, (source.name, rung.name, rung.size)
            assert rung.size == stored(rung).stat().st_size
            assert rung.width <= probed.width and rung.height <= probed.height


def test_the_plan_caps_rungs_at_the_source_bit_rate(tmp_path, clip_dir):
    source = probe(clips.video(tmp_path / "thin.mp4", size="960x540", seconds=1,
                               extra=("-b:v", "300k")))  # fmt: skip
    plan = plan_for(source)
    source_kbps = source.video_bit_rate / 1000
    # 540p could carry no more bits than 360p: dropped; 360p gets what the source has.
    assert [r.name for r in plan.rungs] == ["240p", "360p"]
    assert all(r.video_kbps <= source_kbps for r in plan.rungs)
    assert plan.rungs[1].video_kbps < 400


@pytest.mark.django_db
def test_audio_only_upload_gets_speech_grade_listening_audio(tmp_path):
    media = run(clips.audio_only(tmp_path / "每周电台.m4a", seconds=4))
    listen = output(media, "listen", "listen")
    info = ffprobe(stored(listen))
    (audio,) = streams(info, "audio")
    assert (audio["codec_name"], audio["profile"], audio["channels"]) == ("aac", "LC", 1)
    assert 40_000 <= int(info["format"]["bit_rate"]) <= 60_000
    assert float(info["format"]["duration"]) == pytest.approx(4.0, abs=0.2)
    assert listen.size == stored(listen).stat().st_size > 0
    data = stored(listen).read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")  # faststart: plays while downloading
    assert not media.outputs.filter(kind__in=["hls", "hls_variant", "mp4"]).exists()
    assert {"mp3", "aac"} <= set(media.outputs.values_list("kind", flat=True))  # radio kept
    assert media.ladder_version == LADDER_VERSION


def test_the_new_commands_read_their_one_input_under_the_whitelists(tmp_path, encoded_source):
    """listen_command and packets_command, like every other builder (test_input_formats)."""
    options = formats.input_args()
    listen = listen_command("ffmpeg", str(encoded_source), str(tmp_path))
    packets = packets_command(str(encoded_source))
    for command in (listen, packets):
        at = command.index(str(encoded_source)) - (1 if command[0] == "ffmpeg" else 0)
        assert sorted(command[at - len(options) : at]) == sorted(options), command
    playlist = clips.hls_playlist(tmp_path / "lesson.mp4", encoded_source)
    with pytest.raises(runner.FFmpegFailed):
        runner.run(listen_command("ffmpeg", str(playlist), str(tmp_path)))
    assert not (tmp_path / "listen.m4a").exists()
    assert video_packets(playlist) is None


# --- manage.py retranscode ------------------------------------------------------------------


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
