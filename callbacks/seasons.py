"""Seasons tab callbacks."""
