"""Settings per environment, read once from environment variables (documented in README).

Every variable is parsed into its type here; a value the app cannot use raises ``SettingsError``
naming the variable and what it accepts, before anything starts. Credentials are ``Secret``s: their
``repr``/``str`` never show the value, which only ``reveal()`` hands to boto3 and DuckDB.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

PROJECT_ROOT = Path(__file__).resolve().parents[1]
ENVIRONMENTS = ("local", "preprod", "prod")
DEFAULT_DATA_DIR = PROJECT_ROOT / "data" / "published"
DEFAULT_DEMO_SCALE = 0.05
# In LOG_DIR, replaced by the machine's (container's) host name: replicas sharing one logs volume
# then write their own files; loguru rotating one file from two containers corrupts it.
HOSTNAME_PLACEHOLDER = "{hostname}"
# loguru's standard levels by severity, to compare LOG_LEVEL with the console's default.
_LEVEL_SEVERITY = {"TRACE": 5, "DEBUG": 10, "INFO": 20, "SUCCESS": 25, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}
DEFAULT_CONSOLE_LEVEL = "INFO"
CACHE_TYPES = ("SimpleCache", "NullCache", "RedisCache")
_MEMORY_SIZE = re.compile(r"^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$", re.IGNORECASE)
T = TypeVar("T")


class SettingsError(ValueError):
    """An environment variable holds a value the app cannot use; the message names it."""


@dataclass(frozen=True)
class Secret:
    """A credential: shown as ``'********'`` everywhere (repr, str, logs) but by ``reveal()``."""

    value: str = field(repr=False)

    def reveal(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__


def _parsed(env: Mapping[str, str], name: str, default: T, parse: Callable[[str], T], accepts: str) -> T:
    """``env[name]`` parsed, ``default`` when unset or blank; a bad value names the variable."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return parse(raw)
    except (TypeError, ValueError):
        raise SettingsError(f"{name} must be {accepts}; got {raw!r}") from None


def _number(kind: Callable[[str], T], low: float, high: float | None = None) -> Callable[[str], T]:
    def parse(raw: str) -> T:
        value = kind(raw)
        if value < low or (high is not None and value > high):  # type: ignore[operator]
            raise ValueError(raw)
        return value

    return parse


