"""``python -m app serve``: clear errors before starting a server that could only answer errors."""

from __future__ import annotations

import pytest

from app import __main__ as cli
from app.environment import DEMO_SCALE_FILE, _warn_if_other_scale
from tests.fixtures import make_settings


def test_serve_with_no_dataset_at_data_says_to_ingest_and_does_not_start(tmp_path, capsys, monkeypatch):
    started = []
    monkeypatch.setattr(cli.os, "execv", lambda *args: started.append(args))
    assert cli.main(["serve", "--data", str(tmp_path / "nothing")]) == 2
    error = capsys.readouterr().err
    assert f"no published dataset at {tmp_path / 'nothing'}" in error
    assert "python -m app ingest" in error
    assert started == []


def test_serve_with_a_published_dataset_execs_gunicorn_on_the_given_port(generated_dataset, monkeypatch):
    started = []
    monkeypatch.setattr(cli.os, "execv", lambda executable, command: started.append(command))
    monkeypatch.delenv("DATA_URI", raising=False)
    cli.main(["serve", "--data", generated_dataset, "--port", "9123", "--host", "0.0.0.0"])
    assert started and "0.0.0.0:9123" in started[0] and started[0][-1] == "app.wsgi:server"
    assert cli.os.environ["DATA_URI"] == generated_dataset


def test_serve_help_documents_host_port_and_stopping(capsys):
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    text = capsys.readouterr().out
    assert "port to listen on" in text and "address to listen on" in text and "Ctrl+C" in text


def test_a_demo_scale_other_than_the_generated_one_is_reported(tmp_path):
    from loguru import logger

    (tmp_path / DEMO_SCALE_FILE).write_text("0.05\n")
    settings = make_settings(str(tmp_path / "published"), demo_data=True, demo_scale=0.5)
    messages: list[str] = []
    sink = logger.add(messages.append, level="WARNING", format="{message}")
    try:
        _warn_if_other_scale(settings)
        _warn_if_other_scale(make_settings(str(tmp_path / "published"), demo_data=True, demo_scale=0.05))
    finally:
        logger.remove(sink)
    assert len(messages) == 1 and "DEMO_SCALE is 0.5" in messages[0] and "scale 0.05" in messages[0]


def test_serve_with_a_bad_setting_names_the_variable_and_does_not_start(generated_dataset, capsys, monkeypatch):
    started = []
    monkeypatch.setattr(cli.os, "execv", lambda *args: started.append(args))
    monkeypatch.setenv("CACHE_TIMEOUT", "one day")
    assert cli.main(["serve", "--data", generated_dataset]) == 2
    assert "CACHE_TIMEOUT must be a whole number of seconds; got 'one day'" in capsys.readouterr().err
    assert started == []


def test_the_console_script_runs_the_same_commands():
    """`mangetamain` ([project.scripts], installed by `uv sync`) is `python -m app`."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).with_name("mangetamain")
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert all(command in result.stdout for command in ("generate", "ingest", "serve"))
