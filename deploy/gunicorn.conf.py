"""gunicorn for the web tier: `gunicorn -c deploy/gunicorn.conf.py` (docs/deployment.md).

Behind nginx (deploy/nginx/parentschool.conf), which reads whole requests and whole responses
before passing them on, so a slow phone or a slow upload never holds a worker.

Sync workers, 2 × cores + 1. A request here is CPU-bound Python (a page costs 50–80 ms of
Python on a miss, a search some numpy, a handout PDF WeasyPrint) with short waits on
PostgreSQL and Redis on the same network; the GIL lets a process run one of those at a time
whatever its thread count, so gthread would add threads that wait for the GIL, not
throughput, and would share numpy's and rjieba's state between threads. With nginx buffering
both ways, the case gthread is for (clients that keep a worker waiting) does not reach
gunicorn. The extra workers above the core count cover the database and cache waits.

Environment (all optional):
  GUNICORN_BIND       address(es), comma-separated; default 127.0.0.1:8000
  GUNICORN_WORKERS    worker count; default WEB_CONCURRENCY, else 2 × cores + 1, where cores
                      are the CPUs this process may use (affinity and cgroup quota)
  GUNICORN_TIMEOUT    seconds a request may take before its worker is replaced; default 60
                      (nginx's proxy timeouts are this + 15 s, deploy/nginx/render.sh)
  GUNICORN_ACCESS_LOG "-" (stdout, the default) or a path, or "off" (nginx logs requests too)
"""

import math
import os
import re

from gunicorn.glogging import Logger


def cpu_count() -> int:
    """CPUs this process may use: its affinity, capped by a cgroup v2 CPU quota
    (a container's --cpus, systemd's CPUQuota=)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    try:
        with open("/sys/fs/cgroup/cpu.max") as fh:
            quota, period = fh.read().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, math.ceil(int(quota) / int(period))))
    except (OSError, ValueError):
        pass
    return cores


wsgi_app = "cms.wsgi:application"
bind = [b.strip() for b in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if b]
workers = int(
    os.environ.get("GUNICORN_WORKERS") or os.environ.get("WEB_CONCURRENCY") or 2 * cpu_count() + 1
)
worker_class = "sync"

# A worker silent this long is killed and replaced (a stuck request); the longest legitimate
# request is an upload's hand-over (nginx has it on disk already: a copy and an ffprobe).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30  # on TERM/HUP, requests in flight finish within this
keepalive = 5  # seconds; nginx's upstream connections (sync workers close after each anyway)

# Each worker is replaced after about this many requests (jittered so they do not all restart
# at once): bounds slow growth of memory in a long-lived process.
max_requests = 2000
max_requests_jitter = 200

# Load Django once in the master and fork: workers start in a fraction of a second (a restart
# after max_requests costs no import) and share the read-only pages of the code. The master
# opens no database or cache connection (see pre_fork).
preload_app = True

# The heartbeat file each worker touches: in memory, not on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Logs to the process's own output (journald, docker logs). Django's own logging (cms
# settings LOGGING) writes to stderr in each worker.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
if accesslog == "off":
    accesslog = None
errorlog = "-"
loglevel = "info"
# the client as nginx saw it, the request, status, bytes, duration in ms
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms'
# Parents' own channels are never in the access log (nginx's site leaves out the same paths):
# votes, suggestions, play beacons, and under /my/ the record's backup, certificates and
# attendance links. A line would tie an address to a lesson and a time.
UNLOGGED_PATHS = re.compile(r"^/(stats|feedback|suggestions|my)/")


class PrivateAccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not UNLOGGED_PATHS.match(environ.get("PATH_INFO", "")):
            super().access(resp, req, environ, request_time)


logger_class = PrivateAccessLogger
proc_name = "parentschool-web"

# nginx on the same machine sets X-Forwarded-Proto; Django reads it itself
# (SECURE_PROXY_SSL_HEADER), this only tells gunicorn whom to believe for wsgi.url_scheme.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


def pre_fork(server, worker):
    """No connection opened in the master may be shared by the workers forked from it."""
    from django.db import connections

    connections.close_all()
