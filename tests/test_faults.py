"""The fault suite: the app keeps serving through cache, storage and worker faults and re-ingests.

Each test runs the real server (gunicorn with the project's config, 2 workers) on loopback under 8
clients posting the app's own chart callbacks (tests/load.py), stages a fault, and counts what users
would have seen fail. Figures (requests sent and failed, recovery times) are printed: run with
``-s`` to read them, or set FAULT_REPORT to a file to collect them as JSON lines.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.ingest import ingest
from tests import services
from tests.load import LoadClients, answer, callback_bodies

CLIENTS = 8


def _env(tmp_path: Path, data: str, **extra: str) -> dict[str, str]:
    return {
        "DATA_URI": data,
        "APP_ENV": "prod",
        "LOG_DIR": str(tmp_path / "logs"),
        "LOG_LEVEL": "WARNING",
        "DATASET_REFRESH_SECONDS": "1",
        "CACHE_TYPE": "SimpleCache",
        **extra,
    }


def _report(fault: str, **figures: Any) -> None:
    line = json.dumps({"fault": fault, **figures})
    print(line)
    if os.environ.get("FAULT_REPORT"):
        with open(os.environ["FAULT_REPORT"], "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def _get(url: str) -> tuple[int, dict[str, Any]]:
    status, _, body = answer(url, timeout=10)
    return status, json.loads(body or b"{}")


def _text(url: str) -> str:
    """Body of any answer, errors included."""
    return answer(url, timeout=30)[2].decode()


def _wait_until(check: Callable[[], bool], timeout: float = 60) -> float:
    """Seconds until ``check()`` holds (polled every 0.1 s)."""
    started = time.monotonic()
    while not check():
        if time.monotonic() - started > timeout:
            raise TimeoutError("condition not reached")
        time.sleep(0.1)
    return time.monotonic() - started


def _readiness(base: str) -> str:
    status, body = _get(f"{base}/readyz")
    return body.get("status", str(status))


@pytest.fixture
def fault_dataset(generated_dataset) -> str:
    """The published dataset served: the small test one, or FAULT_DATASET (e.g. scale 1, to measure)."""
    return os.environ.get("FAULT_DATASET") or generated_dataset


@pytest.fixture
def fault_csv(generated_csv) -> Path:
    """What the publish tests ingest: the small test CSVs, or FAULT_CSV."""
    return Path(os.environ.get("FAULT_CSV") or generated_csv)


@pytest.fixture
def dataset_copy(fault_dataset, tmp_path) -> Path:
    """A private copy of the served dataset, that a test may damage or publish over."""
    folder = tmp_path / "data"
    shutil.copytree(fault_dataset, folder)
    return folder


def test_redis_stopped_and_restarted_under_load(fault_dataset, tmp_path):
    redis = services.RestartableRedis()
    redis.start()
    try:
        env = _env(tmp_path, fault_dataset, CACHE_REDIS_URL=redis.url)
        with services.gunicorn_server(env) as base:
            bodies = callback_bodies(base)
            with LoadClients(base, bodies, CLIENTS) as load:
                time.sleep(3)
                assert _readiness(base) == "ready"
                redis.stop()
                degraded_after = _wait_until(lambda: _readiness(base) == "degraded")
                time.sleep(4)
                redis.start()
                ready_after = _wait_until(lambda: _readiness(base) == "ready")
                time.sleep(3)
    finally:
        redis.stop()
    result = load.result
    _report(
        "redis stopped and restarted",
        sent=result.sent,
        failed=result.failed,
        degraded_reported_after_s=round(degraded_after, 2),
        ready_again_after_s=round(ready_after, 2),
    )
    assert result.sent > 100
    assert result.failures == []


def test_data_unreadable_then_restored_and_a_worker_started_during_the_fault_recovers(dataset_copy, tmp_path):
    hidden = dataset_copy.with_name("data-hidden")
    dataset_copy.rename(hidden)  # the server starts with no readable data
    env = _env(tmp_path, str(dataset_copy))
    with services.gunicorn_master(env, ready_path="/livez") as (base, _):
        status, body = _get(f"{base}/readyz")
        assert status == 503 and body["status"] == "unavailable"
        with urllib.request.urlopen(f"{base}/", timeout=30) as page:  # the page answers, with the message
            assert page.status == 200
        hidden.rename(dataset_copy)
        recovered_after = _wait_until(lambda: _readiness(base) == "ready")
        bodies = callback_bodies(base)
        with LoadClients(base, bodies, CLIENTS) as after_start:
            time.sleep(4)
        # Now a fault while serving: every answer during it is a clear message, never a 500.
        with LoadClients(base, bodies, CLIENTS) as during:
            time.sleep(2)
            dataset_copy.rename(hidden)
            time.sleep(3)
            hidden.rename(dataset_copy)
            restored = time.monotonic()
            ready_again = _wait_until(lambda: _readiness(base) == "ready")
            time.sleep(5)
    failed_during = during.result.failures
    # Requests sent from the moment the data is back: in-flight ones that read the missing files may fail.
    sent_after_restore, failed_after_restore = during.result.failed_sent_after(restored)
    _report(
        "data unreadable (worker started during the fault)",
        readiness_recovered_after_s=round(recovered_after, 2),
        sent_after=after_start.result.sent,
        failed_after=after_start.result.failed,
    )
    _report(
        "data unreadable while serving",
        sent=during.result.sent,
        failed=len(failed_during),
        ready_again_after_s=round(ready_again, 2),
        sent_after_restore=sent_after_restore,
        failed_after_restore=failed_after_restore,
    )
    assert after_start.result.sent > 50 and after_start.result.failures == []
    assert 500 not in during.result.statuses
    assert all(str(dataset_copy.parent) not in failure for failure in failed_during)  # no internal path
    assert sent_after_restore > 20 and failed_after_restore == 0


def test_two_publishes_in_a_row_under_load(fault_csv, dataset_copy, tmp_path):
    env = _env(tmp_path, str(dataset_copy))
    with services.gunicorn_server(env) as base:
        bodies = callback_bodies(base)
        before = _get(f"{base}/readyz")[1]["dataset"]["version"]
        with LoadClients(base, bodies, CLIENTS) as load:
            time.sleep(2)
            started = time.monotonic()
            for _ in range(2):
                ingest(fault_csv, str(dataset_copy), progress=False, synthetic=True)
            published_in = time.monotonic() - started
            switched_after = _wait_until(lambda: _get(f"{base}/readyz")[1]["dataset"]["version"] != before)
            time.sleep(3)
    _report(
        "two publishes in a row",
        sent=load.result.sent,
        failed=load.result.failed,
        publishes_s=round(published_in, 1),
        new_version_served_after_s=round(switched_after, 2),
    )
    assert load.result.sent > 100
    assert load.result.failures == []


def _read_all(response, chunk: int = 1 << 16) -> int:
    total = 0
    while data := response.read(chunk):
        total += len(data)
    return total


def test_a_download_started_before_two_publishes_completes(fault_csv, dataset_copy, tmp_path):
    env = _env(tmp_path, str(dataset_copy))
    with services.gunicorn_server(env) as base:
        url = f"{base}/export/interactions.csv?sort=rating&order=desc"
        with urllib.request.urlopen(url, timeout=60) as response:
            expected = _read_all(response)
        with urllib.request.urlopen(url, timeout=60) as response:
            head = response.read(1 << 14)
            for _ in range(2):  # the version the download reads is replaced, then retired
                ingest(fault_csv, str(dataset_copy), progress=False, synthetic=True)
            time.sleep(2)  # workers switch to the newest version meanwhile
            size = len(head) + _read_all(response)
    _report("download during two publishes", bytes_expected=expected, bytes_received=size)
    assert size == expected


def test_a_worker_killed_under_load_fails_only_its_requests(fault_dataset, tmp_path):
    env = _env(tmp_path, fault_dataset)
    with services.gunicorn_master(env) as (base, master):
        bodies = callback_bodies(base)
        with LoadClients(base, bodies, CLIENTS) as load:
            time.sleep(3)
            victim = services.child_pids(master.pid)[0]
            os.kill(victim, signal.SIGKILL)
            killed_at = len(load.result.statuses)
            replaced_after = _wait_until(
                lambda: len(services.child_pids(master.pid)) == 2 and victim not in services.child_pids(master.pid)
            )
            time.sleep(3)
            settled = len(load.result.statuses)
            time.sleep(3)
    failures_after_settling = [s for s in load.result.statuses[settled:] if s >= 400]
    _report(
        "worker SIGKILL under load",
        sent=load.result.sent,
        failed=load.result.failed,
        requests_before_kill=killed_at,
        replaced_after_s=round(replaced_after, 2),
    )
    # At most one in-flight request per client (gthread: 4 threads a worker) was on the killed worker.
    assert load.result.failed <= CLIENTS
    assert failures_after_settling == []


def test_soak_with_workers_recycled_every_few_hundred_requests(fault_dataset, tmp_path):
    env = _env(tmp_path, fault_dataset, GUNICORN_MAX_REQUESTS="300")
    with services.gunicorn_master(env) as (base, master):
        bodies = callback_bodies(base)
        start_rss = [services.rss_mb(pid) for pid in services.child_pids(master.pid)]
        start_workers = set(services.child_pids(master.pid))
        started = time.monotonic()
        with LoadClients(base, bodies, CLIENTS) as load:
            time.sleep(20)
        elapsed = time.monotonic() - started
        end_workers = services.child_pids(master.pid)
        end_rss = [services.rss_mb(pid) for pid in end_workers]
    result = load.result
    _report(
        "soak (max_requests 300)",
        sent=result.sent,
        failed=result.failed,
        req_per_s=round(result.sent / elapsed, 1),
        p95_ms=round(1000 * result.p95(), 1),
        workers_replaced=len(set(end_workers) - start_workers),
        rss_start_mb=[round(r) for r in start_rss],
        rss_end_mb=[round(r) for r in end_rss],
    )
    assert result.sent > 600  # enough for every worker to be recycled at least once
    assert set(end_workers).isdisjoint(start_workers)
    assert result.failures == []


@pytest.mark.s3
def test_no_secret_or_internal_address_reaches_users_or_logs(generated_csv, s3_server, s3_bucket, tmp_path):
    import boto3

    from tests.conftest import S3_TEST_KEY_ID, S3_TEST_SECRET

    uri = f"s3://{s3_bucket}/foodcom"
    ingest(generated_csv, uri, s3=s3_server, progress=False, synthetic=True)
    endpoint = s3_server.endpoint_url.split("://", 1)[1]
    env = _env(
        tmp_path,
        uri,
        S3_ENDPOINT_URL=s3_server.endpoint_url,
        AWS_ACCESS_KEY_ID=S3_TEST_KEY_ID,
        AWS_SECRET_ACCESS_KEY=S3_TEST_SECRET,
        AWS_REGION=s3_server.region,
        LOG_LEVEL="DEBUG",
    )
    forbidden = (S3_TEST_SECRET, S3_TEST_KEY_ID, endpoint, s3_bucket, str(services.PROJECT_ROOT))
    with services.gunicorn_server(env) as base:
        bodies = callback_bodies(base)
        with LoadClients(base, bodies, CLIENTS, forbidden=forbidden) as load:
            time.sleep(3)
            # The fault: the dataset's files disappear from the bucket while it is served.
            bucket = boto3.resource(
                "s3",
                endpoint_url=s3_server.endpoint_url,
                region_name=s3_server.region,
                aws_access_key_id=S3_TEST_KEY_ID,
                aws_secret_access_key=S3_TEST_SECRET,
            ).Bucket(s3_bucket)
            bucket.objects.all().delete()
            time.sleep(4)
        page_texts = [_text(f"{base}{path}") for path in ("/", "/readyz", "/livez", "/metrics")]
        status, _ready = _get(f"{base}/readyz")
    logs = "\n".join(path.read_text(errors="replace") for path in (tmp_path / "logs").rglob("*.log"))
    _report(
        "S3 dataset deleted while served",
        sent=load.result.sent,
        failed=load.result.failed,
        leaks=len(load.result.leaks),
    )
    assert load.result.failed > 0 and status == 503  # the fault was seen...
    assert load.result.leaks == []  # ...and told without secrets, bucket, endpoint or paths
    assert all(text not in page for text in forbidden for page in page_texts)
    assert S3_TEST_SECRET not in logs and S3_TEST_KEY_ID not in logs


def test_two_replicas_behind_nginx_survive_one_crashing(fault_dataset, tmp_path):
    env = _env(tmp_path, fault_dataset, WEB_CONCURRENCY="1")
    with (
        services.gunicorn_master(env, workers=1) as (first, first_master),
        services.gunicorn_master(env, workers=1) as (second, _),
    ):
        upstreams = [first.removeprefix("http://"), second.removeprefix("http://")]
        with services.nginx_proxy(upstreams, tmp_path / "nginx") as url:
            bodies = callback_bodies(url)
            with LoadClients(url, bodies, CLIENTS) as load:
                time.sleep(3)
                crashed = time.monotonic()
                for pid in [*services.child_pids(first_master.pid), first_master.pid]:  # the whole replica dies
                    os.kill(pid, signal.SIGKILL)
                time.sleep(1)
                settled = time.monotonic()
                time.sleep(4)
    sent_after, failed_after = load.result.failed_sent_after(settled)
    _report(
        "one of two replicas behind nginx crashes",
        sent=load.result.sent,
        failed=load.result.failed,
        sent_from_1_s_after=sent_after,
        failed_from_1_s_after=failed_after,
        crash_to_settled_s=round(settled - crashed, 2),
    )
    assert load.result.sent > 100
    assert load.result.failed <= CLIENTS  # nginx retries callbacks on the other replica
    assert sent_after > 20 and failed_after == 0
