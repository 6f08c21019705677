"""Imports every tab's callbacks, then registers the charts and texts they declared, and guards the
callback route against malformed requests."""

from callbacks import explorer, overview, ratings, recipes, seasons, trends, users, weekdays  # noqa: F401
from callbacks.common import register_view_callbacks
from callbacks.guard import install_request_guard

register_view_callbacks()
install_request_guard()
