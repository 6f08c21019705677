"""Imports every tab's callbacks, then registers the charts and texts they declared."""

from callbacks import explorer, overview, ratings, recipes, seasons, trends, users, weekdays  # noqa: F401
from callbacks.common import register_view_callbacks

register_view_callbacks()
