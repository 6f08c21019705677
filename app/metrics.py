"""Prometheus metrics at ``/metrics`` and the user-actions log.

Under gunicorn, ``deploy/gunicorn.conf.py`` sets ``PROMETHEUS_MULTIPROC_DIR`` before anything imports
prometheus_client, so every worker writes its samples to files there and ``/metrics`` (answered by
any worker) sums them all; without it (tests, a single process) the default registry is used.

Labels are bounded by construction: routes are Flask's rule templates, callbacks are the outputs
the app registered (anything else a client sends counts as "unknown"), queries are file names.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, request
from loguru import logger
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import REGISTRY, Collector

from app import ids
from app.errors import AppError
from app.logging_setup import ThrottledLog

DASH_UPDATE_PATH = "/_dash-update-component"
METRICS_PATH = "/metrics"
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

HTTP_SECONDS = Histogram(
    "mtm_http_request_duration_seconds",
    "HTTP request latency by route and status.",
    ["route", "method", "status"],
    buckets=_LATENCY_BUCKETS,
)
CALLBACK_SECONDS = Histogram(
    "mtm_callback_duration_seconds",
    "Dash callback latency by output and status.",
    ["callback", "status"],
    buckets=_LATENCY_BUCKETS,
)
QUERY_SECONDS = Histogram(
    "mtm_query_duration_seconds", "DuckDB query latency by query name.", ["query"], buckets=_LATENCY_BUCKETS
)
CACHE_EVENTS = Counter(
    "mtm_cache_events_total",
    "Memoized values read from the cache (hit), computed (miss), or cache operations that failed (error).",
    ["event"],
)
ROWS_EXPORTED = Counter("mtm_export_rows_total", "Rows streamed in Explorer downloads.", ["table", "format"])

# Actions kept in the user-actions log: what the analyst changed, never who they are.
ACTION_PROPS = frozenset(
    {
        f"{ids.TABS}.active_tab",
        f"{ids.LANGUAGE}.value",
        f"{ids.FILTER_RESET}.n_clicks",
        f"{ids.FILTER_FOCUS_CLEAR}.n_clicks",
    }
    | {
        f"{widget}.value"
        for widget in (
            ids.FILTER_SUB_YEARS,
            ids.FILTER_INT_YEARS,
            ids.FILTER_MINUTES,
            ids.FILTER_ZERO,
            ids.FILTER_TAGS,
            ids.FILTER_INGREDIENTS,
        )
    }
)


_metrics_error_log = ThrottledLog("WARNING")


def _safely(record: Callable[[], None]) -> None:
    """Metrics are an observation: a failure to record one (the multiprocess folder removed, a full
    disk) is logged once a minute and never fails the request."""
    try:
        record()
    except Exception as exc:
        _metrics_error_log("Recording a metric failed ({}): {}", type(exc).__name__, exc)


def record_cache_event(event: str) -> None:
    _safely(lambda: CACHE_EVENTS.labels(event).inc())


def observe_query(name: str, seconds: float) -> None:
    _safely(lambda: QUERY_SECONDS.labels(name).observe(seconds))


def record_export(table: str, file_format: str, rows: int) -> None:
    _safely(lambda: ROWS_EXPORTED.labels(table, file_format).inc(rows))
    log_action("export", table=table, format=file_format, rows=rows)


def log_action(action: str, **fields: Any) -> None:
    """One line of the user-actions log (``actions.log``, see app.logging_setup)."""
    logger.bind(user_action=True).info(
        "{} {}", action, json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    )


class DatasetCollector(Collector):
    """The served dataset's version and age, read from this worker's repository at scrape time."""

    def collect(self) -> Iterator[Any]:
        from app.repository import get_repository

        try:
            repository = get_repository()
            version = repository.dataset_version()
            created = datetime.fromisoformat(repository.manifest()["created_at"])
        except (AppError, KeyError, ValueError, RuntimeError):
            return
        yield InfoMetricFamily("mtm_dataset", "The dataset version served.", value={"version": version})
        yield GaugeMetricFamily(
            "mtm_dataset_age_seconds",
            "Seconds since the served version was ingested.",
            value=(datetime.now(UTC) - created).total_seconds(),
        )


_DATASET_COLLECTOR = DatasetCollector()


def _registry() -> CollectorRegistry:
    """What /metrics exposes: every worker's samples (multiprocess) or this process's, and the dataset."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    if _DATASET_COLLECTOR not in registry._collector_to_names:  # the factory may run more than once
        registry.register(_DATASET_COLLECTOR)
    return registry


def register_metrics(server: Flask, callback_map: Mapping[str, Any]) -> None:
    """Time every request (and callback), log user actions, and serve ``/metrics``.

    ``callback_map``: the Dash app's (filled by its setup), naming the callbacks worth a label.
    """
    registry = _registry()

    def start_timer() -> None:
        g.mtm_started = time.perf_counter()

    # First of all hooks: requests that another hook refuses are timed and counted too.
    server.before_request_funcs.setdefault(None, []).insert(0, start_timer)

    @server.after_request
    def observe(response: Response) -> Response:
        started = g.pop("mtm_started", None)
        if started is None:
            return response
        _safely(lambda: _observe(response, time.perf_counter() - started))
        return response

    def _observe(response: Response, seconds: float) -> None:
        route = request.url_rule.rule if request.url_rule is not None else "unmatched"
        HTTP_SECONDS.labels(route, request.method, str(response.status_code)).observe(seconds)
        if request.path == DASH_UPDATE_PATH:
            body = request.get_json(silent=True, cache=True)
            output = body.get("output") if isinstance(body, dict) else None
            callback = output if isinstance(output, str) and output in callback_map else "unknown"
            CALLBACK_SECONDS.labels(callback, str(response.status_code)).observe(seconds)
            if response.status_code < 400 and isinstance(body, dict):
                _log_view_action(body)

    @server.route(METRICS_PATH)
    def metrics() -> Response:
        return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def _log_view_action(body: dict[str, Any]) -> None:
    """Log the tab, language or filter change a shell callback request carries."""
    changed = body.get("changedPropIds")
    if not isinstance(changed, list):
        return
    actions = [prop for prop in changed if isinstance(prop, str) and prop in ACTION_PROPS]
    if not actions:
        return
    values = {
        f"{item.get('id')}.{item.get('property')}": item.get("value")
        for item in body.get("inputs", [])
        if isinstance(item, dict)
    }
    log_action("view", **{prop: values.get(prop) for prop in actions})
