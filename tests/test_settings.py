"""Settings per environment and logging files."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app.settings import DEFAULT_DATA_DIR, PROJECT_ROOT, Settings


def test_defaults_serve_the_embedded_demo():
    settings = Settings.from_env({})
    assert settings.env == "local"
    assert settings.demo_data is True
    assert settings.data_uri == str(DEFAULT_DATA_DIR)
    assert settings.cache_type == "SimpleCache"


def test_environment_variables():
    settings = Settings.from_env({
        "APP_ENV": "prod", "DATA_URI": "s3://bucket/foodcom", "CACHE_REDIS_URL": "redis://r:6379/0",
        "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "very-secret", "S3_ENDPOINT_URL": "http://s3:9000",
    })
    assert settings.env == "prod" and not settings.debug
    assert settings.demo_data is False and settings.data_uri == "s3://bucket/foodcom"
    assert settings.cache_type == "RedisCache"
    assert settings.s3.endpoint_url == "http://s3:9000"
    assert "very-secret" not in repr(settings)  # secrets never reach logs through repr


def test_unknown_environment_is_refused():
    with pytest.raises(ValueError, match="APP_ENV must be one of local, preprod, prod"):
        Settings.from_env({"APP_ENV": "staging"})


def test_the_console_shows_info_whatever_the_file_keeps():
    local = Settings.from_env({})
    assert (local.log_level, local.log_console_level) == ("DEBUG", "INFO")
    assert Settings.from_env({"APP_ENV": "prod"}).log_console_level == "INFO"
    assert Settings.from_env({"LOG_LEVEL": "warning"}).log_console_level == "WARNING"  # a stricter file quiets it too
    explicit = Settings.from_env({"LOG_CONSOLE_LEVEL": "debug", "LOG_LEVEL": "ERROR"})
    assert (explicit.log_level, explicit.log_console_level) == ("ERROR", "DEBUG")


def test_log_dir_hostname_placeholder_gives_each_replica_its_folder(monkeypatch):
    monkeypatch.setattr(socket, "gethostname", lambda: "app-2")
    assert Settings.from_env({"LOG_DIR": "/srv/mangetamain/logs/{hostname}"}).log_dir == Path(
        "/srv/mangetamain/logs/app-2")
    assert Settings.from_env({"LOG_DIR": "/srv/logs"}).log_dir == Path("/srv/logs")
    assert Settings.from_env({}).log_dir == PROJECT_ROOT / "logs"


def test_log_files_per_environment(tmp_path):
    from loguru import logger

    from app import logging_setup

    logging_setup._configured = False
    settings = Settings.from_env({"APP_ENV": "preprod", "LOG_DIR": str(tmp_path)})
    logging_setup.configure_logging(settings)
    logger.info("hello from the test")
    logger.error("an error from the test")
    logger.complete()
    app_log = (tmp_path / "preprod" / "app.log").read_text()
    errors_log = (tmp_path / "preprod" / "errors.log").read_text()
    assert "hello from the test" in app_log and "an error from the test" in app_log
    assert "an error from the test" in errors_log and "hello from the test" not in errors_log
    logging_setup._configured = False
