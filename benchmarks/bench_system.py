"""What the benchmark records about its machine, code, dataset and gunicorn workers."""

from __future__ import annotations

import json
import os
import runpy
import subprocess
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
GUNICORN_CONF = PROJECT_ROOT / "deploy" / "gunicorn.conf.py"


def machine() -> dict:
    return {"cpus": os.cpu_count(), "loadavg": list(os.getloadavg())}


def git_state() -> dict:
    """The commit benchmarked and the tracked files that differ from it (the server runs them)."""

    def git(*args: str) -> list[str]:
        return subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True).stdout.split()

    return {"commit": git("rev-parse", "HEAD")[0], "modified_files": git("diff", "--name-only", "HEAD")}


def dataset_manifest(data_uri: str) -> dict:
    """Version and row counts from the published dataset's manifest."""
    from app import schema
    from app.settings import S3Settings
    from app.storage import open_storage

    storage = open_storage(data_uri, S3Settings.from_env(dict(os.environ)))
    version = storage.read_text(schema.CURRENT_POINTER).strip()
    manifest = json.loads(storage.read_text(f"versions/{version}/{schema.MANIFEST}"))
    return {"version": version, "synthetic": manifest.get("synthetic"), "row_counts": manifest.get("row_counts", {})}


def gunicorn_defaults() -> dict[str, int]:
    """Workers and threads that deploy/gunicorn.conf.py gives under this environment."""
    config = runpy.run_path(str(GUNICORN_CONF))
    return {"workers": int(config["workers"]), "threads": int(config["threads"])}


def _status(pid: int) -> dict[str, str]:
    text = Path(f"/proc/{pid}/status").read_text()
    return {key: value.strip() for key, _, value in (line.partition(":") for line in text.splitlines())}


def gunicorn_workers(server_url: str) -> list[int]:
    """Pids of the gunicorn workers behind ``server_url`` (children of the master bound to its port)."""
    bind = "127.0.0.1:" + server_url.rsplit(":", 1)[1]
    masters, parents = set(), {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            parents[int(proc.name)] = int(_status(int(proc.name))["PPid"])
        except (OSError, KeyError, ValueError):
            continue
        if b"gunicorn" in b" ".join(cmdline) and bind.encode() in cmdline:
            masters.add(int(proc.name))
    return sorted(pid for pid, parent in parents.items() if parent in masters)


def _kb(value: str) -> float:
    return int(value.split()[0]) / 1024


def process_memory(pid: int) -> dict[str, float]:
    """RSS, PSS (smaps_rollup), peak RSS (VmHWM) in MB, and the process's age in seconds."""
    status = _status(pid)
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    pss = next(_kb(line.split(":", 1)[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    ticks = os.sysconf("SC_CLK_TCK")
    started = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]) / ticks
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return {
        "pid": pid,
        "rss_mb": _kb(status["VmRSS"]),
        "pss_mb": pss,
        "peak_rss_mb": _kb(status["VmHWM"]),
        "age_s": round(uptime - started, 1),
    }


def workers_memory(server_url: str) -> list[dict[str, float]]:
    memory = []
    for pid in gunicorn_workers(server_url):
        try:
            memory.append(process_memory(pid))
        except (OSError, StopIteration, KeyError):
            continue  # a worker recycled (max_requests) between listing and reading
    return memory


def timestamp() -> str:
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
