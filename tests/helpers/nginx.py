"""A real nginx (Debian's package) in front of app replicas, for tests: its own config, prefix, pid and logs in a
folder of the test's, in the foreground, on a free loopback port. The upstream and the server's directives are
the ones docs/deployment.md shows (`upstream_block`, `proxy_directives`); a test checks that they match."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Self

from . import free_port
from .ws_client import StreamlitClient

UPSTREAM_HEADER = "X-Upstream-Addr"
"""With `expose_upstream`, each response names the replica that served it (tests only: it shows internal addresses)."""


def served_by(client: StreamlitClient) -> str:
    """The replica that took this websocket, from its handshake's `UPSTREAM_HEADER` (the last address tried)."""
    return client.ws.response.headers[UPSTREAM_HEADER].split(",")[-1].strip()


def nginx_binary() -> str | None:
    """Debian's nginx: on PATH, or in /usr/sbin (not on a non-root PATH)."""
    found = shutil.which("nginx")
    return found or ("/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)


def upstream_block(ports: Sequence[int]) -> str:
    """The replicas, sticky by client address; a replica that refuses a connection is skipped for 10 s. And the
    `Connection` header to send upstream: "upgrade" for websockets, "close" for plain requests (event streams)."""
    servers = "".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;\n" for port in ports)
    return ("map $http_upgrade $connection_upgrade {\n"
            "    default upgrade;\n"
            "    ''      close;\n"
            "}\n"
            "upstream itlead {\n"
            "    hash $remote_addr consistent; # sticky: one client address, one replica\n"
            "    zone itlead 64k;              # failure counts shared by all workers\n"
            f"{servers}}}\n")


def proxy_directives(expose_upstream: bool = False) -> str:
    """The server block's body: the client address from a proxy on this machine, websockets, failover."""
    tag = f"        add_header {UPSTREAM_HEADER} $upstream_addr always;\n" if expose_upstream else ""
    return ("    set_real_ip_from 127.0.0.0/8;     # a proxy on this machine (e.g. a TLS terminator) names the client\n"
            "    real_ip_header X-Forwarded-For;\n"
            "    location / {\n"
            "        proxy_pass http://itlead;\n"
            "        proxy_http_version 1.1;\n"
            "        proxy_set_header Upgrade $http_upgrade;\n"
            "        proxy_set_header Connection $connection_upgrade;\n"
            "        proxy_set_header Host $host;\n"
            "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
            "        proxy_read_timeout 86400s;    # keep idle websockets open through a long workshop\n"
            "        proxy_connect_timeout 5s;\n"
            "        proxy_next_upstream error timeout;   # a replica down: its clients go to another\n"
            f"{tag}    }}\n")


def nginx_conf(root: Path, listen_port: int, ports: Sequence[int], expose_upstream: bool = False) -> str:
    """A whole nginx.conf: foreground, one worker, every file under `root`, listening on 127.0.0.1 only."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers as the invoking user, who owns `root`
    temp = "".join(f"    {kind}_temp_path {root / 'temp' / kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"{user}daemon off;\nworker_processes 1;\npid {root / 'nginx.pid'};\n"
            f"error_log {root / 'error.log'} notice;\nevents {{ worker_connections 8192; }}\n"
            "http {\n"
            "    log_format upstream '$remote_addr \"$request\" $status upstream=$upstream_addr';\n"
            f"    access_log {root / 'access.log'} upstream;\n{temp}"
            f"{upstream_block(ports)}"
            f"server {{\n    listen 127.0.0.1:{listen_port};\n{proxy_directives(expose_upstream)}}}\n}}\n")


class Nginx:
    """nginx in front of `ports`; `url` once it answers. Use as a context manager, or call stop()."""

    def __init__(self, root: Path, ports: Sequence[int], expose_upstream: bool = False):
        binary = nginx_binary()
        if binary is None:
            raise FileNotFoundError("nginx not found (apt-get install nginx)")
        root.mkdir(parents=True, exist_ok=True)
        (root / "temp").mkdir(exist_ok=True)
        self.root, self.port = root, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        conf = root / "nginx.conf"
        conf.write_text(nginx_conf(root, self.port, ports, expose_upstream))
        self.proc = subprocess.Popen([binary, "-c", str(conf), "-p", str(root), "-e", str(root / "error.log")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_answering()

    def _wait_answering(self, seconds: float = 20) -> None:
        """Return once nginx answers HTTP (any status); raise with its error log if it exits or never does."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2).close()
                return
            except urllib.error.HTTPError:
                return  # an answer all the same (e.g. 502 while no replica is up)
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"nginx did not answer: {self.error_log()[-2000:]}")

    def error_log(self) -> str:
        path = self.root / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        """Fast shutdown (SIGTERM: the master stops its worker), then SIGKILL if it lingers."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
