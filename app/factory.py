"""The Dash app factory: settings, logging, cache, repository, layout and callbacks."""

from __future__ import annotations

import threading
from collections.abc import Callable

import dash
import flask
from dash import _callback
from flask_caching import Cache

from app.environment import ensure_demo_dataset
from app.export import register_export_routes
from app.health import LIVENESS_PATH, READINESS_PATHS, register_health_routes
from app.http_guard import install_http_guard
from app.logging_setup import configure_logging
from app.metrics import METRICS_PATH, register_metrics
from app.repository import Repository, install
from app.settings import PROJECT_ROOT, Settings

# Routes that do not need Dash's setup (and must answer even when it fails).
PROBE_PATHS = frozenset({LIVENESS_PATH, *READINESS_PATHS, METRICS_PATH})


def cache_config(settings: Settings) -> dict:
    config = {
        "CACHE_TYPE": settings.cache_type,
        "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout,
        "CACHE_KEY_PREFIX": "mangetamain:",
    }
    if settings.cache_redis_url:
        config["CACHE_REDIS_URL"] = settings.cache_redis_url
    if settings.cache_type == "RedisCache":
        # A Redis that hangs must cost a request half a second, not a worker timeout.
        config["CACHE_OPTIONS"] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    if settings.cache_type == "SimpleCache":
        config["CACHE_THRESHOLD"] = 2000
    return config


# The app's dash.callback registrations, as the callbacks modules (imported once per process) made
# them. Dash moves them into the first app that finishes its setup; every app needs them all.
_app_callbacks: tuple[dict, list] | None = None


def _remember_app_callbacks() -> None:
    global _app_callbacks
    if _app_callbacks is None:
        _app_callbacks = (dict(_callback.GLOBAL_CALLBACK_MAP), list(_callback.GLOBAL_CALLBACK_LIST))


def _offer_app_callbacks() -> None:
    """Put the app's callbacks back where Dash's setup takes them (a no-op for the first app of a
    process, the case of every gunicorn worker; tests build several apps in one process)."""
    if _app_callbacks is None:
        return
    registered, declarations = _app_callbacks
    for output, spec in registered.items():
        _callback.GLOBAL_CALLBACK_MAP.setdefault(output, spec)
    pending = {d["output"] for d in _callback.GLOBAL_CALLBACK_LIST}
    _callback.GLOBAL_CALLBACK_LIST.extend(d for d in declarations if d["output"] not in pending)


def make_setup_retryable(app: dash.Dash, before_setup: Callable[[], None] | None = None) -> None:
    """Make Dash's one-time server setup complete before any request proceeds, and retry it after a failure.

    Dash runs ``_setup_server`` from a before-request hook that marks itself done on entry: threads
    arriving meanwhile found no callbacks (HTTP 500), and a setup that failed halfway (the layout
    could not be built during a storage outage) was never retried. This wrapper marks it done only
    once it returned, holding other requests until then.
    """
    setup = app._setup_server
    lock = threading.Lock()
    done = False

    def setup_once() -> None:
        nonlocal done
        if done or flask.request.path in PROBE_PATHS:  # probes answer whatever state the setup is in
            return
        with lock:
            if done:
                return
            app._got_first_request["setup_server"] = False
            if before_setup is not None:
                before_setup()
            setup()  # raises on failure: `done` stays False and the next request runs it again
            done = True

    hooks = app.server.before_request_funcs.setdefault(None, [])
    hooks[hooks.index(setup)] = setup_once


def create_app(settings: Settings | None = None) -> dash.Dash:
    settings = settings or Settings.from_env()
    configure_logging(settings)
    ensure_demo_dataset(settings)
    # assets/05_plotly-cartesian.min.js is plotly-cartesian.min.js from the npm package
    # plotly.js-cartesian-dist-min, at the plotly.js version of plotly's own bundle (4.1.1; checked
    # by tests/test_startup.py). It holds every trace type the charts use (scatter, bar, box,
    # heatmap) in 1.5 MB instead of 4.8 MB; it sets window.Plotly, so dcc.Graph never fetches
    # the full bundle.
    app = dash.Dash(
        __name__,
        title="Mangetamain Analytics",
        assets_folder=str(PROJECT_ROOT / "assets"),
        serve_locally=True,
        update_title=None,  # type: ignore[arg-type]  # documented: None keeps the page title
        suppress_callback_exceptions=True,  # tab content mounts after the shell
    )
    cache = Cache(app.server, config=cache_config(settings))
    # Metrics first: their timer must start before a guard refuses a request, so refusals are counted.
    register_metrics(app.server, app.callback_map)
    install_http_guard(app.server, settings)
    install(Repository(settings, cache))
    # Importing the modules registers their callbacks (dash.callback).
    import callbacks.shell
    import callbacks.tabs  # noqa: F401
    from layouts.page import serve_layout

    _remember_app_callbacks()
    _offer_app_callbacks()  # the callback request guard looks them up before the setup

    app.layout = lambda: serve_layout(settings)
    register_export_routes(app.server)
    app.server.config["SETTINGS"] = settings
    # Dash registers its script paths while rendering the index page; a gunicorn worker that
    # never rendered it would reject the browser's script requests. Render it once here, before
    # the fork, so every worker inherits the registry.
    with app.server.test_request_context("/"):
        app.index()

    register_health_routes(app.server, settings)
    make_setup_retryable(app, before_setup=_offer_app_callbacks)

    return app
