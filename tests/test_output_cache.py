"""What the browser receives is memoized: a cached callback runs no SQL and no analysis, and the
cache is only an optimization (a cache that fails is a miss, never an error)."""

from __future__ import annotations

import json

import pytest
from cachelib import SimpleCache

from app import repository as repository_module
from app.filters import Filters
from app.repository import Repository
from tests import services
from tests.fixtures import make_settings


def _kpis_request(filters_search: str, language: str = "en") -> dict:
    return {
        "output": "overview-kpis.children",
        "outputs": {"id": "overview-kpis", "property": "children"},
        "inputs": [{"id": "filters-store", "property": "data", "value": filters_search}],
        "changedPropIds": [],
        "state": [
            {"id": "language-store", "property": "data", "value": language},
            {"id": "theme-store", "property": "data", "value": "dark"},
        ],
    }


@pytest.fixture(scope="module")
def client(generated_dataset, tmp_path_factory):
    from app.factory import create_app

    settings = make_settings(generated_dataset, log_dir=tmp_path_factory.mktemp("logs"))
    app = create_app(settings)
    client = app.server.test_client()
    assert client.get("/").status_code == 200  # the page's own queries (filter bar bounds) run here
    client.callback_map = app.callback_map
    yield client
    repository_module.install(None)


def _count_queries(monkeypatch) -> list[str]:
    ran: list[str] = []
    original = Repository.run

    def counted(self, name, identifiers=None, **params):
        ran.append(name)
        return original(self, name, identifiers=identifiers, **params)

    monkeypatch.setattr(Repository, "run", counted)
    return ran


def test_a_cached_callback_runs_no_query_and_builds_nothing(client, monkeypatch):
    import callbacks.overview

    ran = _count_queries(monkeypatch)
    built: list[str] = []
    original_card = callbacks.overview.kpi_card
    monkeypatch.setattr(callbacks.overview, "kpi_card", lambda *a: built.append(a[0]) or original_card(*a))
    first = client.post("/_dash-update-component", json=_kpis_request("?tag=easy&zero=0"))
    assert first.status_code == 200 and ran == ["overview/kpis"] and len(built) == 7
    second = client.post("/_dash-update-component", json=_kpis_request("?tag=easy&zero=0"))
    assert second.status_code == 200 and ran == ["overview/kpis"], "the second answer must come from the cache"
    assert len(built) == 7, "a cached callback must not rebuild its components"
    assert second.data == first.data


def test_the_output_cache_is_keyed_by_view(client, monkeypatch):
    english = client.post("/_dash-update-component", json=_kpis_request("?min=0-30"))
    ran = _count_queries(monkeypatch)
    french = client.post("/_dash-update-component", json=_kpis_request("?min=0-30", language="fr"))
    assert ran == [], "the SQL result is shared by both languages"
    assert french.data != english.data
    assert "Recettes" in json.dumps(french.json) and "Recipes" in json.dumps(english.json)


class BrokenCache(SimpleCache):
    """A cache backend whose every call fails, like Redis while it is down."""

    def get(self, key):
        raise ConnectionError("cache down")

    def set(self, key, value, timeout=None):
        raise ConnectionError("cache down")


def test_a_failing_cache_is_a_miss(generated_dataset):
    healthy = Repository(make_settings(generated_dataset), None)
    broken = Repository(make_settings(generated_dataset), BrokenCache())
    param = Filters(include_zero=False).as_param()
    assert broken.aggregate("overview/kpis", f=param).equals(healthy.aggregate("overview/kpis", f=param))
    assert broken.memoize("output/test", {"a": 1}, lambda: "computed") == "computed"


def test_redis_down_is_a_miss(generated_dataset):
    from flask import Flask
    from flask_caching import Cache

    from app.factory import cache_config

    closed_port = services.free_port()  # nothing listens there
    settings = make_settings(
        generated_dataset, cache_type="RedisCache", cache_redis_url=f"redis://127.0.0.1:{closed_port}/0"
    )
    repository = Repository(settings, Cache(Flask("worker"), config=cache_config(settings)))
    frame = repository.aggregate("overview/rating_distribution", f=Filters().as_param())
    assert frame["rating"].tolist() == [0, 1, 2, 3, 4, 5]


def test_a_chart_and_its_note_are_one_request(client):
    paired = [key for key in client.callback_map if "overview-rating-distribution" in key]
    assert paired == [
        '..{"name":"overview-rating-distribution","type":"graph"}.figure...overview-rating-note.children..'
    ]
    body = {
        "output": paired[0],
        "outputs": [
            {"id": {"name": "overview-rating-distribution", "type": "graph"}, "property": "figure"},
            {"id": "overview-rating-note", "property": "children"},
        ],
        "inputs": [{"id": "filters-store", "property": "data", "value": "?zero=0"}],
        "changedPropIds": [],
        "state": [
            {"id": "language-store", "property": "data", "value": "en"},
            {"id": "theme-store", "property": "data", "value": "dark"},
        ],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    outputs = response.json["response"]
    chart = outputs['{"name":"overview-rating-distribution","type":"graph"}']
    assert chart["figure"]["data"][0]["type"] == "bar"
    assert "reviews" in outputs["overview-rating-note"]["children"]


def test_a_request_scope_computes_each_value_once(generated_dataset):
    repository = Repository(make_settings(generated_dataset), None)  # no shared cache at all
    computed: list[int] = []
    with repository.request_scope():
        for _ in range(3):
            repository.memoize("output/test", {"a": 1}, lambda: computed.append(1) or len(computed))
    assert computed == [1]
    repository.memoize("output/test", {"a": 1}, lambda: computed.append(1) or len(computed))
    assert computed == [1, 1], "outside a request scope, no cache means computing again"
