"""Trends tab callbacks."""
