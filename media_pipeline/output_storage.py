"""Publishing a finished job's files to storage, and removing older sets.

Outputs are made in a private work directory; only when every file is complete
and checked are they copied into storage under a fresh prefix and recorded, in
one transaction, as the item's outputs. Parents therefore never see a half-made
rendition, and a re-run replaces the previous set in one step.
"""

import os
import uuid
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage


def upload(work: Path, media_id: int) -> str:
    """Copy the whole work directory into storage under a new prefix; return the prefix."""
    prefix = f"outputs/{media_id}/{uuid.uuid4().hex[:12]}"
    for root, _dirs, files in os.walk(work):
        for name in sorted(files):
            path = Path(root) / name
            if path.suffix in (".png",) or name.startswith("."):
                continue  # the raw frame is not an output
            relative = path.relative_to(work).as_posix()
            with path.open("rb") as fh:
                stored = default_storage.save(f"{prefix}/{relative}", File(fh))
            if stored != f"{prefix}/{relative}":
                raise OSError(f"storage renamed {relative} to {stored}")
    return prefix


def delete_prefix(prefix: str) -> None:
    """Remove a previous set of outputs (after the new set is recorded)."""
    if not prefix:
        return
    try:
        directories, files = default_storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in files:
        default_storage.delete(f"{prefix}/{name}")
    for directory in directories:
        delete_prefix(f"{prefix}/{directory}")
    try:
        os.rmdir(default_storage.path(prefix))  # local storage keeps empty directories
    except (NotImplementedError, OSError):
        pass


def delete_stale_prefixes(media_id: int, keep: str) -> None:
    """Remove output sets of this item other than `keep` (left by a run killed after its
    upload and before its swap). Call only while holding the item's lock."""
    root = f"outputs/{media_id}"
    try:
        directories, _files = default_storage.listdir(root)
    except (FileNotFoundError, NotImplementedError):
        return
    for directory in directories:
        if f"{root}/{directory}" != keep:
            delete_prefix(f"{root}/{directory}")
