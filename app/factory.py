"""The Dash app factory: settings, logging, cache, repository, layout and callbacks."""

from __future__ import annotations

import dash
from flask_caching import Cache

from app.environment import ensure_demo_dataset
from app.export import register_export_routes
from app.logging_setup import configure_logging
from app.repository import Repository, install
from app.settings import PROJECT_ROOT, Settings


def cache_config(settings: Settings) -> dict:
    config = {"CACHE_TYPE": settings.cache_type, "CACHE_DEFAULT_TIMEOUT": settings.cache_timeout,
              "CACHE_KEY_PREFIX": "mangetamain:"}
    if settings.cache_redis_url:
        config["CACHE_REDIS_URL"] = settings.cache_redis_url
    if settings.cache_type == "SimpleCache":
        config["CACHE_THRESHOLD"] = 2000
    return config


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

    @app.server.route("/health")
    def health():
        """Liveness for the proxy and the container: the served dataset version."""
        from app.repository import get_repository

        return {"status": "ok", "env": settings.env, "dataset": get_repository().dataset_version()}

    return app
