"""Security headers: the Content-Security-Policy every page carries (and what our pages must do
to live under it), and production's HTTPS settings, checked by `manage.py check --deploy`."""

import base64
import hashlib
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import (
    ConceptLessonFactory,
    MicroLessonFactory,
    RequiredLessonFactory,
    SelfStudySeriesFactory,
    city,
)

ROOT = Path(__file__).resolve().parent.parent.parent


def policy(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {
        name: sources
        for name, *sources in (part.split() for part in header.split(";") if part.strip())
    }


def sha256_source(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline_code(html: str) -> list[str]:
    """What a strict CSP would block on this page: inline scripts, event-handler and style
    attributes, javascript: links. (Inline <style> elements are checked against their hash.)"""
    soup = BeautifulSoup(html, "html.parser")
    found = [f"<script> {s.get_text()[:60]!r}" for s in soup.find_all("script") if not s.get("src")]
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.startswith("on") or name == "style":
                found.append(f"<{tag.name} {name}=…>")
            elif name in ("href", "src", "action") and str(value).startswith("javascript:"):
                found.append(f"<{tag.name} {name}=javascript:…>")
    return found


@pytest.fixture
def pages(db):
    city()
    required = RequiredLessonFactory(title="入学第一周，家长做什么")
    return {
        "home": "/",
        "grade": reverse("grade", args=["p1"]),
        "concept": ConceptLessonFactory().url,
        "micro": MicroLessonFactory().url,
        "series": SelfStudySeriesFactory().url,
        "required": required.url,
        "class mode": reverse("class_mode", args=[required.pk]),
        "search": reverse("search") + "?q=入学",
    }


def test_public_pages_have_a_strict_policy_and_nothing_inline_it_would_block(pages, client):
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        directives = policy(response)
        assert directives["script-src"] == ["'self'"], name
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'self'"]
        assert directives["base-uri"] == ["'self'"] and directives["form-action"] == ["'self'"]
        assert "blob:" in directives["media-src"] and "blob:" in directives["worker-src"]
        assert "'unsafe-inline'" not in directives["style-src"]
        html = response.content.decode()
        assert inline_code(html) == [], name
        for style in BeautifulSoup(html, "html.parser").find_all("style"):
            assert sha256_source(style.get_text()) in directives["style-src"], name


def test_every_page_keeps_its_stylesheet_inline_allowed_by_its_hash(pages, client):
    html = client.get(pages["grade"]).content.decode()
    styles = BeautifulSoup(html, "html.parser").find_all("style")
    assert len(styles) == 1 and "--brand" in styles[0].get_text()  # the site's 3 KB, no request


def test_the_player_brings_its_own_stylesheet_and_script_as_files():
    player = {"media_id": 7, "title": "如何陪孩子写作业", "hls_url": "/media/7/master.m3u8",
              "mp4_url": "/media/7/360p.mp4", "audio_url": "/media/7/audio.m4a",
              "poster_url": "/media/7/poster.jpg", "is_audio_only": False}  # fmt: skip
    html = render_to_string("media_pipeline/player.html", {"player": player})
    assert inline_code(html) == []
    assert "<style" not in html
    assert 'href="/static/media_pipeline/player.css"' in html


def test_the_same_header_for_every_visitor_so_cached_pages_stay_identical(pages, client):
    first = client.get(pages["micro"]).headers["Content-Security-Policy"]
    client.cookies["grade"] = "p3"
    second = client.get(pages["micro"]).headers["Content-Security-Policy"]
    assert first == second and "nonce-" not in first


def test_the_admin_allows_wagtails_inline_scripts_and_styles_and_nothing_more(client, db):
    response = client.get(reverse("wagtailadmin_login"))
    directives = policy(response)
    assert directives["script-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["style-src"] == ["'self'", "'unsafe-inline'"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'self'"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]


# --- Production -----------------------------------------------------------------------------


def production(*args, **env) -> subprocess.CompletedProcess:
    """`manage.py ARGS` or `python -c` with production settings and only the given secrets."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "EMAIL_"))}
    required = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://parentschool@db.internal:5432/parentschool",
        "ALLOWED_HOSTS": "jiazhang.example.cn",
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "cms.settings.production", **required, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_of(*names, **env) -> dict:
    """The production settings `names` in one fresh process with `env`."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({{n: eval('s.' + n) for n in {list(names)!r}}}, default=str))"
    )
    result = production("-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_the_required_environment():
    result = production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_about_a_short_secret_key():
    # The contrast: the check does look at our settings.
    result = production("manage.py", "check", "--deploy", "--fail-level", "WARNING",
                        SECRET_KEY="short")  # fmt: skip
    assert result.returncode != 0 and "security.W009" in result.stderr


def test_production_sends_hsts_redirects_to_https_secures_cookies_and_mails_by_smtp():
    names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
             "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
             "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL",
             "CONTENT_SECURITY_POLICY")  # fmt: skip
    default = settings_of(*names)
    assert default["SECURE_HSTS_SECONDS"] == 31536000
    assert default["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert default["SECURE_HSTS_PRELOAD"] is False
    assert default["SECURE_SSL_REDIRECT"] is True
    assert default["SESSION_COOKIE_SECURE"] is default["CSRF_COOKIE_SECURE"] is True
    assert default["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert default["EMAIL_HOST"] == "localhost" and default["EMAIL_PORT"] == 25
    assert default["DEFAULT_FROM_EMAIL"] == "网上家长学校 <noreply@jiazhang.example.cn>"
    assert default["SERVER_EMAIL"] == default["DEFAULT_FROM_EMAIL"]
    assert "https://" not in json.dumps(default["CONTENT_SECURITY_POLICY"])

    changed = settings_of(
        *names,
        SECURE_HSTS_SECONDS="3600",
        SECURE_SSL_REDIRECT="false",
        EMAIL_HOST="smtp.example.cn",
        EMAIL_USE_SSL="true",
        AWS_S3_CUSTOM_DOMAIN="media.example.cn",
    )
    assert changed["SECURE_HSTS_SECONDS"] == 3600
    assert changed["SECURE_SSL_REDIRECT"] is False
    assert changed["EMAIL_HOST"] == "smtp.example.cn" and changed["EMAIL_PORT"] == 465
    directives = changed["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    for directive in ("media-src", "img-src", "connect-src"):  # the player's media host
        assert "https://media.example.cn" in directives[directive]
    assert directives["script-src"] == ["'self'"]


def test_production_refuses_a_setting_that_is_neither_true_nor_false():
    refused = production("-c", "import django; django.setup()", EMAIL_USE_TLS="maybe")
    assert refused.returncode != 0 and "EMAIL_USE_TLS must be true or false" in refused.stderr
