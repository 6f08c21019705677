"""Benchmarks of the served app; ``bench_app.py`` is the entry point."""
