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

The package: stores.py (the throwaway database, the Redis databases), nginx.py (nginx's main
configuration around the rendered site), processes.py (the running set: start, wait, stop,
logs) and launch.py (process_set itself).
"""

from .launch import DEPLOY, free_port, process_set
from .nginx import NGINX_PREFIX, nginx_main_conf, nginx_modules
from .processes import ProcessSet
from .stores import create_database, drop_database, flush_redis

__all__ = [
    "DEPLOY",
    "NGINX_PREFIX",
    "ProcessSet",
    "create_database",
    "drop_database",
    "flush_redis",
    "free_port",
    "nginx_main_conf",
    "nginx_modules",
    "process_set",
]
