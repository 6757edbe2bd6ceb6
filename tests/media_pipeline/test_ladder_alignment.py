"""The ladder's segments are aligned (issue 15), with real ffmpeg on tiny generated clips:
every rung's segments start on the same timestamps whether a rung is encoded or remuxed from
a source whose keyframes give the encoded cuts."""

import pytest

from media_pipeline.plan import keyframes_fit
from media_pipeline.probe import SourcePackets

from . import clips
from .ladder_outputs import H264_PROFILE_IDC, assert_aligned, master, output, run, variant_playlists
from .outputs import ffprobe, streams


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
