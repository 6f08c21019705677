"""Every log goes through loguru: stdlib loggers, gunicorn, unexpected exceptions (once, with their
traceback, in errors.log) and the user-actions log in its own file."""

from __future__ import annotations

import logging
import socket

import pytest
from loguru import logger

from app import logging_setup
from app import repository as repository_module
from app.metrics import log_action
from app.settings import Settings
from tests.fixtures import make_settings


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    """Logging configured afresh into a temporary folder (the factory configures it once per process)."""
    monkeypatch.setattr(logging_setup, "_configured", False)
    logging_setup.configure_logging(make_settings(str(tmp_path / "data"), log_dir=tmp_path, env="preprod"))
    yield tmp_path / "preprod"
    logger.complete()


def _read(path) -> str:
    logger.complete()  # records are enqueued
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_stdlib_loggers_reach_loguru_with_their_own_name(log_dir):
    logging.getLogger("dash.sample").warning("stdlib says %s", "hello")
    logging.getLogger("werkzeug").info("request line")  # quiet below WARNING
    app_log = _read(log_dir / "app.log")
    assert "dash.sample" in app_log and "stdlib says hello" in app_log
    assert "request line" not in app_log


def test_dash_logs_once_through_loguru_and_not_also_to_stdout(log_dir, capsys):
    dash_logger = logging.getLogger("dash.dash")
    assert dash_logger.handlers, "Dash adds a stdout handler of its own to its logger when it has none"
    dash_logger.warning("dash says %s", "hello")
    assert "dash says hello" not in capsys.readouterr().out
    assert _read(log_dir / "app.log").count("dash says hello") == 1


def test_an_unexpected_exception_is_logged_once_with_its_traceback(log_dir, generated_dataset):
    from app.factory import create_app

    app = create_app(make_settings(generated_dataset, log_dir=log_dir.parent, env="preprod"))

    @app.server.route("/boom")
    def boom():
        return 1 / 0

    app.server.config["PROPAGATE_EXCEPTIONS"] = False  # as served
    try:
        response = app.server.test_client().get("/boom")
    finally:
        repository_module.install(None)
    errors = _read(log_dir / "errors.log")
    assert response.status_code == 500
    assert "Traceback" not in response.get_data(as_text=True) and "ZeroDivisionError" not in response.get_data(
        as_text=True
    )
    assert errors.count("ZeroDivisionError: division by zero") == 1
    assert "Traceback" in errors and "return 1 / 0" in errors


def test_user_actions_have_their_own_file(log_dir):
    log_action("export", table="recipes", format="csv", rows=12)
    actions, app_log = _read(log_dir / "actions.log"), _read(log_dir / "app.log")
    assert 'export {"format": "csv", "rows": 12, "table": "recipes"}' in actions
    assert "export {" not in app_log


def test_gunicorn_logs_go_through_loguru(log_dir):
    from gunicorn.config import Config

    gunicorn_logger = logging_setup.GunicornLogger(Config())
    gunicorn_logger.info("Booting worker with pid: %s", 4242)
    assert "gunicorn.error" in (app_log := _read(log_dir / "app.log")) and "Booting worker with pid: 4242" in app_log


def test_tab_and_filter_changes_are_user_actions_and_other_inputs_are_not(log_dir):
    from app.metrics import _log_view_action

    _log_view_action(
        {
            "changedPropIds": ["tabs.active_tab", "filter-tags.value"],
            "inputs": [
                {"id": "tabs", "property": "active_tab", "value": "ratings"},
                {"id": "filter-tags", "property": "value", "value": ["easy"]},
                {"id": "url", "property": "search", "value": "?tag=easy"},
            ],
        }
    )
    _log_view_action(
        {
            "changedPropIds": ["recipes-search.value"],
            "inputs": [{"id": "recipes-search", "property": "value", "value": "my own words"}],
        }
    )
    actions = _read(log_dir / "actions.log")
    assert 'view {"filter-tags.value": ["easy"], "tabs.active_tab": "ratings"}' in actions
    assert "my own words" not in actions  # free text is not an action (it could be personal)


@pytest.fixture
def configure_from_env(tmp_path):
    """configure_logging(Settings.from_env(env)) afresh; its sinks are removed afterwards, as the
    console sink holds the test's captured stderr."""

    def configure(env: dict[str, str]) -> Settings:
        settings = Settings.from_env({"LOG_DIR": str(tmp_path), **env})
        logging_setup.configure_logging(settings)
        return settings

    logging_setup._configured = False
    yield configure
    logger.complete()
    logger.remove()
    logging_setup._configured = False


def test_local_console_shows_info_without_sql_debug_or_access_lines_which_app_log_keeps(configure_from_env, capsys):
    from gunicorn.config import Config

    settings = configure_from_env({"APP_ENV": "local", "LOG_LEVEL": "DEBUG"})
    logger.debug("SQL select 42")
    logger.info("dataset version loaded")
    gunicorn_logger = logging_setup.GunicornLogger(Config())
    gunicorn_logger.access_log.info('127.0.0.1 "POST /_dash-update-component HTTP/1.1" 200')
    gunicorn_logger.info("Booting worker with pid: %s", 4242)
    console = capsys.readouterr().err
    app_log = _read(settings.log_dir / "local" / "app.log")
    assert "dataset version loaded" in console and "Booting worker with pid: 4242" in console
    assert "SQL select 42" not in console and "_dash-update-component" not in console
    assert "SQL select 42" in app_log and "_dash-update-component" in app_log and "dataset version loaded" in app_log


def test_elsewhere_the_console_is_the_container_log_and_keeps_access_lines(configure_from_env, capsys):
    from gunicorn.config import Config

    configure_from_env({"APP_ENV": "preprod"})
    logging_setup.GunicornLogger(Config()).access_log.info('127.0.0.1 "GET /readyz HTTP/1.1" 200')
    logger.complete()
    assert "GET /readyz" in capsys.readouterr().err


def test_replicas_log_into_a_folder_per_host(configure_from_env, tmp_path, monkeypatch):
    monkeypatch.setattr(socket, "gethostname", lambda: "replica-b")
    settings = configure_from_env({"APP_ENV": "prod", "LOG_DIR": str(tmp_path / "logs" / "{hostname}")})
    logger.info("from the second replica")
    assert settings.log_dir == tmp_path / "logs" / "replica-b"
    assert "from the second replica" in _read(tmp_path / "logs" / "replica-b" / "prod" / "app.log")
