"""Settings per environment and logging files."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app.settings import DEFAULT_DATA_DIR, PROJECT_ROOT, S3Settings, Secret, Settings, SettingsError


def test_defaults_serve_the_embedded_demo():
    settings = Settings.from_env({})
    assert settings.env == "local"
    assert settings.demo_data is True
    assert settings.data_uri == str(DEFAULT_DATA_DIR)
    assert settings.cache_type == "SimpleCache"


def test_environment_variables():
    settings = Settings.from_env(
        {
            "APP_ENV": "prod",
            "DATA_URI": "s3://bucket/foodcom",
            "CACHE_REDIS_URL": "redis://r:6379/0",
            "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
            "AWS_SECRET_ACCESS_KEY": "very-secret",
            "S3_ENDPOINT_URL": "http://s3:9000",
        }
    )
    assert settings.env == "prod" and not settings.debug
    assert settings.demo_data is False and settings.data_uri == "s3://bucket/foodcom"
    assert settings.cache_type == "RedisCache"
    assert settings.s3.endpoint_url == "http://s3:9000"
    assert "very-secret" not in repr(settings)  # secrets never reach logs through repr


def test_unknown_environment_is_refused():
    with pytest.raises(SettingsError, match="APP_ENV must be local or preprod or prod; got 'staging'"):
        Settings.from_env({"APP_ENV": "staging"})


@pytest.mark.parametrize(
    ("variable", "value", "accepts"),
    [
        ("CACHE_TIMEOUT", "a day", "a whole number of seconds"),
        ("CACHE_TIMEOUT", "-5", "a whole number of seconds"),
        ("DUCKDB_THREADS", "0", "a whole number from 1 to 256"),
        ("DUCKDB_MEMORY_LIMIT", "lots", "a size such as 256MB or 1GB"),
        ("DEMO_SCALE", "big", "a number from 0.001 to 100"),
        ("DATASET_REFRESH_SECONDS", "soon", "a number of seconds"),
        ("LOG_LEVEL", "LOUD", "TRACE, DEBUG, INFO"),
        ("LOG_CONSOLE_LEVEL", "quiet", "TRACE, DEBUG, INFO"),
        ("CACHE_TYPE", "Memcached", "SimpleCache or NullCache"),
        ("CACHE_REDIS_URL", "localhost:6379", "a redis:// or rediss:// URL"),
        ("S3_ENDPOINT_URL", "s3.local", "an http(s):// URL"),
    ],
)
def test_a_bad_value_is_refused_naming_its_variable_and_what_it_accepts(variable, value, accepts):
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({variable: value})
    assert str(refused.value).startswith(f"{variable} must be ") and accepts in str(refused.value)
    assert repr(value) in str(refused.value)


def test_typed_values_and_blank_variables_mean_the_default():
    settings = Settings.from_env(
        {
            "CACHE_TIMEOUT": "60",
            "DUCKDB_THREADS": " 4 ",
            "DEMO_SCALE": "0.2",
            "DUCKDB_MEMORY_LIMIT": "1GB",
            "LOG_LEVEL": "",
            "APP_ENV": "PROD",
        }
    )
    assert (settings.cache_timeout, settings.duckdb_threads, settings.demo_scale) == (60, 4, 0.2)
    assert (settings.duckdb_memory_limit, settings.log_level, settings.env) == ("1GB", "INFO", "prod")


def test_credentials_are_secrets_shown_nowhere_but_to_the_clients():
    s3 = Settings.from_env(
        {"AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "very-secret", "AWS_SESSION_TOKEN": "token-123"}
    ).s3
    assert isinstance(s3.secret_access_key, Secret)
    for shown in (repr(s3), str(s3), f"{s3.secret_access_key}", repr(s3.session_token)):
        assert "very-secret" not in shown and "token-123" not in shown and "AKIAEXAMPLE" not in shown
    assert s3.credentials() == {
        "access_key_id": "AKIAEXAMPLE",
        "secret_access_key": "very-secret",
        "session_token": "token-123",
    }
    assert set(s3.secret_values()) == {"AKIAEXAMPLE", "very-secret", "token-123"}
    # Built in code with plain strings (tests, scripts), they are wrapped as well.
    assert S3Settings(secret_access_key="plain").secret_access_key == Secret("plain")
    assert S3Settings().secret_values() == ()


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
        "/srv/mangetamain/logs/app-2"
    )
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
