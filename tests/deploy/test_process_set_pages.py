"""The production process set's pages, driven through nginx as parents and editors reach them.

nginx (deploy/nginx/parentschool.conf) + gunicorn (deploy/gunicorn.conf.py) + a Celery worker +
beat, production settings, a throwaway PostgreSQL database, started by tests/process_set/ (the
set: conftest.py). Checked: a public page (compressed) and the same page again, a scheduled
publish done by beat, a publish purging both page cache tiers, what passes by nginx's cache.
Static files and media: test_process_set_static_and_media.py. About a minute for both.
"""

import json
import shutil
import time

import pytest
import requests

from tests.worker import wait_for

from .process_set_site import GO_LIVE_AFTER, get

pytestmark = [
    pytest.mark.processes,
    pytest.mark.skipif(not shutil.which("nginx"), reason="deploy/packages.sh install serve"),
]


def test_a_public_page_compressed_and_again(ps):
    first = get(ps, ps.content["now"], **{"Accept-Encoding": "br, gzip"})
    assert first.status_code == 200, first.text[:2000]
    assert first.headers["Server"] == "nginx"
    assert first.headers["Content-Encoding"] == "br"
    assert "已发布的课" in first.text
    assert "public" in first.headers["Cache-Control"]

    again = get(ps, ps.content["now"], **{"Accept-Encoding": "gzip"})
    assert again.status_code == 200
    assert again.headers["Content-Encoding"] == "gzip"
    assert again.text == first.text
    # nginx's page cache (the first tier) answers the second request of the same encoding.
    assert first.headers["X-Cache"] in ("MISS", "EXPIRED")
    assert get(ps, ps.content["now"], **{"Accept-Encoding": "br"}).headers["X-Cache"] == "HIT"

    grade = get(ps, "/grade/p1/", **{"Accept-Encoding": "gzip"})
    assert grade.status_code == 200 and "已发布的课" in grade.text


def test_a_scheduled_publish_is_done_by_beat(ps):
    later = ps.content["later"]

    def live():
        return get(ps, later).status_code == 200

    wait_for(live, GO_LIVE_AFTER + 60, "beat to publish the scheduled lesson:\n" + ps.logs())
    assert time.time() >= ps.content["go_live"]
    assert "定时发布的课" in get(ps, later).text
    assert "publish_scheduled" in ps.log("worker").read_text()
    grade = get(ps, "/grade/p1/")
    assert "定时发布的课" in grade.text  # the grade page listing it was purged


PUBLISH = """
from lessons.models import LessonPage
page = LessonPage.objects.get(url_path__endswith={slug!r}).specific
page.title = {title!r}
page.save_revision().publish()
"""

CREATE = """
import json
from tests.factories import ConceptLessonFactory
lesson = ConceptLessonFactory(title="缓存里的课", grades=["p2"], stages=["primary"])
print(json.dumps({"url": lesson.get_url(), "slug": lesson.slug + "/"}))
"""


def test_a_publish_purges_both_page_cache_tiers(ps):
    """nginx's cache and Redis hold the lesson and the grade page in every encoding; an
    editor's publish purges them: the next request of each is rendered again."""
    lesson = json.loads(ps.shell(CREATE).strip().splitlines()[-1])
    encodings = ("br", "gzip", "identity")
    for path in (lesson["url"], "/grade/p2/"):
        for encoding in encodings:
            get(ps, path, **{"Accept-Encoding": encoding})
            again = get(ps, path, **{"Accept-Encoding": encoding})
            assert again.headers["X-Cache"] == "HIT", (path, encoding)
    ps.shell(PUBLISH.format(slug=lesson["slug"], title="改过标题的课"))
    for path in (lesson["url"], "/grade/p2/"):
        for encoding in encodings:
            response = get(ps, path, **{"Accept-Encoding": encoding})
            assert response.headers["X-Cache"] == "MISS", (path, encoding)
            # Rendered again for the first encoding; the others from Redis, stored after it.
            redis = "miss" if encoding == encodings[0] else "hit"
            assert response.headers["X-Page-Cache"] == redis, (path, encoding)
            assert "改过标题的课" in response.text and "缓存里的课" not in response.text


def test_signed_in_and_query_strings_pass_by_nginx_cache(ps):
    path = "/grade/p1/kind/concept/"
    get(ps, path)
    assert get(ps, path).headers["X-Cache"] == "HIT"
    assert get(ps, path + "?page=1").headers["X-Cache"] == "BYPASS"
    cookie = requests.get(ps.url + path, cookies={"sessionid": "x"}, timeout=30)
    assert cookie.headers["X-Cache"] == "BYPASS"
