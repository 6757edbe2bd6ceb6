"""nginx's main configuration for the process set: what Debian's /etc/nginx/nginx.conf sets
around a site (deploy/nginx/parentschool.conf as deploy/nginx/render.sh renders it), with every
path under the set's own directory, so that nginx runs as an instance of its own."""

import os
import re
from pathlib import Path

NGINX_PREFIX = Path("/usr/share/nginx")  # Debian's compiled-in prefix (relative load_module paths)


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
