"""Real services for the tests, started on free loopback ports and stopped afterwards."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout: float = 60.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status < 500:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def _stop(process: subprocess.Popen, timeout: float = 20) -> None:
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def gunicorn_server(env: dict[str, str], workers: int = 2, log_path: Path | None = None) -> Iterator[str]:
    """The app under gunicorn with the project's config; yields its base URL."""
    with gunicorn_master(env, workers, log_path) as (url, _):
        yield url


def gunicorn_command(port: int, workers: int, *options: str) -> list[str]:
    """The command line of the app under gunicorn with the project's config on 127.0.0.1:``port``
    (``--no-control-socket``: several servers run at once in the suite)."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(PROJECT_ROOT / "deploy" / "gunicorn.conf.py"),
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        *options,
        "--no-control-socket",
        "app.wsgi:server",
    ]


@contextmanager
def gunicorn_master(
    env: dict[str, str], workers: int = 2, log_path: Path | None = None, ready_path: str = "/health"
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Like ``gunicorn_server``, also yielding the master process (to signal it or its workers)."""
    port = free_port()
    command = gunicorn_command(port, workers)
    log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115  (the server's stdout; closed when it stops)
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}{ready_path}", timeout=120, process=process)
        yield f"http://127.0.0.1:{port}", process
    finally:
        _stop(process)
        if log_path:
            log.close()


def child_pids(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (a gunicorn master's workers)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return sorted(children)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def nginx_proxy(upstream: str | list[str], workdir: Path) -> Iterator[str]:
    """nginx with deploy/nginx's config in front of ``upstream`` (host:port, or a list: replicas)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    port = free_port()
    template = (PROJECT_ROOT / "deploy" / "nginx" / "mangetamain.conf.template").read_text()
    replicas = [upstream] if isinstance(upstream, str) else upstream
    servers = "\n".join(f"    server {address};" for address in replicas)
    site = template.replace("    server ${APP_UPSTREAM};", servers).replace("${PROXY_PORT}", str(port))
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "site.conf").write_text(site)
    # As root, nginx's workers would drop to 'nobody' and could not write their temp files here.
    user = "user root;" if os.geteuid() == 0 else ""
    (workdir / "nginx.conf").write_text(f"""
{user}
daemon off;
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {workdir}/access.log;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    include /etc/nginx/mime.types;
    include {workdir}/site.conf;
}}
""")
    process = subprocess.Popen(
        [nginx, "-c", str(workdir / "nginx.conf"), "-p", str(workdir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health", timeout=30, process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


@contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway redis-server; yields its URL."""
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        _stop(process)


class RestartableRedis:
    """A redis-server on a fixed loopback port that a test can stop and start again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None
