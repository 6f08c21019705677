"""Explorer tab callbacks."""
