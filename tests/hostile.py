"""Hostile input against every public URL with a number or free text in it: no 5xx.

    .venv/bin/python -m tests.hostile sqlite

The requests (`requests_for`) go through Django's test client to the home page, grade,
stage, kind and topic lists, choose-grade, lesson pages, class mode, the handout, the QR
codes, the episode feed, the search page, /api/search/ (every parameter) and suggest, and
Wagtail's public URLs with ids (documents, the private page password form), with huge,
negative and Unicode numbers, empty and very long strings, quotes, SQL and FTS syntax, NUL
bytes, emoji, traditional characters and percent-encoded junk, in the path, the query
string and the grade cookie. `fuzz` returns what answered 5xx or raised.

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

from tests.sqlite_site import private_sqlite

NUMBERS = [
    "0", "-1", "+1", "01", "1.5", "1e9", "1e999", "NaN", "0x10", "2147483647", "2147483648",
    "9223372036854775808", "9" * 20, "-" + "9" * 20, "9" * 5000, "²", "٣", "①", "１２", "二",
    " 1", "1\n",
]  # fmt: skip
TEXT = [
    "", " ", "abc", "null", "[]", "'", '"', "`", "\\", "%", "%00", "%ZZ", "%E4%B8%AD", "\x00",
    "a\x00b", "\r\n", "\u202e", "\ufeff", "*", "a*", "NEAR(", "NEAR(孩子 焦虑, 2)", "AND OR NOT",
    "NOT 孩子", "-a", "^a", "title:孩子", "{title body} : 孩子", '"unclosed', '"孩子"', "(", "()",
    "((((((((((", "a & b | !c", "a <-> b", "孩子:*", "' OR '1'='1",
    "1; DROP TABLE lessons_lessonpage;--", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "😀", "👨‍👩‍👧", "焦慮", "孩子焦慮怎麼辦", "的", "ｐ１", "P1", "p1 ",
    "../../etc/passwd", "..", "/", "?", "#", "&", "=", ";", "+", "孩" * 5000, "a" * 5000,
    "孩子 " * 300,
]  # fmt: skip
VALUES = NUMBERS + TEXT
RAW = [  # sent as written: invalid UTF-8 and broken escapes, repeated and array-like parameters
    "/class/%FF/", "/lessons/%C0%AF/qr.svg", "/grade/%FF%FE/", "/stage/%E4%B8/", "/%FF/",
    "/search/?q=%FF%FE&grade=", "/search/?q=%E4%B8&grade=", "/api/search/?q=%C0%AF",
    "/api/search/?q=%ED%A0%80", "/api/search/?page=%FF", "/api/search/?q=%", "/api/search/?q=%%%",
    "/api/search/?q=a&q=b&page=1&page=2", "/api/search/?q[]=a&page[]=1", "/search/?grade=p1&grade=x9",
    "/api/search/suggest/?q=%FF", "/grade/p1/kind/concept/?page=%FF", "/stage/primary/?page=%00",
    "/choose-grade/%FF/", "/cloud-classroom/feed.xml?%FF=%FF",
]  # fmt: skip
SEARCH_PARAMS = ("q", "grade", "stage", "kind", "topic", "organisation", "page")
PAGE_LISTS = ("/grade/p1/kind/concept/", "/stage/primary/")  # the paginated lists


@dataclass(frozen=True)
class Request:
    path: str
    params: tuple = ()
    cookie: str | None = None

    def __str__(self):
        query = "?" + urlencode(self.params) if self.params else ""
        shown = (self.path + query)[:160]
        return shown + (f" (cookie grade={self.cookie[:40]!r})" if self.cookie else "")


def _segment(value: str) -> str:
    return quote(value, safe="")


def requests_for(site: dict) -> list[Request]:
    """Every hostile request for a seeded site: `site` names a live required lesson
    (`required`), any live lesson (`lesson`), a topic (`topic`) and lesson URLs (`urls`)."""
    ids = [site["required"], site["lesson"]]
    requests = [Request(p) for p in site["urls"] + RAW]  # the real ones answer 200 (see fuzz)
    for value in VALUES:
        v = _segment(value)
        requests += [
            Request(f"/class/{v}/"),
            Request(f"/class/{v}/handout.pdf"),
            Request(f"/lessons/{v}/qr.svg"),
            Request(f"/lessons/{v}/qr.png"),
            Request(f"/grade/{v}/"),
            Request(f"/grade/p1/kind/{v}/"),
            Request(f"/grade/p1/topic/{v}/"),
            Request(f"/stage/{v}/"),
            Request(f"/choose-grade/{v}/"),
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
    return requests


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
                response = client.get(request.path, dict(request.params), HTTP_COOKIE=cookie)
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
    return Outcome(len(requests), statuses, failures, time.monotonic() - started)


def seed() -> dict:
    """A few live lessons of every kind, a draft, topics: what the URLs above name."""
    from lessons.models import Topic
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
    return {
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
