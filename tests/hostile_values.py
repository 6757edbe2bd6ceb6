"""What tests/hostile.py sends: hostile values for numbers and text, raw URLs, the parents'
POST endpoints with their valid fields, and malformed bodies."""

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
    "/embed/%FF/", "/grade/%FF/feed.xml", "/oembed/?url=%FF%FE", "/oembed/?url=http://testserver/%ED%A0%80/",
    "/oembed/?url=a&url=b&maxwidth=1&maxwidth=x", "/oembed/?url[]=x", "/oembed/?maxwidth=%00",
]  # fmt: skip
SEARCH_PARAMS = ("q", "grade", "stage", "kind", "topic", "organisation", "page")
PAGE_LISTS = ("/grade/p1/kind/concept/", "/stage/primary/")  # the paginated lists


# Parents' POST endpoints (csrf_exempt: their pages are cached and carry no token): each field
# gets every value with the others valid, and each endpoint gets every raw body below.
# Placeholders: {lesson} a live lesson's id, {first} this year's first lesson's id, {now} the
# time in ms, {code} a stored backup's recovery code, {spare} another one's (deleted here).
RECORD = '{"v": 1, "lessons": {"{lesson}": {"title": "t", "url": "/", "learned_at": {now}}}}'
POSTS = {
    "/feedback/{lesson}/": {"vote": "yes", "comment": "有帮助"},
    "/suggestions/": {"kind": "suggestion", "text": "希望多一些音频", "contact": ""},
    "/stats/plays/": {"lesson": "{lesson}", "event": "started"},
    "/my/backup/": {"record": RECORD},
    "/my/backup/update/": {"code": "{code}", "record": RECORD},
    "/my/backup/restore/": {"code": "{code}"},
    "/my/backup/delete/": {"code": "{spare}"},
    "/my/certificate/": {"lessons": '[{"id": {first}, "learned_at": {now}}]', "name": "王奶奶"},
}
# A valid post is taken, except a second delete of the same backup: that one is a 404.
TAKEN_AGAIN = {"/my/backup/delete/": 404}
# Each certificate that passes is a PDF (WeasyPrint, about a second): its printed name gets
# these values only.
SLOW_FIELDS = {("/my/certificate/", "name"): ["", "'", "\x00", "\u202e", "😀", "孩" * 21, "<b>x"]}
RAW_BODIES = [  # (content type, body)
    ("application/json", b""), ("application/json", b"{"), ("application/json", b"null"),
    ("application/json", b"[]"), ("application/json", b'"x"'), ("application/json", b"1e999"),
    ("application/json", b'{"lessons": 1}'), ("application/json", b'{"lessons": {"1": null}}'),
    ("application/json", b'{"code": ["a"]}'), ("application/json", b'{"v": 1, "lessons": []}'),
    ("application/json", b"[" * 5000), ("application/json", b'{"a": "\\ud800"}'),
    ("application/json", b"\xff\xfe\x00"), ("application/json", b"\x00" * 100),
    ("text/plain", b"lesson=%FF&event=%00"), ("text/plain", b"\xff"),
    ("application/x-www-form-urlencoded", b"%FF=%FF&&&=="), ("multipart/form-data", b"--x"),
    ("application/octet-stream", b"a" * 200_000),
]  # fmt: skip
