"""Project-wide checks: migrations, settings, import direction, translations."""

import ast
import os
import re
import subprocess
import sys
import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
# media_pipeline <- lessons <- search <- cms: a package may import only those before it.
LAYERS = ["media_pipeline", "lessons", "search", "cms"]


@pytest.mark.django_db
def test_makemigrations_check_is_clean():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def imported_project_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


@pytest.mark.parametrize("layer", LAYERS)
def test_imports_go_one_direction(layer):
    allowed = set(LAYERS[: LAYERS.index(layer) + 1])
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_project_packages(path) - allowed)
        for path in (ROOT / layer).rglob("*.py")
        if imported_project_packages(path) - allowed
    }
    assert offenders == {}


TEMPLATE_REFERENCE = re.compile(r"""{%\s*(include|extends)\s+["']([^"']+)["']""")
TAG_LIBRARIES = re.compile(r"{%\s*load\s+([^%]+?)\s*%}")


def template_layer(name: str) -> str | None:
    """The layer whose templates folder holds the template; None for another app's."""
    found = [layer for layer in LAYERS if (ROOT / layer / "templates" / name).is_file()]
    return found[0] if found else None


def tag_library_layer(name: str) -> str | None:
    found = [layer for layer in LAYERS if (ROOT / layer / "templatetags" / f"{name}.py").exists()]
    return found[0] if found else None


def template_dependencies(path: Path) -> set[str]:
    """The layers a template includes, extends or loads tag libraries from."""
    text = path.read_text("utf-8")
    layers = {template_layer(name) for _, name in TEMPLATE_REFERENCE.findall(text)}
    for libraries in TAG_LIBRARIES.findall(text):
        layers |= {tag_library_layer(name) for name in libraries.split() if name != "from"}
    return layers - {None}


@pytest.mark.parametrize("layer", LAYERS)
def test_templates_go_one_direction(layer):
    """{% include %}, {% extends %} and {% load %} are imports too: a template may use only
    templates and tag libraries of its own layer and those before it."""
    allowed = set(LAYERS[: LAYERS.index(layer) + 1])
    offenders = {
        str(path.relative_to(ROOT)): sorted(template_dependencies(path) - allowed)
        for path in (ROOT / layer / "templates").rglob("*")
        if path.is_file() and path.suffix in {".html", ".txt", ".xml"}
        and template_dependencies(path) - allowed
    }  # fmt: skip
    assert offenders == {}


def test_the_template_direction_check_sees_an_upward_include(tmp_path):
    """The check reads real references: a lessons template including a cms one is caught."""
    upward = tmp_path / "upward.html"
    upward.write_text('{% load i18n %}{% include "cms/includes/pager.html" %}', "utf-8")
    assert template_dependencies(upward) == {"cms"}


def run_django(module, env, code: str) -> subprocess.CompletedProcess:
    """`code` in a fresh process with settings `module` and only `env`'s secrets."""
    clean_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=ROOT,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": module, **env},
        capture_output=True,
        text=True,
    )


def run_settings(module, env, setting="DEBUG"):
    return run_django(module, env, f"from django.conf import settings; print(settings.{setting})")


PRODUCTION_ENV = {
    "SECRET_KEY": "s" * 50,
    "DATABASE_URL": "postgres://x@localhost/x",
    "ALLOWED_HOSTS": "a",
}


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings(
        "cms.settings.production",
        {"DATABASE_URL": "postgres://x@localhost/x", "ALLOWED_HOSTS": "a"},
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_starts_with_its_environment():
    result = run_settings("cms.settings.production", PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_runs_wagtails_background_tasks_on_celery():
    result = run_settings(
        "cms.settings.production",
        PRODUCTION_ENV,
        setting="TASKS['default']['BACKEND']",
    )
    assert result.stdout.strip() == "cms.task_backend.CeleryTaskBackend", result.stderr


def test_production_processes_share_one_redis_cache():
    value = uuid.uuid4().hex
    cache = "from django.core.cache import cache; "
    env = {**PRODUCTION_ENV, "CACHE_URL": "redis://127.0.0.1:6379/14"}
    written = run_django("cms.settings.production", env, cache + f"cache.set('s', '{value}', 30)")
    assert written.returncode == 0, written.stderr
    read = run_django("cms.settings.production", env, cache + "print(cache.get('s'))")
    assert read.stdout.strip() == value, read.stderr


def test_site_speaks_simplified_chinese_in_shanghai_time(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    with translation.override("zh-hans"):
        assert translation.gettext("Switch grade") == "切换年级"


def test_every_message_is_translated():
    po = (ROOT / "locale/zh_Hans/LC_MESSAGES/django.po").read_text("utf-8")
    entries = po.split("\n\n")[1:]
    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""')]
    assert untranslated == []
    assert "#, fuzzy" not in po


@pytest.mark.parametrize(
    "catalog",
    [
        "locale/zh_Hans/LC_MESSAGES/django",
        *(f"cms/admin_locale/locale/zh_Hans/LC_MESSAGES/{d}" for d in ("django", "djangojs")),
    ],
)
def test_compiled_translations_match_their_source(tmp_path, catalog):
    import gettext

    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(ROOT / f"{catalog}.po")], check=True)
    with fresh.open("rb") as a, (ROOT / f"{catalog}.mo").open("rb") as b:
        assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, (
            f"{catalog}.mo is stale: run `manage.py compilemessages`"
        )


def test_celery_app_reads_django_settings_json_only():
    from cms.celery import app

    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.task_acks_late is True
