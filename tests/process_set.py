"""The production process set on loopback, for the tests and the serving bench.

    with process_set(database_url=..., broker_url=..., cache_url=..., root=tmp) as ps:
        requests.get(ps.url + "/healthz")

starts what docs/deployment.md runs, with the files in deploy/ (not copies of them):

- a throwaway PostgreSQL database on `database_url`'s server, migrated; dropped at the end;
- `collectstatic` into a temporary STATIC_ROOT (the production storage: hashed names, .br, .gz);
- gunicorn with deploy/gunicorn.conf.py on a free port;
- nginx (Debian's, as a non-root-style instance: its own prefix, logs and temporary
  directories under `root`) with deploy/nginx/parentschool.conf rendered by
  deploy/nginx/render.sh, on another free port;
- a Celery worker on both queues (`transcode`, `celery`; tests/worker.py) and beat, with
  scheduled publishing every `beat_interval` seconds;

all with `cms.settings.production` and the environment in `ProcessSet.env`. The Redis
databases of `broker_url` and `cache_url` are the set's own: they are emptied at the start and
at the end. It waits until /healthz answers 200 through nginx, and stops everything on exit.

Nothing here imports Django at module level: bench/serve.py uses it without a configured
Django (tests/worker.py needs none when given DATABASE_URL and CELERY_BROKER_URL).
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.worker import ROOT, celery_worker

DEPLOY = ROOT / "deploy"
NGINX_PREFIX = Path("/usr/share/nginx")  # Debian's compiled-in prefix (relative load_module paths)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def _admin_connection(server_url: str):
    import psycopg

    parts = urlsplit(server_url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
        autocommit=True,
    )


def create_database(server_url: str) -> str:
    name = "ps_set_" + secrets.token_hex(4)
    with _admin_connection(server_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return _with_database(server_url, name)


def drop_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    assert re.fullmatch(r"ps_set_[0-9a-f]{8}", name), f"refusing to drop {name}"
    with _admin_connection(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _stop(process: subprocess.Popen, sig=signal.SIGTERM, timeout: float = 20) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=timeout)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _http_status(url: str, timeout: float = 2) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def nginx_modules() -> list[str]:
    """The load_module lines Debian's nginx.conf would include, with absolute paths."""
    lines = []
    for conf in sorted(Path("/etc/nginx/modules-enabled").glob("*.conf")):
        for match in re.finditer(r"^\s*load_module\s+([^;\s]+)\s*;", conf.read_text(), re.M):
            module = Path(match.group(1))
            lines.append(
                f"load_module {module if module.is_absolute() else NGINX_PREFIX / module};"
            )
    return lines


def nginx_main_conf(root: Path, site: Path) -> str:
    """What Debian's /etc/nginx/nginx.conf sets around a site, with every path under root."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # else workers would run as nobody
    temp = "\n".join(
        f"    {kind}_temp_path {root / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""{user}worker_processes auto;
{chr(10).join(nginx_modules())}
events {{
    worker_connections 1024;
}}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {root / "access.log"};
    gzip on;
{temp}
    include {site};
}}
"""


@dataclass
class ProcessSet:
    root: Path
    url: str  # nginx, what parents reach
    app_url: str  # gunicorn directly
    env: dict[str, str]
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def static_root(self) -> Path:
        return Path(self.env["STATIC_ROOT"])

    @property
    def media_root(self) -> Path:
        return Path(self.env["MEDIA_ROOT"])

    @property
    def originals_root(self) -> Path:
        return Path(self.env["MEDIA_PIPELINE_ORIGINALS_ROOT"])

    def log(self, name: str) -> Path:
        return self.root / "logs" / f"{name}.log"

    def manage(self, *args: str, timeout: float = 120) -> str:
        """Run manage.py with the set's settings and database; its stdout."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True,
            text=True, timeout=timeout,
        )  # fmt: skip
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def shell(self, code: str, timeout: float = 120) -> str:
        return self.manage("shell", "--no-imports", "-c", code, timeout=timeout)

    def logs(self) -> str:
        """The end of every log, for a failing test's message."""
        return "\n".join(
            f"--- {path.name}\n{_tail(path)}" for path in sorted((self.root / "logs").glob("*"))
        )


def _start(ps: ProcessSet, name: str, command: list[str]) -> subprocess.Popen:
    with ps.log(name).open("w") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=ps.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    ps.processes[name] = process
    return process


def _wait(ps: ProcessSet, what: str, ready, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        dead = [name for name, p in ps.processes.items() if p.poll() is not None]
        if dead or time.monotonic() > deadline:
            reason = f"{', '.join(dead)} exited" if dead else f"not ready after {timeout}s"
            raise RuntimeError(f"process set: {what}: {reason}\n{ps.logs()}")
        time.sleep(0.2)


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
