"""HTTP guards in front of every route: body size and type, Dash's development routes, unread bodies.

- Bodies are limited to ``MAX_BODY_BYTES`` (Flask's ``MAX_CONTENT_LENGTH``, also enforced on chunked
  bodies as they are read); nginx refuses larger ones first (``client_max_body_size 1m``, the same
  limit). Dash's callback bodies are a few kilobytes.
- A POST to Dash's callback route that is not JSON gets 415, an oversized body 413, before any
  callback code runs.
- Every body the app did not read (a refused request, a 404, a 405…) is read to its end before the
  answer goes out. gunicorn drains at most 64 KB of an unread body after answering and otherwise
  closes the connection after it had announced ``keep-alive``: nginx then reused that upstream
  connection for another user's request, which failed with 502. (gunicorn drops a ``Connection``
  header set by the application, so announcing ``close`` from here is not possible; draining is.)
  Bodies over the limit are not drained: nginx never forwards them.
- Dash's development routes (``/_reload-hash``: hot reload, which lists the app's packages) answer
  404 outside ``APP_ENV=local``.
"""

from __future__ import annotations

from flask import Flask, abort, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from app.metrics import DASH_UPDATE_PATH
from app.settings import Settings

MAX_BODY_BYTES = 1024 * 1024  # nginx's client_max_body_size 1m
DEV_PATHS = frozenset({"/_reload-hash"})
DEV_PATH_PREFIXES = ("/_alive_",)  # Dash's Jupyter liveness route
_DRAIN_CHUNK = 64 * 1024


def _is_dev_path(path: str) -> bool:
    return path in DEV_PATHS or path.startswith(DEV_PATH_PREFIXES)


def _refusal(status: int, message: str):
    return jsonify(error=message), status


def _has_body() -> bool:
    if request.content_length is not None:
        return request.content_length > 0
    return "chunked" in request.headers.get("Transfer-Encoding", "").lower()


def drain_unread_body() -> None:
    """Read what is left of the request body (up to the limit), so the connection can serve another request."""
    if not _has_body() or (request.content_length or 0) > MAX_BODY_BYTES:
        return
    try:
        stream = request.stream  # bounded by Content-Length, or by MAX_CONTENT_LENGTH when chunked
        while stream.read(_DRAIN_CHUNK):
            pass
    except (HTTPException, OSError, ValueError):  # over the limit, or the client went away
        pass


def install_http_guard(server: Flask, settings: Settings) -> None:
    """Install the guards on ``server`` (before the app's own request hooks)."""
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    dev_routes_allowed = settings.env == "local"

    @server.before_request
    def refuse_what_the_app_does_not_serve():
        if not dev_routes_allowed and _is_dev_path(request.path):
            abort(404)
        if (request.content_length or 0) > MAX_BODY_BYTES:
            return _refusal(413, f"request bodies are limited to {MAX_BODY_BYTES} bytes")
        if request.method == "POST" and request.path == DASH_UPDATE_PATH and not request.is_json:
            return _refusal(415, "callback requests must be JSON (Content-Type: application/json)")
        return None

    @server.after_request
    def read_unread_body(response):
        drain_unread_body()
        return response

    @server.errorhandler(RequestEntityTooLarge)
    def too_large(_error):  # a chunked body that went over the limit while being read
        return _refusal(413, f"request bodies are limited to {MAX_BODY_BYTES} bytes")
