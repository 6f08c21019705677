"""Root conftest: shares the fixtures of tests/fixtures.py with every test module."""

pytest_plugins = ["tests.fixtures"]
