"""Media of another collection cannot be chosen, its usage is not shown, and the status
endpoint parses ids safely."""

import pytest
from django import forms
from django.urls import reverse

from media_pipeline.ingest import ingest_file
from media_pipeline.permissions import choosable_media, clean_media_choice
from tests.factories import UserFactory, school

from . import clips

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    return school("实验小学", "shiyan"), school("清水中学", "qingshui")


@pytest.fixture
def items(tmp_path, orgs):
    clip = clips.audio_only(tmp_path / "讲座.m4a", seconds=1)
    return tuple(ingest_file(clip, f"{org.name}的讲座", collection=org.collection) for org in orgs)


@pytest.fixture
def editors(orgs):
    return tuple(
        UserFactory(username=f"{org.code}_editor", groups=[org.editors_group]) for org in orgs
    )


def test_choosable_media_is_the_users_collections(items, editors):
    ours, theirs = items
    editor, _other = editors
    assert list(choosable_media(editor)) == [ours]
    assert clean_media_choice(editor, ours) == ours
    assert clean_media_choice(editor, None) is None
    with pytest.raises(forms.ValidationError) as excinfo:
        clean_media_choice(editor, theirs)
    assert excinfo.value.messages == ["您无权使用此媒体：它所在的收藏集不在您的权限范围内。"]
    with pytest.raises(forms.ValidationError):
        clean_media_choice(None, ours)  # a form built without its user accepts no new media
    # A video someone else already put on the page may stay when the editor saves.
    assert clean_media_choice(editor, theirs, current_id=theirs.pk) == theirs


def test_usage_is_only_shown_to_users_of_the_items_collection(client, items, editors):
    ours, theirs = items
    client.force_login(editors[0])
    assert client.get(f"/admin/media/usage/{ours.pk}/").status_code == 200
    response = client.get(f"/admin/media/usage/{theirs.pk}/")
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert (
        reverse("wagtailmedia:media_usage", args=[theirs.pk]) == f"/admin/media/usage/{theirs.pk}/"
    )


@pytest.mark.parametrize(
    "ids",
    ["%C2%B2", "\u00b2", "\u0663", "99999999999999999999", "1;2", "-1", "1,,x",
     ",".join(["1"] * 201)],
)  # fmt: skip
def test_status_refuses_malformed_ids_without_a_500(client, editors, ids):
    client.force_login(editors[0])
    query = f"ids={ids}" if "%" in ids else {"ids": ids}
    if isinstance(query, str):
        response = client.get(f"{reverse('media_pipeline_status')}?{query}")
    else:
        response = client.get(reverse("media_pipeline_status"), query)
    assert response.status_code == 400
    assert response.content.decode() == "媒体编号无效。"


def test_status_reports_only_the_users_items(client, items, editors):
    ours, theirs = items
    client.force_login(editors[0])
    response = client.get(reverse("media_pipeline_status"), {"ids": f"{ours.pk},{theirs.pk},"})
    assert response.status_code == 200
    assert list(response.json()) == [str(ours.pk)]


def test_huge_ids_in_media_addresses_are_not_found(client, editors):
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    huge = "9" * 20
    for address in (f"/admin/media-pipeline/{huge}/original/", f"/admin/media/usage/{huge}/"):
        assert client.get(address).status_code == 404, address
    assert client.post(f"/admin/media-pipeline/{huge}/retry/").status_code == 404
