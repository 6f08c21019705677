"""flask-caching memoization: keys shared across workers through a real Redis server."""

from __future__ import annotations

import shutil

import flask
import pytest
from flask_caching import Cache

from app.factory import cache_config
from app.filters import Filters
from app.repository import Repository
from tests import services
from tests.fixtures import make_settings


@pytest.fixture(scope="module")
def redis_url():
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is required: install Debian's redis-server")
    with services.redis_server() as url:
        yield url


def _worker_cache(settings) -> Cache:
    """The cache as one gunicorn worker builds it in the factory."""
    return Cache(flask.Flask("worker"), config=cache_config(settings))


def test_two_workers_share_results_through_redis(planted_dataset, redis_url, monkeypatch):
    uri = planted_dataset(recipes=[{}], interactions=[{"recipe_id": 1, "rating": 3}])
    settings = make_settings(uri, cache_type="RedisCache", cache_redis_url=redis_url)
    first = Repository(settings, _worker_cache(settings))
    second = Repository(settings, _worker_cache(settings))
    param = Filters(include_zero=False).as_param()
    expected = first.aggregate("overview/kpis", f=param)

    def no_duckdb(*_args, **_kwargs):
        raise AssertionError("the second worker should have read the cache")

    monkeypatch.setattr(second, "run", no_duckdb)
    cached = second.aggregate("overview/kpis", f=param)
    assert cached.equals(expected)
    assert cached.iloc[0].n_interactions == 1


def test_redis_configuration_from_environment():
    settings = make_settings("/data", cache_type="RedisCache", cache_redis_url="redis://cache:6379/0")
    config = cache_config(settings)
    assert config["CACHE_TYPE"] == "RedisCache"
    assert config["CACHE_REDIS_URL"] == "redis://cache:6379/0"
