"""Record backups (lessons.record.backup) and what parents and others may send: typed codes are
forgiven (case, spaces, dashes, full width, Crockford's look-alikes); a malformed code, a record
of the wrong shape or a hostile body is a 4xx with a Chinese message, never a 500, and nothing
is stored. (The flows, the stored row and expiry: test_record_backup.py.)"""

import pytest

from lessons.models import RecordBackup
from lessons.record.backup_clean import MAX_LESSONS
from lessons.record.backup_code import ALPHABET, display, new_code, normalise
from lessons.record.backup_request import MAX_BODY_BYTES

from .test_record_backup import CREATE, RESTORE, UPDATE, a_record, create, entry, post, refused

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed",
    [
        "{code}",
        "{lower}",
        " {a} {b} {c} ",
        "{a}—{b}——{c}",  # what a Chinese input method types for "-"
        "{wide}",  # full-width characters
        "{a}\u3000{b}\u3000{c}",  # ideographic spaces
    ],
)
def test_a_typed_code_is_forgiven_case_spaces_dashes_and_full_width(client, typed):
    code = create(client)
    a, b, c = code.split("-")
    wide = "".join(chr(ord(ch) + 0xFEE0) for ch in code)
    text = typed.format(code=code, lower=code.lower(), a=a, b=b, c=c, wide=wide)
    assert post(client, RESTORE, {"code": text}).status_code == 200, text


def test_crockford_look_alikes():
    assert normalise("0011-AAAA-BBBB") == normalise("oOiL-aaaa-bbbb") == "0011AAAABBBB"
    for wrong in ("ABCD-EFGH-JKM", "ABCD-EFGH-JKMNP", "ABCD-EFGH-JKMU", "", None, 12, "A" * 200):
        assert normalise(wrong) is None
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 12 and set(c) <= set(ALPHABET) for c in codes)
    assert display("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"


def test_a_wrong_or_malformed_code_is_a_clear_4xx(client):
    create(client)
    message = refused(post(client, RESTORE, {"code": "ZZZZ-ZZZZ-ZZZZ"}), 404)
    assert "没有找到" in message
    for bad in ("ABC", "ABCD-EFGH-JKMU", 12, None, ["ABCD"], "\x00" * 12):
        assert "12 位" in refused(post(client, RESTORE, {"code": bad}), 400)
    refused(post(client, RESTORE, {}), 400)


def hostile_records():
    many = {str(i): entry(str(i)) for i in range(1, MAX_LESSONS + 2)}
    return [
        [],
        "record",
        {"lessons": {}},
        {"v": "1", "lessons": {}},
        {"v": True, "lessons": {}},
        {"v": 1, "lessons": []},
        {"v": 1, "lessons": {"abc": entry()}},
        {"v": 1, "lessons": {"12345678901": entry("12345678901")}},
        {"v": 1, "lessons": {"12": "learned"}},
        {"v": 1, "lessons": many},
        {"v": 1, "lessons": {"12": entry(id="13")}},
        {"v": 1, "lessons": {"12": entry(id=12)}},
        a_record(entry(position="5")),
        a_record(entry(position=-1)),
        a_record(entry(position=10**20)),
        a_record(entry(learned_at=True)),
        a_record(entry(done="7")),
        a_record(entry(done=[7])),
        a_record(entry(done=["7"] * 21)),
        a_record(entry(title="x" * 301)),
        a_record(entry(title="先听\x00再说")),
        a_record(entry(kind=["micro"])),
        a_record(entry(url="//evil.example/")),
        a_record(entry(url="/\\evil.example/")),
        a_record(entry(url="https://evil.example/")),
        a_record(entry(url="javascript:alert(1)")),
        a_record(entry(url="/a b/")),
        a_record(entry(attended="t" * 201)),
        a_record(entry(attended=1)),
        a_record(entry(attended=0)),
        a_record(entry(attended_at="soon")),
    ]


@pytest.mark.parametrize("record", hostile_records())
def test_a_record_of_the_wrong_shape_is_refused_whole(client, record):
    code = create(client)
    refused(post(client, CREATE, {"record": record}), 400)
    refused(post(client, UPDATE, {"code": code, "record": record}), 400)
    assert RecordBackup.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"{not json",
        b"[1, 2]",
        b'"code"',
        b'{"record": {"v": 1, "lessons": {"1": {"position": NaN}}}}',
        b'{"record": {"v": 1, "lessons": {"1": {"position": Infinity}}}}',
        b'{"record": {"v": 1, "lessons": {"1": {"position": 1e400}}}}',
        b'{"record": {"v": 1, "lessons": {"1": {"position": ' + b"9" * 5000 + b"}}}}",
        b"[" * 60_000 + b"]" * 60_000,
        b'{"record": {"v": 1, "lessons": {"1": {"title": "\\ud800"}}}}',
        b'{"record": {"v": 1, "lessons": {"1": {"title": "a\\u0000b"}}}}',
        b'{"record": {"v": 1, "lessons": {"1": {"title": "a\x00b"}}}}',
        b'{"rec\x00ord": 1}',
        '{"record": {"v": 1, "lessons": {"1": {"title": "\u5148"}}}}'.encode("utf-16"),
        b'{"record": {"v": 1, "lessons": {"1": {"title": "\xff\xfe"}}}}',
    ],
)
def test_hostile_bodies_are_4xx_never_500(client, body):
    response = post(client, CREATE, body)
    assert 400 <= response.status_code < 500, (body[:60], response.status_code)
    refused(response, response.status_code)
    assert RecordBackup.objects.count() == 0


def test_huge_bodies_other_methods_and_other_sites_are_refused(client):
    big = {"record": a_record(entry(title="x" * 300)), "padding": "x" * MAX_BODY_BYTES}
    assert "太大" in refused(post(client, CREATE, big), 413)
    response = client.get(CREATE)
    refused(response, 405)
    assert response["Allow"] == "POST"
    refused(client.get(RESTORE, {"code": "ABCD-EFGH-JKMN"}), 405)
    refused(post(client, CREATE, {"record": a_record()}, HTTP_ORIGIN="https://evil.example"), 403)
    refused(client.post(CREATE, {"record": "{"}), 400)  # a form field that is not JSON
    form = client.post(CREATE, "record=%00", content_type="application/x-www-form-urlencoded")
    refused(form, 400)
    assert RecordBackup.objects.count() == 0


def test_a_full_record_of_300_lessons_fits(client):
    lessons = [
        entry(
            str(n),
            title="孩子写作业拖拉怎么办？" * 2,
            url=f"/lessons/{n}/zuoye-tuola/",
            attended="a" * 200,
            attended_at=1_760_000_000_000,
        )
        for n in range(1, MAX_LESSONS + 1)
    ]
    code = create(client, a_record(*lessons))
    assert len(post(client, RESTORE, {"code": code}).json()["record"]["lessons"]) == MAX_LESSONS
