"""Through the real nginx and gunicorn: a page is logged, a parent's beacon, vote, suggestion
and 我的学习 are not, in either access log (see test_private_logs.py for the paths)."""

import shutil
import time

import pytest
import requests

from .process_set_site import get

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(not shutil.which("nginx"), reason="deploy/packages.sh install serve"),
]


def _logs(ps) -> str:
    return (ps.root / "nginx" / "access.log").read_text() + ps.log("gunicorn").read_text()


def test_parents_channels_leave_no_line_in_the_access_logs(ps):
    lesson = ps.content["now_id"]
    posts = [
        ("/stats/plays/", {"lesson": lesson, "event": "started"}),
        (f"/feedback/{lesson}/", {"vote": "yes"}),
        ("/suggestions/", {"kind": "suggestion", "text": "希望多一些音频"}),
    ]
    for path, fields in posts:
        answer = requests.post(ps.url + path, data=fields, timeout=30)
        assert answer.status_code < 400, (path, answer.status_code, answer.text[:500])
    assert get(ps, "/my/").status_code == 200
    assert get(ps, "/grade/p2/?logged=1").status_code == 200  # a page is logged

    deadline = time.monotonic() + 10
    while _logs(ps).count("/grade/p2/?logged=1") < 2:  # once by nginx, once by gunicorn
        assert time.monotonic() < deadline, _logs(ps)[-3000:]
        time.sleep(0.2)
    logs = _logs(ps)
    for path in ("/stats/", "/feedback/", "/suggestions/", "/my/"):
        assert path not in logs
