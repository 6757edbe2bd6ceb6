"""Originals are private: outside MEDIA_ROOT, unguessable names, a permission-checked download;
the outputs stay public."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from media_pipeline.models import LessonMedia, MediaStatus
from media_pipeline.originals import move_public_originals, originals_storage
from tests.factories import UserFactory, school

from . import clips

pytestmark = pytest.mark.django_db


@pytest.fixture
def shiyan():
    return school("实验小学", "shiyan")


@pytest.fixture
def media(tmp_path, shiyan):
    clip = clips.video(tmp_path / "家长会.mp4", size="320x240", seconds=2)
    return ingest_file(clip, "家长会", collection=shiyan.collection)


def test_original_is_stored_outside_media_root_under_a_random_name(media):
    assert re.fullmatch(r"\d{4}/\d{2}/[A-Za-z0-9_-]{22}/家长会\.mp4", media.file.name)
    path = Path(media.file.path).resolve()
    assert Path(settings.MEDIA_PIPELINE_ORIGINALS_ROOT).resolve() in path.parents
    assert Path(settings.MEDIA_ROOT).resolve() not in path.parents
    assert media.filename == "家长会.mp4"  # what editors see in the admin


def test_anonymous_cannot_fetch_an_original_by_any_address(client, media):
    month = timezone.now().strftime("%Y/%m")
    for address in (
        f"/media/originals/{month}/家长会.mp4",  # the old, guessable address
        f"/media/{media.file.name}",  # the real name, under MEDIA_URL
        media.file.url,  # what the storage would answer
        media.url,  # the admin download
    ):
        response = client.get(address)
        assert response.status_code in (302, 404), address
        assert b"ftyp" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_the_job_reads_the_private_original_and_outputs_stay_public(client, media):
    assert pipeline.transcode(media.pk) == "done"
    media.refresh_from_db()
    assert media.status == MediaStatus.READY
    poster = media.outputs.get(kind="poster_jpg")
    response = client.get(default_storage.url(poster.path))
    assert response.status_code == 200
    assert media.file.storage.exists(media.file.name)  # the original is kept


def test_download_is_for_those_who_may_change_the_item(client, media, shiyan):
    other = school("清水中学", "qingshui")
    client.force_login(UserFactory(username="qingshui_editor", groups=[other.editors_group]))
    assert client.get(media.url).status_code == 403
    client.force_login(UserFactory(username="shiyan_editor", groups=[shiyan.editors_group]))
    response = client.get(media.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == Path(media.file.path).read_bytes()
    assert "attachment" in response["Content-Disposition"]


def test_public_originals_are_moved_once(client):
    legacy = "originals/2025/09/开学第一课.mp4"
    default_storage.save(legacy, ContentFile(b"\x00\x00\x00\x18ftypisom" + b"x" * 100))
    media = LessonMedia.objects.create(title="旧的上传", type="video", file=legacy)
    assert client.get(f"/media/{legacy}").status_code == 200  # public before

    assert move_public_originals(LessonMedia) == 1
    media.refresh_from_db()
    assert re.fullmatch(r"\d{4}/\d{2}/[A-Za-z0-9_-]{22}/开学第一课\.mp4", media.file.name)
    assert originals_storage().exists(media.file.name)
    assert not default_storage.exists(legacy)
    assert client.get(f"/media/{legacy}").status_code == 404
    assert move_public_originals(LessonMedia) == 0  # idempotent
    assert media.file.read().startswith(b"\x00\x00\x00\x18ftyp")


def test_admin_edit_view_links_the_checked_download(client, media):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    html = client.get(f"/admin/media/edit/{media.pk}/").content.decode()
    assert f'href="/admin/media-pipeline/{media.pk}/original/"' in html
    assert media.file.name.rsplit("/", 1)[0] not in html  # the random token stays secret
