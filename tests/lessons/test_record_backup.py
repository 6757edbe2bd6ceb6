"""The parent's optional record backup (issue 19, lessons.record.backup): create, update, restore
and delete with a recovery code; the stored row holds the code's hash and the cleaned lesson
list, nothing else; a wrong code is a 404 with a Chinese message; backups unused for
RECORD_BACKUP_KEEP_DAYS days are purged (function, command, Celery task, beat schedule).
(Typed codes and hostile input: test_record_backup_input.py; the page, in real Chromium:
tests/cms/test_record_backup_browser.py.)"""

import hashlib
import json
import re
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.db import connection
from django.templatetags.static import static
from django.urls import reverse

from lessons.models import RecordBackup
from lessons.record.backup import purge_expired
from lessons.record.backup_code import normalise

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
CREATE, UPDATE = reverse("record_backup_create"), reverse("record_backup_update")
RESTORE, DELETE = reverse("record_backup_restore"), reverse("record_backup_delete")
CODE = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")
ENTRY_KEYS = {"id", "kind", "title", "url", "media", "done", "position", "duration"}
ENTRY_KEYS |= {"learned_at", "updated_at", "attended", "attended_at"}


def entry(lesson_id="12", **changes):
    value = {
        "id": lesson_id,
        "kind": "micro",
        "title": "先听再说：和孩子好好沟通",
        "url": f"/lessons/{lesson_id}/",
        "media": "7",
        "done": ["7"],
        "position": 0,
        "duration": 600,
        "learned_at": 1_760_000_000_000,
        "updated_at": 1_760_000_000_500,
    }
    value.update(changes)
    return value


def a_record(*entries):
    entries = entries or (entry(),)
    return {"v": 1, "lessons": {e["id"]: e for e in entries}}


def post(client, url, body, **extra):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(url, data, content_type="application/json", **extra)


