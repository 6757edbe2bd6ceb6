"""The ladder for weak networks (issue 15), with real ffmpeg on tiny generated clips: a 240p
rung under 250 kbit/s on the wire, an audio-only HLS variant, nothing larger than the source.
Aligned segments: test_ladder_alignment.py; `manage.py retranscode`: test_ladder_retranscode.py."""

import pytest

from media_pipeline import formats, runner
from media_pipeline.ffmpeg_commands import listen_command
from media_pipeline.plan import LADDER_VERSION, plan_for
from media_pipeline.probe import packets_command, probe, video_packets

from . import clips
from .ladder_outputs import (
    H264_PROFILE_IDC,
    average_rate,
    master,
    output,
    peak_rate,
    run,
    segments,
    variant_playlists,
    wire_rates,
)
from .outputs import ffprobe, stored, streams

WIRE_LIMIT = 250_000  # bit/s: the 240p rung must fit a weak 3G link with room to spare


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
