"""The Dash app factory: settings, logging, cache, repository, layout and callbacks."""

from __future__ import annotations

import threading

import dash
import flask
from flask_caching import Cache

from app.environment import ensure_demo_dataset
from app.export import register_export_routes
from app.health import register_health_routes
from app.http_guard import install_http_guard
from app.logging_setup import configure_logging
from app.metrics import register_metrics
from app.repository import Repository, install
from app.settings import PROJECT_ROOT, Settings


# Routes that do not need Dash's setup (and must answer even when it fails).
PROBE_PATHS = frozenset({"/livez", "/readyz", "/health", "/metrics"})


def cache_config(settings: Settings) -> dict:
    config = {"CACHE_TYPE": settings.cache_type, "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout,
              "CACHE_KEY_PREFIX": "mangetamain:"}
    if settings.cache_redis_url:
        config["CACHE_REDIS_URL"] = settings.cache_redis_url
    if settings.cache_type == "RedisCache":
        # A Redis that hangs must cost a request half a second, not a worker timeout.
        config["CACHE_OPTIONS"] = {"socket_timeout": 0.5, "socket_connect_timeout": 0.5}
    if settings.cache_type == "SimpleCache":
        config["CACHE_THRESHOLD"] = 2000
    return config


def make_setup_retryable(app: dash.Dash) -> None:
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
            try:
                setup()
            except BaseException:
                app._got_first_request["setup_server"] = False
                raise
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
        update_title=None,
        suppress_callback_exceptions=True,  # tab content mounts after the shell
    )
    cache = Cache(app.server, config=cache_config(settings))
    install_http_guard(app.server, settings)
    install(Repository(settings, cache))
    # Importing the modules registers their callbacks (dash.callback) and tab texts.
    import callbacks.shell  # noqa: F401
    import callbacks.tabs  # noqa: F401
    from layouts.page import serve_layout

    app.layout = lambda: serve_layout(settings)
    register_export_routes(app.server)
    app.server.config["SETTINGS"] = settings
    # Dash registers its script paths while rendering the index page; a gunicorn worker that
    # never rendered it would reject the browser's script requests. Render it once here, before
    # the fork, so every worker inherits the registry.
    with app.server.test_request_context("/"):
        app.index()

    register_health_routes(app.server, settings)
    register_metrics(app.server, app.callback_map)
    make_setup_retryable(app)

    return app
