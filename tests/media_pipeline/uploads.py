"""Uploads through the admin's add-video form (wagtailmedia's), as an editor makes them."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection

from tests.factories import UserFactory


def post_video(client, title: str, file, **fields):
    """The add-video form posted with `file` (an uploaded or an open file) into the root
    collection, by whoever the client is logged in as."""
    return client.post(
        reverse("wagtailmedia:add", args=["video"]),
        {"title": title, "file": file, "collection": Collection.get_first_root_node().pk, **fields},
    )


def upload_as_admin(client, title: str, content: bytes):
    """`content` uploaded as `<title>.mp4` by a superuser."""
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    return post_video(client, title, SimpleUploadedFile(f"{title}.mp4", content, "video/mp4"))
