"""Imports every tab's callbacks, so the factory registers them all."""

from callbacks import overview  # noqa: F401
