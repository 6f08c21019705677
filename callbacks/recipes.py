"""Recipes tab callbacks."""
