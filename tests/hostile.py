"""Hostile input against every public URL with a number or free text in it: no 5xx.

    .venv/bin/python -m tests.hostile sqlite

The requests (`requests_for`) go through Django's test client to the home page, grade,
stage, kind and topic lists, choose-grade, lesson pages, class mode, the handout, the QR
codes, the episode feed, the search page, /api/search/ (every parameter) and suggest, and
Wagtail's public URLs with ids (documents, the private page password form), with huge,
negative and Unicode numbers, empty and very long strings, quotes, SQL and FTS syntax, NUL
bytes, emoji, traditional characters and percent-encoded junk, in the path, the query
string and the grade cookie; and the parents' POST endpoints (POSTS: votes, suggestions,
play beacons, the record's backup and certificates) with the same values in every field and
malformed bodies (RAW_BODIES). `fuzz` returns what answered 5xx or raised.

tests/test_hostile_input.py runs it in-process on PostgreSQL (the test database) and, through
`main`, in a subprocess on a temporary SQLite database with migrations and a few lessons (the
demo's database, where a 20-digit id was a 500), the way tests/search/relevance.py does.
"""

import json
import logging
import sys
import time
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from tests.hostile_values import (
    PAGE_LISTS,
    POSTS,
    RAW,
    RAW_BODIES,
    SEARCH_PARAMS,
    SLOW_FIELDS,
    TAKEN_AGAIN,
    VALUES,
)
from tests.sqlite_site import private_sqlite


@dataclass(frozen=True)
class Request:
    path: str
    params: tuple = ()
    cookie: str | None = None
    method: str = "GET"
    body: tuple | None = None  # (content type, bytes) sent as written

    def __str__(self):
        query = "?" + urlencode(self.params) if self.params else ""
        if self.body is not None:
            query = f" {self.body[0]} {self.body[1][:40]!r}"
        shown = (f"{self.method} " if self.method != "GET" else "") + (self.path + query)[:160]
        return shown + (f" (cookie grade={self.cookie[:40]!r})" if self.cookie else "")


def _segment(value: str) -> str:
    return quote(value, safe="")


def requests_for(site: dict) -> list[Request]:
    """Every hostile request for a seeded site: `site` names a live required lesson
    (`required`), any live lesson (`lesson`), a topic (`topic`) and lesson URLs (`urls`)."""
    ids = [site["required"], site["lesson"]]
    requests = [Request(p) for p in site["urls"] + RAW]  # the real ones answer 200 (see fuzz)
    lesson_url = f"http://testserver{site['urls'][0]}"  # for oEmbed's url parameter
    for value in VALUES:
        v = _segment(value)
        requests += [
            Request(f"/class/{v}/"),
            Request(f"/class/{v}/handout.pdf"),
            Request(f"/lessons/{v}/qr.svg"),
            Request(f"/lessons/{v}/qr.png"),
            Request(f"/lessons/{v}/share.png"),  # share images (lessons.sharing)
            Request(f"/lessons/{v}/share-square.jpg"),
            Request("/share/default.png", (("v", value),)),
            Request("/share/wechat-config/", (("url", value),)),  # 404 unless configured
            Request("/share/wechat-config/", (("url", f"http://localhost/{value}"),)),
            Request(f"/grade/{v}/"),
            Request(f"/grade/p1/kind/{v}/"),
            Request(f"/grade/p1/topic/{v}/"),
            Request(f"/stage/{v}/"),
            Request(f"/choose-grade/{v}/"),
            Request(f"/my/attended/{v}/"),
            Request(f"/embed/{v}/"),  # lessons.embeds: the embed page, oEmbed, grade feeds
            Request(f"/grade/{v}/feed.xml"),
            Request("/oembed/", (("url", value),)),
            Request("/oembed/", (("url", "http://testserver" + value),)),
            Request("/oembed/", (("url", "http://testserver/" + v + "/"), ("format", value))),
            Request("/oembed/", (("url", lesson_url), ("maxwidth", value))),
            Request("/oembed/", (("url", lesson_url), ("maxheight", value))),
            Request(f"{site['urls'][0]}{v}/"),
            Request(f"/documents/{v}/handout.pdf"),  # Wagtail's public URLs with ids
            Request(f"/_util/authenticate_with_password/{v}/{v}/"),
            Request("/", cookie=value),
            Request("/search/", cookie=value),
            Request("/api/search/suggest/", (("q", value),)),
        ]
        for name in SEARCH_PARAMS:
            params = {"q": "孩子", "grade": "", name: value}
            requests += [Request("/search/", tuple(params.items()))]
            requests += [Request("/api/search/", tuple(params.items()))]
        for path in PAGE_LISTS:
            requests.append(Request(path, (("page", value),)))
        requests.append(Request(f"/grade/p1/topic/{site['topic']}/", (("page", value),)))
        requests.append(Request(site["urls"][1], (("page", value), ("q", value))))
    for page_id in ids:  # the real ids, to be sure the kit's views are reached at all
        requests += [Request(f"/lessons/{page_id}/qr.svg"), Request(f"/class/{page_id}/")]
        requests += [Request(f"/lessons/{page_id}/share.png", (("v", "x"),))]
        requests += [Request(f"/embed/{page_id}/")]
    return requests + post_requests(site)


def _fill(template: str, site: dict) -> str:
    for name, value in site["posts"].items():
        template = template.replace("{" + name + "}", str(value))
    return template


