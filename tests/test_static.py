"""The code stays clean at every commit: ruff's lint and format check and mypy's type check run with the tests."""

from __future__ import annotations

import subprocess
import sys

from tests.services import PROJECT_ROOT


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", *command], cwd=PROJECT_ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing():
    result = _run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout[-4000:]


def test_ruff_format_changes_nothing():
    result = _run("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout[-4000:]


def test_mypy_finds_no_type_error():
    # The files and settings are in pyproject.toml ([tool.mypy]).
    result = _run("mypy")
    assert result.returncode == 0, result.stdout[-4000:]
