"""Parents' own channels leave no line in the access logs (issue 19: "no request log, IP or
cookie is stored with them"): nginx's site and gunicorn's logger leave out the same paths, and
every parents' endpoint is under one of them. The process set checks both logs for real
(test_process_set_private_logs.py)."""

import re
import runpy
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
PARENTS_ENDPOINTS = [
    reverse("play_event"),
    reverse("lesson_feedback", args=[1]),
    reverse("suggestions"),
    reverse("record_backup_create"),
    reverse("record_backup_update"),
    reverse("record_backup_restore"),
    reverse("record_backup_delete"),
    reverse("star_certificate"),
    reverse("class_attended", args=["1-20260901.abc"]),
    reverse("my_learning"),
]


def gunicorn_pattern() -> re.Pattern:
    return runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["UNLOGGED_PATHS"]


def test_nginx_and_gunicorn_leave_out_the_same_paths():
    site = (ROOT / "deploy" / "nginx" / "parentschool.conf").read_text()
    block = re.search(r"location ~ (\S+) \{\s*access_log off;\s*proxy_pass", site)
    assert block is not None
    assert block.group(1) == gunicorn_pattern().pattern


def test_every_parents_endpoint_is_left_out_and_pages_are_not():
    pattern = gunicorn_pattern()
    assert [path for path in PARENTS_ENDPOINTS if not pattern.match(path)] == []
    for logged in ("/", "/grade/p1/", "/search/", "/admin/", "/city/lesson/", "/myths/"):
        assert not pattern.match(logged)
