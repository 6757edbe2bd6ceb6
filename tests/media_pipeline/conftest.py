from pathlib import Path

import pytest

from . import clips


@pytest.fixture(scope="session")
def clip_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("clips")


@pytest.fixture(scope="session")
def good_clip(clip_dir) -> Path:
    return clips.video(clip_dir / "good.mp4", size="1280x720", seconds=3)


@pytest.fixture(scope="session")
def faststart_clip(clip_dir) -> Path:
    return clips.video(
        clip_dir / "faststart.mp4", size="640x360", seconds=6, extra=("-movflags", "+faststart")
    )


@pytest.fixture(scope="session")
def encoded_source(clip_dir) -> Path:
    """A 640x360 clip whose rungs are all encoded (test_ladder.py, test_ladder_alignment.py)."""
    return clips.video(clip_dir / "ladder-encoded.mp4", size="640x360", seconds=6)
