"""Shared fixtures: datasets (generated or planted), the repository, the served app, a browser."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cachelib import SimpleCache

from app import repository as repository_module
from app.repository import Repository
from app.settings import Settings
from tests import services
from tests.kaggle import write_kaggle

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "foodcom"
TEST_SCALE = 0.01
TEST_SEED = 7


@pytest.fixture(scope="session")
def calibration() -> dict[str, Any]:
    """The real statistics of calibration.json by key; skips where the shared folder is absent."""
    path = SHARED_DATA / "calibration.json"
    if not path.is_file():
        pytest.skip(f"real calibration not available at {SHARED_DATA}")
    return {key: entry["value"] for key, entry in json.loads(path.read_text()).items()}


@pytest.fixture(scope="session")
def generated_csv(tmp_path_factory) -> Path:
    """Kaggle CSVs generated at a small scale (about 2,300 recipes, 11,000 reviews)."""
    from app.generate import generate

    folder = tmp_path_factory.mktemp("generated")
    generate(folder, scale=TEST_SCALE, seed=TEST_SEED, progress=False)
    return folder


@pytest.fixture(scope="session")
def generated_dataset(generated_csv, tmp_path_factory) -> str:
    """The generated CSVs ingested and published in a local folder; without ``synthetic=True``: their
    GENERATED.json marks them synthetic (tests/test_ingest.py checks the manifest)."""
    from app.ingest import ingest

    destination = tmp_path_factory.mktemp("published")
    ingest(generated_csv, str(destination), progress=False)
    return str(destination)


def make_settings(data_uri: str, **overrides: Any) -> Settings:
    return Settings(**{"data_uri": data_uri, "demo_data": False, "dataset_refresh_seconds": 0.0, **overrides})


@pytest.fixture
def use_dataset() -> Iterator[Callable[[str], Repository]]:
    """Install a repository over a published dataset for callbacks; reset afterwards."""

    def install(data_uri: str, cache: Any = "simple") -> Repository:
        """``cache``: a cachelib cache, "simple" for a fresh SimpleCache, None for no cache."""
        repository = Repository(make_settings(data_uri), SimpleCache() if cache == "simple" else cache)
        repository_module.install(repository)
        return repository

    yield install
    repository_module.install(None)


@pytest.fixture
def generated_repository(use_dataset, generated_dataset) -> Repository:
    return use_dataset(generated_dataset)


@pytest.fixture
def planted_dataset(tmp_path) -> Callable[..., str]:
    """Write recipes/interactions rows as Kaggle CSVs, ingest them, return the published URI."""
    from app.ingest import ingest

    def build(recipes: list[dict], interactions: list[dict]) -> str:
        source = write_kaggle(tmp_path / "source", recipes, interactions)
        destination = tmp_path / "published"
        # Some analyses are tested on recipes alone: ingest refuses that unless told it is meant.
        ingest(source, str(destination), progress=False, allow_no_interactions=not interactions)
        return str(destination)

    return build


# -- served app and browser -----------------------------------------------------------------


@pytest.fixture(scope="session")
def app_url(generated_dataset, tmp_path_factory) -> Iterator[str]:
    """The app under gunicorn (2 workers) behind the project's nginx config."""
    logs = tmp_path_factory.mktemp("logs")
    env = {"DATA_URI": generated_dataset, "APP_ENV": "local", "LOG_DIR": str(logs), "LOG_LEVEL": "INFO"}
    with services.gunicorn_server(env, workers=2, log_path=logs / "gunicorn.out") as direct_url:
        upstream = direct_url.removeprefix("http://")
        with services.nginx_proxy(upstream, tmp_path_factory.mktemp("nginx")) as proxied_url:
            yield proxied_url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(services.CHROMIUM):
        pytest.fail(f"Chromium is required for browser tests: install Debian's chromium ({services.CHROMIUM})")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=services.CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class ConsoleLog(list):
    """Console errors and uncaught page errors seen by a page."""


@pytest.fixture
def page(browser) -> Iterator[Any]:
    """A fresh page; the test fails if the browser console shows any error."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    errors = ConsoleLog()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"
