"""Users & contributors tab callbacks."""