def refused(response, status):
    assert response.status_code == status, response.content
    message = response.json()["error"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    assert "Set-Cookie" not in response.headers and not response.cookies
    return message


def create(client, record=None) -> str:
    response = post(client, CREATE, {"record": record or a_record()})
    assert response.status_code == 200, response.content
    return response.json()["code"]


def test_a_backup_is_made_restored_updated_and_deleted_with_its_code(client):
    response = post(client, CREATE, {"record": a_record()})
    assert response.status_code == 200
    data = response.json()
    assert CODE.fullmatch(data["code"])
    assert data["restore_url"].endswith("/my/#restore=" + data["code"])
    assert data["qr"].startswith("<svg") and data["keep_days"] == settings.RECORD_BACKUP_KEEP_DAYS
    for answer in (response, post(client, RESTORE, {"code": data["code"]})):
        assert "Set-Cookie" not in answer.headers and not answer.cookies
        assert "no-store" in answer.headers["Cache-Control"]
        assert "private" in answer.headers["Cache-Control"]

    restored = post(client, RESTORE, {"code": data["code"]}).json()
    assert restored["record"] == a_record() and restored["code"] == data["code"]

    newer = a_record(entry(), entry("345", kind="required", learned_at=None, position=61.5))
    assert post(client, UPDATE, {"code": data["code"], "record": newer}).json()["ok"] is True
    assert post(client, RESTORE, {"code": data["code"]}).json()["record"] == newer
    assert RecordBackup.objects.count() == 1

    assert post(client, DELETE, {"code": data["code"]}).json() == {"ok": True}
    assert RecordBackup.objects.count() == 0
    message = refused(post(client, RESTORE, {"code": data["code"]}), 404)
    assert "没有找到这个恢复码的备份" in message and "400 天" in message
    refused(post(client, DELETE, {"code": data["code"]}), 404)
    refused(post(client, UPDATE, {"code": data["code"], "record": newer}), 404)


def test_a_form_body_works_too(client):
    response = client.post(CREATE, {"record": json.dumps(a_record())})
    code = response.json()["code"]
    restored = client.post(RESTORE, {"code": code.lower()}).json()["record"]
    assert restored == a_record()


def test_the_row_holds_only_the_codes_hash_and_the_cleaned_lesson_list(client):
    hostile = entry(
        name="王小明",
        phone="13800138000",
        child={"name": "王小明", "school": "实验小学"},
        attended="t" * 200,
        attended_at=1_760_000_000_900,
    )
    record = {
        "v": 1,
        "lessons": {"12": hostile},
        "parent": "王芳",
        "phone": "13800138000",
        "school": "实验小学",
    }
    code = create(client, record)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM lessons_recordbackup")
        columns = [column.name for column in cursor.description]
        [row] = cursor.fetchall()
    assert set(columns) == {"id", "code_hash", "record", "created", "last_used"}
    stored = dict(zip(columns, row, strict=True))
    plain = normalise(code)
    assert stored["code_hash"] == hashlib.sha256(plain.encode()).hexdigest()
    for value in stored.values():
        text = json.dumps(value, ensure_ascii=False, default=str)
        assert plain not in text and code not in text
        for personal in ("王芳", "王小明", "13800138000", "实验小学"):
            assert personal not in text
    record = stored["record"]
    record = json.loads(record) if isinstance(record, str) else record
    assert set(record) == {"v", "lessons"} and list(record["lessons"]) == ["12"]
    assert set(record["lessons"]["12"]) == ENTRY_KEYS
    assert record["lessons"]["12"]["attended"] == "t" * 200
    assert stored["created"] == stored["last_used"]


def test_missing_fields_take_learning_js_defaults_and_learned_at_may_be_null(client):
    code = create(client, {"v": 1, "lessons": {"5": {"title": "睡前五分钟", "url": "/x/"}}})
    saved = post(client, RESTORE, {"code": code}).json()["record"]["lessons"]["5"]
    assert saved == {
        "id": "5",
        "kind": "",
        "title": "睡前五分钟",
        "url": "/x/",
        "media": "",
        "done": [],
        "position": 0,
        "duration": 0,
        "learned_at": None,
        "updated_at": 0,
    }
    # learning.js keeps the attendance fields empty until class mode's QR code is scanned.
    empty = entry("6", attended="", attended_at=None)
    code = create(client, a_record(empty))
    assert post(client, RESTORE, {"code": code}).json()["record"]["lessons"]["6"] == empty


def test_use_refreshes_and_long_disuse_deletes(client):
    with time_machine.travel(datetime(2026, 1, 10, 9, 0, tzinfo=SHANGHAI), tick=False):
        kept, used, gone = create(client), create(client), create(client)
    with time_machine.travel(datetime(2026, 6, 1, 9, 0, tzinfo=SHANGHAI), tick=False):
        post(client, RESTORE, {"code": used})
        post(client, UPDATE, {"code": kept, "record": a_record(entry("99"))})
    assert set(RecordBackup.objects.values_list("last_used", flat=True)) == {
        date(2026, 1, 10),
        date(2026, 6, 1),
    }
    RecordBackup.objects.filter(last_used=date(2026, 6, 1)).update(last_used=date(2026, 1, 11))
    keep = timedelta(days=settings.RECORD_BACKUP_KEEP_DAYS)
    assert purge_expired(today=date(2026, 1, 10) + keep) == 0  # exactly the limit: kept
    assert purge_expired(today=date(2026, 1, 11) + keep) == 1  # one day over: deleted
    assert refused(post(client, RESTORE, {"code": gone}), 404)
    assert post(client, RESTORE, {"code": used}).status_code == 200
    assert RecordBackup.objects.count() == 2


def test_the_command_task_and_daily_schedule_purge(client):
    from cms.celery import app

    create(client)
    create(client)
    old = date.today() - timedelta(days=settings.RECORD_BACKUP_KEEP_DAYS + 5)
    first, second = RecordBackup.objects.order_by("pk")
    RecordBackup.objects.filter(pk=first.pk).update(last_used=old)
    out = StringIO()
    call_command("purge_record_backups", stdout=out)
    assert "deleted 1 record backup" in out.getvalue()
    assert list(RecordBackup.objects.values_list("pk", flat=True)) == [second.pk]

    RecordBackup.objects.filter(pk=second.pk).update(last_used=old)
    entry_ = settings.CELERY_BEAT_SCHEDULE["purge-record-backups"]
    assert entry_["schedule"] == 24 * 60 * 60
    app.loader.import_default_modules()
    app.tasks[entry_["task"]].apply().get()
    assert not RecordBackup.objects.exists()


def test_my_learning_carries_the_section_hidden_until_its_deferred_script_runs(client):
    page = BeautifulSoup(client.get(reverse("my_learning")).content.decode(), "html.parser")
    section = page.select_one("[data-record-backup]")
    assert section.has_attr("hidden") and "备份与恢复" in section.get_text()
    urls = [section[f"data-{name}-url"] for name in ("create", "update", "restore", "delete")]
    assert urls == [CREATE, UPDATE, RESTORE, DELETE]
    assert (
        "{n}" in section["data-msg-restored"]
        and "{days}" in page.select_one("[data-backup-kept]")["data-label"]
    )
    assert page.find("script", src=static("lessons/record_backup.js")).has_attr("defer")
    code = open(finders.find("lessons/record_backup.js"), encoding="utf-8").read()
    code_only = code.split("*/", 1)[1]  # past the header comment
    for es6 in ("=>", "`", "let ", "const ", "class ", "fetch("):
        assert es6 not in code_only
    assert "document.cookie" not in code_only and "http" not in code_only  # no other origin
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in code_only), "words live in the template"
