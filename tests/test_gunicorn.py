"""deploy/gunicorn.conf.py: a fresh worker answers its very first, concurrent requests correctly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests import services
from tests.services import PROJECT_ROOT


def _first_answer(url: str, deadline: float) -> tuple[int, bytes]:
    """GET ``url`` as soon as the server listens (the first requests a new worker accepts)."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()
        except urllib.error.URLError:  # not listening yet
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def test_concurrent_first_requests_of_a_new_worker_see_every_callback(generated_dataset, tmp_path):
    port = services.free_port()
    env = {
        **os.environ,
        "DATA_URI": generated_dataset,
        "APP_ENV": "prod",
        "LOG_DIR": str(tmp_path),
        "LOG_LEVEL": "WARNING",
    }
    command = services.gunicorn_command(port, 1, "--threads", "16")
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    answers: list[tuple[int, bytes]] = []
    deadline = time.monotonic() + 120
    url = f"http://127.0.0.1:{port}/_dash-dependencies"
    try:
        threads = [threading.Thread(target=lambda: answers.append(_first_answer(url, deadline))) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert [status for status, _ in answers] == [200] * 16
    dependencies = [json.loads(body) for _, body in answers]
    assert len(dependencies[0]) > 50  # every tab's callbacks, not the few registered so far
    assert all(d == dependencies[0] for d in dependencies)


def _serve_some_pages(base: str) -> None:
    for path in ("/", "/readyz", "/_dash-layout"):
        with urllib.request.urlopen(f"{base}{path}", timeout=60) as response:
            assert response.status == 200


def test_workers_exit_cleanly_on_sigterm(generated_dataset, tmp_path):
    log = tmp_path / "gunicorn.log"
    env = {"DATA_URI": generated_dataset, "APP_ENV": "prod", "LOG_DIR": str(tmp_path / "logs"), "LOG_LEVEL": "INFO"}
    with services.gunicorn_master(env, workers=2, log_path=log) as (base, master):
        _serve_some_pages(base)  # DuckDB's threads run in the workers
        workers = services.child_pids(master.pid)
        master.send_signal(signal.SIGTERM)
        assert master.wait(timeout=30) == 0
    output = log.read_text()
    assert "terminate called" not in output and "SIGABRT" not in output and "was sent SIGKILL" not in output
    assert output.count("Worker exiting") == 2
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)


def test_orphaned_workers_exit_when_the_master_is_killed(generated_dataset, tmp_path):
    env = {"DATA_URI": generated_dataset, "APP_ENV": "prod", "LOG_DIR": str(tmp_path / "logs"), "LOG_LEVEL": "INFO"}
    with services.gunicorn_master(env, workers=2) as (base, master):
        _serve_some_pages(base)
        workers = services.child_pids(master.pid)
        master.kill()
        master.wait()
        deadline = time.monotonic() + 35
        while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
        for pid in alive:  # do not leave them behind if the test fails
            os.kill(pid, signal.SIGKILL)
    assert alive == []
