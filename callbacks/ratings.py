"""Ratings & reviews tab callbacks."""
