"""/livez, /readyz, /metrics and the retryable Dash setup, through the Flask test client."""

from __future__ import annotations

import re
import shutil

import dash
import pytest
from dash import Input, Output, html

from app import repository as repository_module
from app.factory import create_app, make_setup_retryable
from app.repository import NO_DATASET_MESSAGE, get_repository
from tests.fixtures import make_settings


@pytest.fixture(scope="module")
def served_app(generated_dataset, tmp_path_factory):
    app = create_app(make_settings(generated_dataset, log_dir=tmp_path_factory.mktemp("logs")))
    yield app, get_repository()
    repository_module.install(None)


@pytest.fixture
def served(served_app):
    """A test client of the app, its repository installed again (other tests install their own)."""
    app, repository = served_app
    repository_module.install(repository)
    yield app.server.test_client()
    repository_module.install(None)


def _sample(text: str, name: str, **labels: str) -> float:
    """Value of one sample of the Prometheus text format (0 when absent)."""
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        match = re.fullmatch(rf"{re.escape(name)}(?:\{{(.*)\}})? (\S+)", line)
        if match and ",".join(sorted((match[1] or "").split(","))) == wanted:
            return float(match[2])
    return 0.0


def test_livez_answers_without_touching_data(served):
    response = served.get("/livez")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_reports_the_served_dataset(served, generated_dataset):
    response = served.get("/readyz")
    manifest = get_repository().manifest()
    assert response.status_code == 200
    assert response.json["status"] == "ready" and response.json["cache"] == "ok"
    assert response.json["dataset"] == {
        "version": manifest["version"],
        "recipes": manifest["row_counts"]["recipes"],
        "interactions": manifest["row_counts"]["interactions"],
    }
    assert served.get("/health").json == response.json


def test_readyz_is_degraded_when_the_cache_fails_and_unavailable_without_data(served, monkeypatch):
    repository = get_repository()

    def broken_get(key):
        raise ConnectionError("redis down")

    monkeypatch.setattr(repository.cache, "get", broken_get)
    monkeypatch.setattr("app.health.PROBE_REUSE_SECONDS", 0.0)
    degraded = served.get("/readyz")
    assert degraded.status_code == 200 and degraded.json["status"] == "degraded"
    assert degraded.json["cache"] == "unreachable"


def test_readyz_without_a_dataset_is_503_with_a_message_and_no_path(tmp_path):
    app = create_app(make_settings(str(tmp_path / "nothing-here"), log_dir=tmp_path / "logs"))
    try:
        response = app.server.test_client().get("/readyz")
    finally:
        repository_module.install(None)
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"
    assert response.json["dataset"] == {"error": NO_DATASET_MESSAGE}
    assert str(tmp_path) not in response.get_data(as_text=True)


def test_a_dataset_removed_while_served_recovers_when_it_returns(generated_dataset, tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(generated_dataset, data)
    app = create_app(make_settings(str(data), log_dir=tmp_path / "logs"))
    client = app.server.test_client()
    monkeypatch.setattr("app.health.PROBE_REUSE_SECONDS", 0.0)
    try:
        assert client.get("/readyz").status_code == 200
        data.rename(tmp_path / "away")
        gone = client.get("/readyz")
        (tmp_path / "away").rename(data)
        back = client.get("/readyz")
    finally:
        repository_module.install(None)
    assert gone.status_code == 503 and str(tmp_path) not in gone.get_data(as_text=True)
    assert back.status_code == 200 and back.json["status"] == "ready"


def test_metrics_count_callbacks_cache_events_queries_and_the_dataset(served):
    body = {
        "output": "overview-kpis.children",
        "outputs": {"id": "overview-kpis", "property": "children"},
        "inputs": [{"id": "filters-store", "property": "data", "value": "?min=5-25"}],
        "changedPropIds": [],
        "state": [
            {"id": "language-store", "property": "data", "value": "en"},
            {"id": "theme-store", "property": "data", "value": "dark"},
        ],
    }
    before = served.get("/metrics").get_data(as_text=True)
    assert served.post("/_dash-update-component", json=body).status_code == 200
    assert served.post("/_dash-update-component", json=body).status_code == 200
    assert served.post("/_dash-update-component", json={**body, "output": "no-such.output"}).status_code >= 400
    after = served.get("/metrics").get_data(as_text=True)

    def grew(name: str, **labels: str) -> float:
        return _sample(after, name, **labels) - _sample(before, name, **labels)

    assert grew("mtm_callback_duration_seconds_count", callback="overview-kpis.children", status="200") == 2
    assert (
        grew("mtm_http_request_duration_seconds_count", route="/_dash-update-component", method="POST", status="200")
        == 2
    )
    assert 'callback="no-such.output"' not in after  # labels only for the app's own callbacks
    assert grew("mtm_cache_events_total", event="hit") >= 1  # the second request reads the cached output
    assert grew("mtm_cache_events_total", event="miss") >= 1
    assert grew("mtm_query_duration_seconds_count", query="overview/kpis") == 1
    version = get_repository().dataset_version()
    assert _sample(after, "mtm_dataset_info", version=version) == 1
    assert 0 <= _sample(after, "mtm_dataset_age_seconds") < 3600


def test_a_failed_dash_setup_is_retried_by_the_next_request():
    attempts = []

    def layout():
        attempts.append(1)
        if len(attempts) == 2:  # the 1st call is Dash's check when the layout is assigned
            raise OSError("storage unreadable during the first setup")
        return html.Div([html.Button(id="press"), html.Div(id="shown")])

    app = dash.Dash(__name__)
    app.layout = layout

    @dash.callback(Output("shown", "children"), Input("press", "n_clicks"))  # moved into the app by the setup
    def show(clicks):
        return clicks

    make_setup_retryable(app)
    app.server.config["PROPAGATE_EXCEPTIONS"] = False  # as served: an exception is a 500 answer
    client = app.server.test_client()
    assert client.get("/_dash-dependencies").status_code == 500
    dependencies = client.get("/_dash-dependencies")
    assert dependencies.status_code == 200
    assert "shown.children" in [c["output"] for c in dependencies.json]
    assert client.get("/livez").status_code in (200, 404)  # probes skip the setup (404: no route in this app)


def test_a_metric_that_cannot_be_recorded_never_fails_the_request(served, monkeypatch):
    def broken(*args, **kwargs):
        raise FileNotFoundError("the multiprocess metrics folder was removed")

    monkeypatch.setattr("app.metrics.HTTP_SECONDS.labels", broken)
    monkeypatch.setattr("app.metrics.CACHE_EVENTS.labels", broken)
    assert served.get("/livez").status_code == 200
    assert served.get("/readyz").status_code == 200
