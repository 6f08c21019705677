"""Settings per environment, read once from environment variables (documented in README)."""

from __future__ import annotations

import os
import socket
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass(frozen=True)
class S3Settings:
    """Connection settings for S3; secrets never leave this object except to boto3/DuckDB."""

    endpoint_url: str | None = None
    region: str = "us-east-1"
    access_key_id: str | None = field(default=None, repr=False)
    secret_access_key: str | None = field(default=None, repr=False)
    session_token: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, env: dict[str, str]) -> "S3Settings":
        return cls(
            endpoint_url=env.get("S3_ENDPOINT_URL") or None,
            region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
            access_key_id=env.get("AWS_ACCESS_KEY_ID") or None,
            secret_access_key=env.get("AWS_SECRET_ACCESS_KEY") or None,
            session_token=env.get("AWS_SESSION_TOKEN") or None,
        )


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
    def from_env(cls, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        app_env = env.get("APP_ENV", "local").strip().lower()
        if app_env not in ENVIRONMENTS:
            raise ValueError(f"APP_ENV must be one of {', '.join(ENVIRONMENTS)}; got {app_env!r}")
        data_uri = env.get("DATA_URI", "").strip()
        redis_url = env.get("CACHE_REDIS_URL", "").strip() or None
        log_level = env.get("LOG_LEVEL", "").strip().upper() or ("DEBUG" if app_env == "local" else "INFO")
        return cls(
            env=app_env,
            data_uri=data_uri or str(DEFAULT_DATA_DIR),
            demo_data=not data_uri,
            demo_scale=float(env.get("DEMO_SCALE", DEFAULT_DEMO_SCALE)),
            cache_type="RedisCache" if redis_url else env.get("CACHE_TYPE", "SimpleCache"),
            cache_redis_url=redis_url,
            cache_timeout=int(env.get("CACHE_TIMEOUT", 24 * 3600)),
            log_dir=_log_dir(env.get("LOG_DIR", "").strip()),
            log_level=log_level,
            log_console_level=env.get("LOG_CONSOLE_LEVEL", "").strip().upper() or _console_default(log_level),
            duckdb_threads=int(env.get("DUCKDB_THREADS", 2)),
            duckdb_memory_limit=env.get("DUCKDB_MEMORY_LIMIT", "256MB"),
            duckdb_temp_dir=Path(env.get("DUCKDB_TEMP_DIR", tempfile.gettempdir())),
            dataset_refresh_seconds=float(env.get("DATASET_REFRESH_SECONDS", 10)),
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