def _valid_post(site: dict, template: str) -> Request:
    fields = {name: _fill(value, site) for name, value in POSTS[template].items()}
    return Request(_fill(template, site), tuple(fields.items()), method="POST")


def post_requests(site: dict) -> list[Request]:
    requests = []
    for template in POSTS:
        valid = _valid_post(site, template)
        path, fields = valid.path, dict(valid.params)
        requests.append(valid)
        for value in VALUES:
            if "{" in template:
                requests.append(Request(template.format(lesson=_segment(value)), method="POST"))
        for name in fields:
            for value in SLOW_FIELDS.get((template, name), VALUES):
                requests.append(
                    Request(path, tuple({**fields, name: value}.items()), method="POST")
                )
        requests += [Request(path, method="POST", body=body) for body in RAW_BODIES]
    return requests


def _send(client, request: Request, cookie: str):
    if request.method == "GET":
        return client.get(request.path, dict(request.params), HTTP_COOKIE=cookie)
    if request.body is not None:
        content_type, body = request.body
        return client.post(request.path, body, content_type=content_type, HTTP_COOKIE=cookie)
    return client.post(request.path, dict(request.params), HTTP_COOKIE=cookie)


@dataclass
class Outcome:
    requests: int
    statuses: dict
    failures: list  # [(request, status or exception)]
    seconds: float


def _wsgi(text: str) -> str:
    return text.encode("utf-8", "surrogatepass").decode("latin-1")


def fuzz(client, site: dict) -> Outcome:
    """Send every request; 5xx answers and exceptions are failures. The real URLs must
    answer 200, else the site was not seeded (and the fuzz would prove nothing)."""
    started = time.monotonic()
    requests = requests_for(site)
    statuses: dict[int, int] = {}
    failures = []
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)  # not one "Not Found" line per request
    try:
        for request in requests:
            # The Cookie header as a browser sends it: UTF-8 bytes, which WSGI reads as Latin-1.
            cookie = "" if request.cookie is None else "grade=" + _wsgi(request.cookie)
            try:
                response = _send(client, request, cookie)
            except Exception as exc:  # noqa: BLE001 - every exception is a finding
                failures.append((str(request), f"{type(exc).__name__}: {exc}"[:300]))
                continue
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if response.status_code >= 500:
                failures.append((str(request), response.status_code))
    finally:
        request_log.setLevel(level)
    for url in site["urls"] + [f"/lessons/{site['lesson']}/qr.svg"]:
        status = client.get(url, HTTP_COOKIE="").status_code
        if status != 200:
            failures.append((url, f"the real URL answered {status}"))
    for template in POSTS:  # a valid post is taken, so the endpoints were reached at all
        valid = _valid_post(site, template)
        status = _send(client, valid, "").status_code
        if status != TAKEN_AGAIN.get(template, status if status < 400 else 200):
            failures.append((str(valid), f"a valid post answered {status}"))
    return Outcome(len(requests), statuses, failures, time.monotonic() - started)


def seed() -> dict:
    """A few live lessons of every kind, a draft, topics, two record backups: what the URLs
    above name."""
    from django.utils import timezone

    from lessons.models import Topic
    from lessons.record.attendance import make_token
    from lessons.record.backup import create_backup
    from tests.factories import MicroLessonFactory, city, school
    from tests.pages import every_kind

    city()
    hongxing = school("红星小学", "hongxing")
    topic = Topic.objects.create(name="亲子沟通")
    made = every_kind(
        series={"title": "好习惯养成", "parent": hongxing.section},
        micro={"title": "整理书包"},
        required={"title": "入学第一周，家长做什么", "stages": ["primary"], "grades": ["p1"]},
        concept={"title": "孩子焦虑，家长先稳住", "stages": ["primary"]},
        episode={"title": "双减之后怎样陪伴"},
        first={"title": "开学第一课：幼小衔接"},
    )
    concept, required = made.concept, made.required
    concept.topics.add(topic)
    concept.save_revision().publish()
    MicroLessonFactory(title="早睡早起", live=False)
    record = {"v": 1, "lessons": {str(concept.pk): {"title": concept.title, "url": "/"}}}
    return {
        "posts": {
            "lesson": concept.pk,
            "first": made.first.pk,
            "now": int(timezone.now().timestamp() * 1000),
            "code": create_backup(record),
            "spare": create_backup(record),
        },
        "required": required.pk,
        "lesson": concept.pk,
        "topic": topic.pk,
        "urls": [
            concept.url,
            required.url,
            made.series.url,
            f"/class/{required.pk}/",
            "/search/",
            f"/grade/p1/topic/{topic.pk}/",
            "/cloud-classroom/feed.xml",
            "/my/",
            f"/my/attended/{make_token(required.pk, timezone.localdate())}/",
        ],
    }


def main(vendor: str) -> dict:
    if vendor != "sqlite":
        raise SystemExit("PostgreSQL runs in-process: pytest tests/test_hostile_input.py")
    cleanup = private_sqlite("hostile-")
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.test import Client

        settings.DEBUG = False  # error pages as in production (and no technical 404 pages)
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        site = seed()
        setup_seconds = time.monotonic() - started
        outcome = fuzz(Client(HTTP_HOST="localhost"), site)
        return {**outcome.__dict__, "setup_seconds": setup_seconds}
    finally:
        cleanup()


if __name__ == "__main__":
    json.dump(main(sys.argv[1]), sys.stdout, ensure_ascii=False, default=str)
