"""A lesson's share images: where they are (URLs with a version, so that a new title or
cover is a new URL) and how they are made once and kept in the default storage.

The page declares the image without a query: its URL carries a hash of what the image shows
(the design, the kind, the title, the cover's id), all on the lesson's own row. The view reads
the lesson, draws the image on first request (render.py) and stores it under a name hashed
from the same content and the cover's file; a title change gives a new hash, so a new image,
while the old file stays for links already shared.
"""

import hashlib
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import UnidentifiedImageError

from ..models.registry import kind_of_model
from ..site_address import absolute_url
from . import render
from .design import DESIGN_VERSION, SQUARE, WIDE, Variant

logger = logging.getLogger(__name__)

STORAGE_DIR = "share"
PNG, JPEG = "image/png", "image/jpeg"


@dataclass(frozen=True)
class ShareImage:
    url: str  # absolute
    width: int
    height: int
    type: str  # image/png or image/jpeg


def _digest(*parts) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]


def site_name() -> str:
    return _("Online Parent School")


def kind_label(page) -> str:
    kind = kind_of_model(type(page))
    return str(kind.label) if kind is not None else ""


def version(page) -> str:
    """What the lesson's share image shows, hashed: the `v` of its URL."""
    return _digest(DESIGN_VERSION, type(page).__name__, page.title, page.cover_image_id or "")


def lesson_image(page, variant: Variant, root: str) -> ShareImage:
    """The lesson's share image as the page declares it: JPEG from its cover, else PNG."""
    ext, kind = ("jpg", JPEG) if page.cover_image_id else ("png", PNG)
    name = f"lesson_share_{variant.name}_{ext}"
    path = reverse(name, args=[page.pk]) + f"?v={version(page)}"
    return ShareImage(absolute_url(path, root), variant.width, variant.height, kind)


def default_image(variant: Variant, root: str) -> ShareImage:
    """The site's image for every page that is not a lesson."""
    path = reverse(f"default_share_{variant.name}") + f"?v={DESIGN_VERSION}"
    return ShareImage(absolute_url(path, root), variant.width, variant.height, PNG)


def images(page, root: str) -> tuple[ShareImage, ShareImage]:
    """(wide, square) for a lesson (page) or the site (None)."""
    if page is None:
        return default_image(WIDE, root), default_image(SQUARE, root)
    return lesson_image(page, WIDE, root), lesson_image(page, SQUARE, root)


def _stored(name: str, draw) -> str:
    """The stored file's name, drawing and saving it first if it is missing. Two first
    requests at once may both draw it; the storage keeps one (a second copy is removed)."""
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(draw()))
        if saved != name:
            default_storage.delete(saved)
    return name


def _centre(image) -> tuple[float, float]:
    focal = image.get_focal_point()
    if focal is None or not image.width or not image.height:
        return (0.5, 0.5)
    return (focal.centroid.x / image.width, focal.centroid.y / image.height)


def _cover_file(page, variant: Variant) -> tuple[str, str] | None:
    """(stored name, type) of the cover fitted to the variant, or None when the cover
    cannot be read by Pillow (an SVG, a broken file): the title card stands in."""
    image = page.cover_image
    focal = image.get_focal_point()
    key = _digest(DESIGN_VERSION, variant.name, image.file.name, focal and focal.as_tuple())
    name = f"{STORAGE_DIR}/cover-{key}.jpg"
    try:
        return _stored(name, lambda: _draw_cover(image, variant)), JPEG
    except (OSError, UnidentifiedImageError, ValueError):
        logger.warning("Cover image %s cannot be read for a share image.", image.pk)
        return None


def _draw_cover(image, variant: Variant) -> bytes:
    with image.open_file() as file:
        return render.cover_card(file, variant, _centre(image))


def title_file(title: str, label: str, variant: Variant) -> tuple[str, str]:
    """(stored name, type) of the title card for this title and kind label."""
    key = _digest(DESIGN_VERSION, variant.name, label, title, site_name())
    name = f"{STORAGE_DIR}/title-{key}.png"
    return _stored(name, lambda: render.title_card(title, label, site_name(), variant)), PNG


def lesson_file(page, variant: Variant) -> tuple[str, str]:
    """(stored name, type) of the lesson's share image, made if it does not exist yet."""
    if page.cover_image_id:
        found = _cover_file(page, variant)
        if found is not None:
            return found
    return title_file(page.title, kind_label(page), variant)


def default_file(variant: Variant) -> tuple[str, str]:
    slogan = _("Parent classes for every grade")
    return title_file(slogan, "", variant)
