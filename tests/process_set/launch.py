"""process_set: the production process set started on loopback (the package's docstring says
what it starts) and stopped on exit."""

import os
import secrets
import signal
import socket
import subprocess
import sys
from contextlib import ExitStack, contextmanager
from pathlib import Path

from tests.worker import ROOT, celery_worker

from .nginx import nginx_main_conf
from .processes import ProcessSet, _http_status, _start, _stop, _tail, _wait
from .stores import create_database, drop_database, flush_redis

DEPLOY = ROOT / "deploy"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def process_set(
    *,
    database_url: str,
    broker_url: str,
    cache_url: str,
    root: Path,
    web_workers: int = 2,
    beat_interval: float = 2.0,
    media_cors_origins: str = "https://parents.example.cn",
    extra_env: dict[str, str] | None = None,
):
    """Start the set (see the module's docstring); `root` is an empty directory it may fill
    (logs stay there afterwards). `database_url` names the server: the set creates its own
    database there."""
    root = Path(root)
    (root / "logs").mkdir(parents=True, exist_ok=True)
    nginx_port, app_port = free_port(), free_port()
    url = f"http://127.0.0.1:{nginx_port}"
    env = {k: v for k, v in os.environ.items() if k not in ("ELASTICSEARCH_URL", "TEST_FILES_DIR")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": "process-set-" + secrets.token_hex(16),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "WAGTAILADMIN_BASE_URL": url,
            "CSRF_TRUSTED_ORIGINS": url,
            "CACHE_URL": cache_url,
            "CELERY_BROKER_URL": broker_url,
            "MEDIA_ROOT": str(root / "media"),
            "STATIC_ROOT": str(root / "static"),
            "MEDIA_PIPELINE_WORK_DIR": str(root / "work"),
            "MEDIA_PIPELINE_ORIGINALS_ROOT": str(root / "private" / "originals"),
            "PUBLISH_SCHEDULED_INTERVAL": str(beat_interval),
            "PAGE_CACHE_NGINX": url,
            "NGINX_PAGE_CACHE_DIR": str(root / "nginx" / "pages"),
            "GUNICORN_BIND": f"127.0.0.1:{app_port}",
            "GUNICORN_WORKERS": str(web_workers),
            "MEDIA_CORS_ORIGINS": media_cors_origins,
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }
    )
    for directory in ("media", "work", "private/originals", "nginx"):
        (root / directory).mkdir(parents=True, exist_ok=True)

    with ExitStack() as stack:
        for redis_url in {broker_url, cache_url}:
            flush_redis(redis_url)
            stack.callback(flush_redis, redis_url)
        env["DATABASE_URL"] = create_database(database_url)
        stack.callback(drop_database, env["DATABASE_URL"])
        ps = ProcessSet(root=root, url=url, app_url=f"http://127.0.0.1:{app_port}", env=env)
        stack.callback(lambda: [_stop(p) for p in ps.processes.values()])

        # Database and static files at once (collectstatic needs no database).
        prepare = {
            "migrate": [sys.executable, "manage.py", "migrate", "--noinput"],
            "collectstatic": [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        }
        for name, command in prepare.items():
            _start(ps, name, command)
        for name in prepare:
            if ps.processes.pop(name).wait(timeout=300):
                raise RuntimeError(f"process set: {name} failed:\n{_tail(ps.log(name))}")

        _start(ps, "gunicorn", [sys.executable, "-m", "gunicorn", "-c",
                                str(DEPLOY / "gunicorn.conf.py")])  # fmt: skip
        _start(ps, "beat", [sys.executable, "-m", "celery", "-A", "cms", "beat", "-l", "info",
                            "-s", str(root / "celerybeat-schedule")])  # fmt: skip

        site = root / "nginx" / "parentschool.conf"
        rendered = subprocess.run(
            [str(DEPLOY / "nginx" / "render.sh")], env={
                **env, "NGINX_LISTEN": f"127.0.0.1:{nginx_port}",
                "NGINX_SERVER_NAME": "127.0.0.1 localhost",
            }, capture_output=True, text=True, check=True,
        )  # fmt: skip
        site.write_text(rendered.stdout)
        main = root / "nginx" / "nginx.conf"
        main.write_text(nginx_main_conf(root / "nginx", site))
        nginx = ["nginx", "-p", str(root / "nginx"), "-e", str(ps.log("nginx-error")),
                 "-c", str(main)]  # fmt: skip
        checked = subprocess.run([*nginx, "-t", "-q"], capture_output=True, text=True)
        if checked.returncode:
            raise RuntimeError(f"process set: nginx -t:\n{checked.stderr}")
        _start(ps, "nginx", [*nginx, "-g", f"daemon off; pid {root / 'nginx' / 'nginx.pid'};"])

        ps.processes["worker"] = stack.enter_context(celery_worker(ps.log("worker"), **env))

        _wait(ps, "gunicorn", lambda: _http_status(ps.app_url + "/healthz") == 200, 60)
        _wait(ps, "nginx", lambda: _http_status(ps.url + "/healthz") == 200, 30)
        _wait(ps, "beat", lambda: "beat: Starting" in ps.log("beat").read_text(), 30)
        yield ps
        # Stop in order: the front first, then what it talks to.
        for name in ("nginx", "gunicorn", "beat"):
            _stop(ps.processes[name], signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
