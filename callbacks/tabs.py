"""Imports every tab's callbacks, so the factory registers them all."""

from callbacks import explorer, overview, ratings, recipes, seasons, trends, users, weekdays  # noqa: F401
