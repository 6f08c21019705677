"""Weekdays tab callbacks."""