def _choice(options: tuple[str, ...], transform: Callable[[str], str] = str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = transform(raw)
        if value not in options:
            raise ValueError(raw)
        return value

    return parse


def _memory_size(raw: str) -> str:
    if not _MEMORY_SIZE.match(raw):
        raise ValueError(raw)
    return raw


def _secret(raw: str) -> Secret:
    return Secret(raw)


@dataclass(frozen=True)
class S3Settings:
    """Connection settings for S3; secrets never leave this object except to boto3/DuckDB."""

    endpoint_url: str | None = None
    region: str = "us-east-1"
    access_key_id: Secret | None = None
    secret_access_key: Secret | None = None
    session_token: Secret | None = None

    def __post_init__(self) -> None:
        # Plain strings (tests, callers) become Secrets: no credential is ever stored bare.
        for name in ("access_key_id", "secret_access_key", "session_token"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, Secret(value) if value else None)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> S3Settings:
        endpoint = env.get("S3_ENDPOINT_URL", "").strip() or None
        if endpoint and not re.match(r"^https?://[^/\s]+", endpoint):
            raise SettingsError(f"S3_ENDPOINT_URL must be an http(s):// URL; got {endpoint!r}")
        return cls(
            endpoint_url=endpoint,
            region=env.get("AWS_REGION", "").strip() or env.get("AWS_DEFAULT_REGION", "").strip() or "us-east-1",
            access_key_id=_parsed(env, "AWS_ACCESS_KEY_ID", None, _secret, "a key id"),
            secret_access_key=_parsed(env, "AWS_SECRET_ACCESS_KEY", None, _secret, "a secret key"),
            session_token=_parsed(env, "AWS_SESSION_TOKEN", None, _secret, "a session token"),
        )

    def credentials(self) -> dict[str, str | None]:
        """The credentials revealed, for boto3 and DuckDB only."""
        return {
            name: secret.reveal() if secret else None
            for name, secret in (
                ("access_key_id", self.access_key_id),
                ("secret_access_key", self.secret_access_key),
                ("session_token", self.session_token),
            )
        }

    def secret_values(self) -> tuple[str, ...]:
        """What must never appear in a message or a log line (see ``app.errors.redact``)."""
        return tuple(value for value in self.credentials().values() if value)


@dataclass(frozen=True)
class Settings:
    env: str = "local"
    data_uri: str = str(DEFAULT_DATA_DIR)
    # True when data_uri was not configured: the app then serves generated demo data.
    demo_data: bool = True
    demo_scale: float = DEFAULT_DEMO_SCALE
    cache_type: str = "SimpleCache"
    cache_redis_url: str | None = None
    cache_timeout: int = 24 * 3600
    log_dir: Path = PROJECT_ROOT / "logs"
    # app.log's level; the console's is separate: at DEBUG every SQL query is a line, too many to read.
    log_level: str = "INFO"
    log_console_level: str = DEFAULT_CONSOLE_LEVEL
    duckdb_threads: int = 2
    duckdb_memory_limit: str = "256MB"
    # Where a worker's DuckDB spills what exceeds its memory limit (a folder per process under it).
    duckdb_temp_dir: Path = Path(tempfile.gettempdir())
    # How often (seconds) a worker re-reads the CURRENT pointer to notice a new ingest.
    dataset_refresh_seconds: float = 10.0
    s3: S3Settings = field(default_factory=S3Settings)

    @property
    def debug(self) -> bool:
        return self.env == "local"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        app_env = _parsed(env, "APP_ENV", "local", _choice(ENVIRONMENTS, str.lower), " or ".join(ENVIRONMENTS))
        data_uri = env.get("DATA_URI", "").strip()
        redis_url = env.get("CACHE_REDIS_URL", "").strip() or None
        if redis_url and not re.match(r"^rediss?://", redis_url):
            raise SettingsError(f"CACHE_REDIS_URL must be a redis:// or rediss:// URL; got {redis_url!r}")
        levels = _choice(tuple(_LEVEL_SEVERITY), str.upper)
        accepted_levels = ", ".join(_LEVEL_SEVERITY)
        log_level = _parsed(env, "LOG_LEVEL", "DEBUG" if app_env == "local" else "INFO", levels, accepted_levels)
        return cls(
            env=app_env,
            data_uri=data_uri or str(DEFAULT_DATA_DIR),
            demo_data=not data_uri,
            demo_scale=_parsed(
                env,
                "DEMO_SCALE",
                DEFAULT_DEMO_SCALE,
                _number(float, 0.001, 100),
                "a number from 0.001 to 100 (1 = the real sizes)",
            ),
            cache_type="RedisCache"
            if redis_url
            else _parsed(
                env,
                "CACHE_TYPE",
                "SimpleCache",
                _choice(CACHE_TYPES),
                " or ".join(CACHE_TYPES[:2]) + " (or set CACHE_REDIS_URL)",
            ),
            cache_redis_url=redis_url,
            cache_timeout=_parsed(env, "CACHE_TIMEOUT", 24 * 3600, _number(int, 0), "a whole number of seconds"),
            log_dir=_log_dir(env.get("LOG_DIR", "").strip()),
            log_level=log_level,
            log_console_level=_parsed(env, "LOG_CONSOLE_LEVEL", _console_default(log_level), levels, accepted_levels),
            duckdb_threads=_parsed(env, "DUCKDB_THREADS", 2, _number(int, 1, 256), "a whole number from 1 to 256"),
            duckdb_memory_limit=_parsed(
                env, "DUCKDB_MEMORY_LIMIT", "256MB", _memory_size, "a size such as 256MB or 1GB"
            ),
            duckdb_temp_dir=Path(env.get("DUCKDB_TEMP_DIR", "").strip() or tempfile.gettempdir()),
            dataset_refresh_seconds=_parsed(
                env, "DATASET_REFRESH_SECONDS", 10.0, _number(float, 0), "a number of seconds (0 or more)"
            ),
            s3=S3Settings.from_env(env),
        )


def _log_dir(configured: str) -> Path:
    """LOG_DIR with its ``{hostname}`` placeholder replaced (str.replace, not str.format: a path may
    hold other braces)."""
    if not configured:
        return PROJECT_ROOT / "logs"
    return Path(configured.replace(HOSTNAME_PLACEHOLDER, socket.gethostname()))


def _console_default(log_level: str) -> str:
    """INFO, or LOG_LEVEL when it is stricter: a LOG_LEVEL of WARNING quiets the console too."""
    if _LEVEL_SEVERITY.get(log_level, 0) > _LEVEL_SEVERITY[DEFAULT_CONSOLE_LEVEL]:
        return log_level
    return DEFAULT_CONSOLE_LEVEL
