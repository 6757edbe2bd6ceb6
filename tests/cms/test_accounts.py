"""Accounts: sign-in lockout on the admin (django-axes), and mail that really goes out —
a reviewer's workflow notification and a password reset — or fails loudly."""

import logging
import re
import socket
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from cms.accounts import client_ip
from lessons.access import REVIEWERS_GROUP, provision_review
from lessons.models import MicroLesson
from tests.factories import UserFactory, school
from tests.lessons.test_access import micro_form

pytestmark = pytest.mark.django_db

PASSWORD = "Correct-horse-42"
LOCKED = "登录失败次数过多，已暂停登录 15 分钟"


@pytest.fixture
def editor():
    return UserFactory(username="editor", password=PASSWORD, is_superuser=True)


def sign_in(client, username, password, ip="203.0.113.7", **headers):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **headers,
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response.headers["Location"] == reverse(
        "wagtailadmin_home"
    )


def test_a_hundred_wrong_passwords_lock_the_account_even_for_the_right_one(editor, client):
    for attempt in range(100):
        response = sign_in(client, "editor", f"guess-{attempt}")
        assert response.status_code in (200, 429)
    response = sign_in(client, "editor", PASSWORD)
    assert not signed_in(response)
    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert 'class="login-form"' in html  # the admin's own sign-in page, not a bare 403
    assert "请输入正确的用户名和密码" not in html  # the misleading "wrong password" is replaced
    assert response.headers["Retry-After"] == "900"
    assert client.get(reverse("wagtailadmin_home")).status_code == 302  # not signed in


def test_the_fifth_failure_locks_and_four_do_not(editor, client):
    for attempt in range(4):
        assert sign_in(client, "editor", f"guess-{attempt}").status_code == 200
    assert signed_in(sign_in(client, "editor", PASSWORD))  # and the count starts again
    client.logout()
    for attempt in range(4):
        assert sign_in(client, "editor", f"guess-{attempt}").status_code == 200
    response = sign_in(client, "editor", "guess-5")
    assert response.status_code == 429 and LOCKED in response.content.decode()


def test_another_user_at_the_same_address_and_the_user_elsewhere_can_sign_in(editor, client):
    UserFactory(username="colleague", password=PASSWORD, is_superuser=True)
    for attempt in range(6):
        sign_in(client, "editor", f"guess-{attempt}")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    assert signed_in(sign_in(client, "colleague", PASSWORD))
    client.logout()
    assert signed_in(sign_in(client, "editor", PASSWORD, ip="198.51.100.20"))


