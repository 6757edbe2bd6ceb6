"""Play counts (lessons.feedback.plays): `POST /stats/plays/` counts a lesson's video starts and
completions per ISO week, 204 with no cookie; concurrent beacons are all counted."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
from django.urls import reverse

from lessons.feedback.counters import week_of
from lessons.models import PlayCounts
from tests.factories import ConceptLessonFactory, city

pytestmark = pytest.mark.django_db

URL = "/stats/plays/"


@pytest.fixture
def lesson():
    city()
    return ConceptLessonFactory(title="睡前十分钟")


def play(client, lesson_id, event="started", **extra):
    return client.post(URL, {"lesson": str(lesson_id), "event": event}, **extra)


def test_the_url_is_named():
    assert reverse("play_event") == URL


def test_started_and_completed_are_counted_per_week(client, lesson):
    for event in ("started", "started", "completed"):
        response = play(client, lesson.pk, event)
        assert response.status_code == 204
        assert response.content == b""
        assert not response.cookies
    row = PlayCounts.objects.get()
    assert (row.lesson_id, row.week, row.started, row.completed) == (lesson.pk, week_of(), 2, 1)
    assert {f.name for f in PlayCounts._meta.concrete_fields} == {
        "id", "lesson", "week", "started", "completed",
    }  # fmt: skip


def test_a_beacon_with_a_text_body_is_read_too(client, lesson):
    """navigator.sendBeacon with a string sends text/plain."""
    body = f"lesson={lesson.pk}&event=completed"
    assert client.post(URL, body, content_type="text/plain").status_code == 204
    assert PlayCounts.objects.get().completed == 1


@pytest.mark.parametrize(
    "fields, status, message",
    [
        ({"lesson": "1", "event": "paused"}, 400, "未知的播放事件"),
        ({"event": "started"}, 404, "这节课不存在或尚未发布"),
        ({"lesson": "abc", "event": "started"}, 404, "这节课不存在或尚未发布"),
        ({"lesson": "9" * 20, "event": "started"}, 404, "这节课不存在或尚未发布"),
        ({"lesson": "2000000000", "event": "started"}, 404, "这节课不存在或尚未发布"),
        ({"lesson": "1", "event": "started", "pad": "x" * 300}, 400, "内容太长"),
    ],
)
def test_bad_beacons_are_refused_in_chinese(client, lesson, fields, status, message):
    response = client.post(URL, fields)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not PlayCounts.objects.exists()


def test_a_draft_is_not_counted(client, lesson):
    draft = ConceptLessonFactory(title="草稿", live=False)
    assert play(client, draft.pk).status_code == 404
    assert client.get(URL).status_code == 405
    assert play(client, lesson.pk, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert not PlayCounts.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_beacons_count_fifty(live_server):
    """Fifty beacons posted at once to the live server (its own thread and database
    connection each), racing to create the week's row: exactly fifty starts."""
    city()
    lesson = ConceptLessonFactory(title="并发播放")
    beacons = 50
    start = Barrier(beacons)
    body = urlencode({"lesson": lesson.pk, "event": "started"}).encode()
    # Django's test server listens with a backlog of 10 (gunicorn's is 2048): past it, the
    # kernel resets connections before the server reads a byte. Room for all fifty at once.
    live_server.thread.httpd.socket.listen(beacons)

    def beacon(_):
        start.wait()
        request = Request(live_server.url + URL, data=body, method="POST")
        try:
            with urlopen(request, timeout=60) as response:
                return response.status, response.headers.get("Set-Cookie")
        except HTTPError as error:
            return error.code, error.read()[:200]

    with ThreadPoolExecutor(max_workers=beacons) as pool:
        answers = list(pool.map(beacon, range(beacons)))
    assert answers == [(204, None)] * beacons
    row = PlayCounts.objects.get(lesson=lesson)
    assert (row.started, row.completed) == (beacons, 0)
