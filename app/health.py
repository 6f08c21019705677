"""Liveness and readiness for load balancers, the container healthcheck and the fault suite.

``/livez``: the process answers (never touches data). ``/readyz`` (and ``/health``): the served
dataset is readable (a query on its Parquet footers) and the cache reachable. Statuses follow what
load balancers use: 200 ready, 200 "degraded" when only the cache is down (the app serves from
DuckDB), 503 when the data cannot be read. Results are reused for a second, so a probe storm costs
one query.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from flask import Flask, jsonify
from loguru import logger

from app.errors import AppError
from app.repository import Repository, get_repository
from app.settings import Settings

PROBE_REUSE_SECONDS = 1.0
LIVENESS_PATH, READINESS_PATHS = "/livez", ("/readyz", "/health")  # /health: older probes and the proxy's


class Readiness:
    """The last readiness verdict of this worker, recomputed at most once per PROBE_REUSE_SECONDS."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checked_at = -PROBE_REUSE_SECONDS
        self._verdict: tuple[dict[str, Any], int] = ({}, 503)

    def verdict(self, repository: Repository) -> tuple[dict[str, Any], int]:
        with self._lock:
            if time.monotonic() - self._checked_at >= PROBE_REUSE_SECONDS:
                self._verdict = self._check(repository)
                self._checked_at = time.monotonic()
            return self._verdict

    @staticmethod
    def _check(repository: Repository) -> tuple[dict[str, Any], int]:
        cache = repository.cache_status()
        try:
            counts = repository.run("health/readiness").iloc[0]
            dataset = {
                "version": repository.dataset_version(),
                "recipes": int(counts.recipes),
                "interactions": int(counts.interactions),
            }
        except AppError as exc:
            return {"status": "unavailable", "dataset": {"error": exc.user_message}, "cache": cache}, 503
        except Exception:
            logger.exception("Readiness check failed")
            return {"status": "unavailable", "dataset": {"error": "unexpected error"}, "cache": cache}, 503
        return {"status": "ready" if cache != "unreachable" else "degraded", "dataset": dataset, "cache": cache}, 200


def register_health_routes(server: Flask, settings: Settings) -> None:
    readiness = Readiness()

    @server.route(LIVENESS_PATH)
    def livez():
        """The process is up and answers; says nothing of the data (restart only if this fails)."""
        return jsonify(status="ok")

    def ready():
        body, status = readiness.verdict(get_repository())
        return jsonify(env=settings.env, **body), status

    for path in READINESS_PATHS:
        server.add_url_rule(path, path.strip("/"), ready)