def test_the_lockout_ends_after_fifteen_minutes(editor, client):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for attempt in range(5):
            sign_in(client, "editor", f"guess-{attempt}")
        assert sign_in(client, "editor", PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert sign_in(client, "editor", PASSWORD).status_code == 429  # and this restarts it
    with time_machine.travel(start + timedelta(minutes=14 + 16), tick=False):
        assert signed_in(sign_in(client, "editor", PASSWORD))


def test_djangos_admin_sign_in_shares_the_lockout(editor, client):
    for attempt in range(5):
        sign_in(client, "editor", f"guess-{attempt}")
    url = reverse("admin:login")
    response = client.post(
        url, {"username": "editor", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_a_forged_forwarded_for_does_not_escape_the_lockout(editor, client):
    # nginx appends the address it saw; whatever the client put before it is not trusted.
    for attempt in range(5):
        forged = f"10.0.0.{attempt}, 192.0.2.9"
        sign_in(client, "editor", f"guess-{attempt}", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=forged)
    response = sign_in(
        client, "editor", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 192.0.2.9"
    )
    assert response.status_code == 429
    # Another parent school user behind the same proxy, from another address, is not locked.
    other = sign_in(client, "editor", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert signed_in(other)


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "1.1.1.1", "127.0.0.1"),  # no proxy: the header is the client's word
        (1, "", "127.0.0.1"),
        (1, "1.1.1.1", "1.1.1.1"),
        (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),
        (2, "6.6.6.6, 1.1.1.1, 10.0.0.2", "1.1.1.1"),
        (3, "1.1.1.1, 10.0.0.2", "1.1.1.1"),  # fewer hops than proxies: the outermost address
    ],
)
def test_client_address_behind_trusted_proxies(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


# --- Mail ---------------------------------------------------------------------------------


@pytest.fixture
def review():
    """An editor of a school and a reviewer with an e-mail address, as setup_access makes them."""
    provision_review()
    own = school("实验小学", "shiyan")
    editor = UserFactory(username="shiyan_editor", email="editor@example.cn")
    editor.groups.set([own.editors_group])
    reviewer = UserFactory(username="reviewer", email="reviewer@example.cn")
    reviewer.groups.set([Group.objects.get(name=REVIEWERS_GROUP)])
    return own, editor, reviewer


def submit_for_review(client, section, title):
    url = reverse("wagtailadmin_pages:add", args=["lessons", "microlesson", section.pk])
    response = client.post(url, micro_form(title, "action-submit"))
    assert response.status_code == 302, response.content.decode()[:2000]
    return MicroLesson.objects.get(title=title)


def test_the_reviewer_is_mailed_when_an_editor_submits_a_lesson(review, client):
    own, editor, _reviewer = review
    client.force_login(editor)
    page = submit_for_review(client, own.section, "亲子沟通小技巧")
    to_reviewer = [m for m in mail.outbox if m.to == ["reviewer@example.cn"]]
    assert len(to_reviewer) == 1, [(m.to, m.subject) for m in mail.outbox]
    message = to_reviewer[0]
    assert "亲子沟通小技巧" in message.subject
    assert f"/admin/pages/{page.pk}/" in message.body


def closed_port():
    """A port bound on loopback but not listening: connecting is refused at once."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock


def smtp_to(port):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_TIMEOUT=5,
    )


def test_a_notification_that_cannot_be_sent_is_logged_as_an_error(review, client, caplog):
    own, editor, _reviewer = review
    client.force_login(editor)
    with closed_port() as sock, smtp_to(sock.getsockname()[1]), caplog.at_level(logging.ERROR):
        page = submit_for_review(client, own.section, "亲子沟通小技巧")
    assert page.current_workflow_task_state is not None  # the submission itself went through
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors, "a lost notification must be logged as an error"
    assert any(isinstance(r.exc_info[1], ConnectionError) for r in errors if r.exc_info)


def test_password_reset_mails_a_link_that_sets_a_new_password(editor, client):
    editor.email = "editor@example.cn"
    editor.save()
    response = client.post(reverse("wagtailadmin_password_reset"), {"email": "editor@example.cn"})
    assert response.headers["Location"] == reverse("wagtailadmin_password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["editor@example.cn"]
    link = re.search(r"https?://[^/\s]+(/admin/password_reset/confirm/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form_url = client.get(link[1]).headers["Location"]  # Django swaps the token for a session
    new = "Another-horse-77"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.headers["Location"] == reverse("wagtailadmin_password_reset_complete")
    assert signed_in(sign_in(client, "editor", new))


def test_password_reset_says_so_when_mail_cannot_be_sent(editor, client, caplog):
    editor.email = "editor@example.cn"
    editor.save()
    url = reverse("wagtailadmin_password_reset")
    with closed_port() as sock, smtp_to(sock.getsockname()[1]), caplog.at_level(logging.ERROR):
        known = client.post(url, {"email": "editor@example.cn"})
        unknown = client.post(url, {"email": "nobody@example.cn"})
    for response in (known, unknown):  # the same answer: no hint whether the account exists
        assert response.status_code == 200
        assert "邮件暂时无法发送" in response.content.decode()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR and r.name == "cms.accounts"]
    assert len(errors) == 2
    assert mail.outbox == []
