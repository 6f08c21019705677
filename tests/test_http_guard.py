"""HTTP limits and headers: the app's body limit and dev routes, and nginx's security headers and
isolation of one client's bad requests from the others."""

from __future__ import annotations

import base64
import hashlib
import re
import threading
import time

import pytest

from app import repository as repository_module
from app.http_guard import MAX_BODY_BYTES
from tests import services
from tests.fixtures import make_settings
from tests.load import LoadClients, answer, callback_bodies

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")


@pytest.fixture(scope="module")
def proxied(generated_dataset, tmp_path_factory):
    """The app in prod settings under gunicorn behind the project's nginx config: (direct, proxied)."""
    logs = tmp_path_factory.mktemp("logs")
    env = {"DATA_URI": generated_dataset, "APP_ENV": "prod", "LOG_DIR": str(logs), "LOG_LEVEL": "WARNING"}
    with (
        services.gunicorn_server(env, workers=2) as direct,
        services.nginx_proxy(direct.removeprefix("http://"), tmp_path_factory.mktemp("nginx")) as url,
    ):
        yield direct, url


@pytest.fixture
def app_client(generated_dataset, tmp_path):
    def build(env: str):
        from app.factory import create_app

        return create_app(make_settings(generated_dataset, log_dir=tmp_path, env=env)).server.test_client()

    yield build
    repository_module.install(None)


def test_dev_routes_answer_404_outside_local(app_client):
    assert app_client("prod").get("/_reload-hash").status_code == 404
    assert app_client("local").get("/_reload-hash").status_code == 200


def test_a_body_over_the_limit_is_refused_by_the_app(proxied):
    direct, _ = proxied
    status, _, _ = answer(f"{direct}/_dash-update-component", b"{" + b" " * (MAX_BODY_BYTES + 10) + b"}")
    assert status == 413


def test_nginx_hides_its_version_and_sends_security_headers_on_pages_and_errors(proxied):
    _, url = proxied
    for path, expected in (("/", 200), ("/assets/does-not-exist.css", 404), ("/readyz", 200)):
        status, headers, _ = answer(f"{url}{path}")
        assert status == expected, path
        assert headers["Server"] == "nginx", path
        assert all(name in headers for name in SECURITY_HEADERS), (path, headers)
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"


def test_the_csp_allows_exactly_the_inline_script_the_page_runs(proxied):
    _, url = proxied
    _, headers, page = answer(f"{url}/")
    page = re.sub(rb"<!--.*?-->", b"", page, flags=re.S)  # Dash's IE-only warning is a comment
    inline = re.findall(rb"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", page, re.S)
    hashes = {"'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'" for script in inline}
    allowed = set(re.search(r"script-src ([^;]+)", headers["Content-Security-Policy"])[1].split()) - {"'self'"}
    assert hashes and hashes == allowed


def test_one_clients_bad_bodies_never_fail_other_clients(proxied):
    _, url = proxied
    bodies = callback_bodies(url)
    refused: list[int] = []
    stop = threading.Event()

    def abuse() -> None:
        payloads = (
            (b"x" * 900_000, "text/plain"),
            (b"not json at all", "application/json"),
            (b"y" * 3_000_000, "application/octet-stream"),
            (b"\xff\xfe" * 1000, "application/json"),
        )
        while not stop.is_set():
            for data, content_type in payloads:
                refused.append(answer(f"{url}/_dash-update-component", data, content_type)[0])

    abuser = threading.Thread(target=abuse, daemon=True)
    with LoadClients(url, bodies, clients=4) as load:
        abuser.start()
        time.sleep(8)
        stop.set()
        abuser.join(timeout=30)
    print(
        {
            "valid_sent": load.result.sent,
            "valid_failed": load.result.failed,
            "bad_sent": len(refused),
            "bad_statuses": sorted(set(refused)),
        }
    )
    assert load.result.sent > 50 and load.result.failures == []
    assert refused and all(400 <= status < 500 for status in refused)


def test_metrics_are_served_to_the_local_network(proxied):
    _, url = proxied
    status, _, body = answer(f"{url}/metrics")
    assert status == 200 and b"mtm_http_request_duration_seconds" in body


def test_refused_requests_are_counted_in_the_metrics(app_client):
    client = app_client("prod")
    refused = client.post("/_dash-update-component", data=b"plain", content_type="text/plain").status_code
    assert refused in (400, 415)  # whichever guard answers first
    metrics = client.get("/metrics").get_data(as_text=True)
    assert re.search(rf'mtm_http_request_duration_seconds_count\{{[^}}]*status="{refused}"[^}}]*\}} [1-9]', metrics)
