"""The only code that touches DuckDB and cache keys.

Callbacks ask for an aggregate by query name (a file under ``queries/``) and parameters;
the repository binds them, runs the SQL on the published dataset (local Parquet or S3
through httpfs) and memoizes the result in flask-caching under a canonical key that
includes the dataset version, so a new ingest invalidates every cached figure.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import duckdb
import pandas as pd
from loguru import logger

from app import schema
from app.errors import AppError, DatasetMissing, QueryFailed, StorageUnreachable
from app.settings import PROJECT_ROOT, Settings
from app.storage import configure_duckdb_s3, open_storage

QUERIES_DIR = PROJECT_ROOT / "queries"
_PARAMETER = re.compile(r"(?<![\w$])\$([A-Za-z_]\w*)")
CACHE_ERROR_LOG_INTERVAL_S = 60.0
T = TypeVar("T")
# Values memoized within the current request_scope (None outside one).
_request_values: ContextVar[dict[str, Any] | None] = ContextVar("request_values", default=None)
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
# Names a query may receive as identifiers (``{name}`` placeholders): tables and columns of
# the contract only, so no user text ever reaches SQL except as a bound value.
_KNOWN_IDENTIFIERS = frozenset(schema.TABLES) | {c for cols in schema.TABLES.values() for c in cols}


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    """Text of ``queries/<name>.sql``; names are fixed strings from code, never user input."""
    path = (QUERIES_DIR / f"{name}.sql").resolve()
    if QUERIES_DIR.resolve() not in path.parents or not path.is_file():
        raise QueryFailed(f"Unknown query {name!r}")
    return path.read_text(encoding="utf-8")


def sql_parameters(sql: str) -> list[str]:
    """Named parameters (``$name``) a SQL text uses, in first-seen order."""
    return list(dict.fromkeys(_PARAMETER.findall(sql)))


def canonical_key(version: str, name: str, params: dict[str, Any]) -> str:
    """A cache key identical in every worker: sorted parameters, stable names."""
    payload = json.dumps(params, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha256(payload.encode()).hexdigest()[:32]
    return f"mtm:{version}:{name}:{digest}"


class Repository:
    """Named-query access to one published dataset, one DuckDB connection per process."""

    def __init__(self, settings: Settings, cache: Any | None = None) -> None:
        self.settings = settings
        self.cache = cache
        self._storage = open_storage(settings.data_uri, settings.s3)
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._connection: duckdb.DuckDBPyConnection | None = None
        self._thread = threading.local()
        self._version: str | None = None
        self._manifest: dict[str, Any] = {}
        self._version_checked_at = 0.0
        self._views_version: str | None = None
        self._key_locks: dict[str, tuple[threading.Lock, int]] = {}
        self._cache_error_logged_at = -CACHE_ERROR_LOG_INTERVAL_S

    # -- dataset version -------------------------------------------------------------

    def dataset_version(self) -> str:
        """Version id served now; re-read from CURRENT at most every refresh interval."""
        now = time.monotonic()
        if self._version is None or now - self._version_checked_at > self.settings.dataset_refresh_seconds:
            with self._lock:
                if self._version is None or now - self._version_checked_at > self.settings.dataset_refresh_seconds:
                    version = self._storage.read_text(schema.CURRENT_POINTER).strip()
                    if version != self._version:
                        manifest = json.loads(self._storage.read_text(self._version_key(version, schema.MANIFEST)))
                        self._version, self._manifest = version, manifest
                        logger.info("Serving dataset version {}", version)
                    self._version_checked_at = now
        return self._version

    def manifest(self) -> dict[str, Any]:
        self.dataset_version()
        return self._manifest

    def tables(self) -> list[str]:
        """Tables present in the served dataset, in contract order."""
        present = self.manifest().get("row_counts", {})
        return [t for t in schema.TABLES if t in present]

    @staticmethod
    def _version_key(version: str, name: str) -> str:
        return f"{schema.VERSIONS_DIR}/{version}/{name}"

    # -- DuckDB ----------------------------------------------------------------------

    def _connect(self) -> duckdb.DuckDBPyConnection:
        """The process's connection, opened lazily: DuckDB must not cross a fork."""
        if self._connection is None or self._pid != os.getpid():
            with self._lock:
                if self._connection is None or self._pid != os.getpid():
                    con = duckdb.connect(config={
                        "threads": self.settings.duckdb_threads,
                        "memory_limit": self.settings.duckdb_memory_limit,
                        # A folder per process: DuckDB clears its temp folder when it opens, so
                        # workers sharing the default ./.tmp deleted each other's spill files.
                        "temp_directory": str(self._spill_dir()),
                        "autoinstall_known_extensions": False,
                        "autoload_known_extensions": False,
                    })
                    if self._storage.is_s3:
                        configure_duckdb_s3(con, self.settings.s3)
                    self._connection, self._pid = con, os.getpid()
                    self._views_version = None
                    self._thread = threading.local()
        return self._connection

    def _spill_dir(self) -> Path:
        pid = os.getpid()
        folder = self.settings.duckdb_temp_dir / f"mangetamain-duckdb-{pid}"

        def remove() -> None:  # forked workers inherit this hook: only the owner removes the folder
            if os.getpid() == pid:
                shutil.rmtree(folder, ignore_errors=True)

        atexit.register(remove)
        return folder

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor per thread; DuckDB connections are not safe to share across threads."""
        con = self._connect()
        version = self.dataset_version()
        if self._views_version != version:
            with self._lock:
                if self._views_version != version:
                    self._create_views(con, version)
                    self._views_version = version
        cursor = getattr(self._thread, "cursor", None)
        if cursor is None:
            cursor = con.cursor()
            self._thread.cursor = cursor
        return cursor

    def _create_views(self, con: duckdb.DuckDBPyConnection, version: str) -> None:
        present = self._manifest.get("row_counts", {})
        for table in schema.TABLES:
            if table in present:
                uri = self._storage.uri_for(self._version_key(version, f"{table}.parquet"))
                con.execute(f"CREATE OR REPLACE VIEW {table} AS {self._table_source(con, table, uri, version)}")
            else:  # optional table absent: an empty view keeps every query valid
                columns = ", ".join(f"NULL::{t} AS {c}" for c, t in schema.TABLES[table].items())
                con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT {columns} WHERE false")
        con.execute(load_sql("_macros"))

    def _table_source(self, con: duckdb.DuckDBPyConnection, table: str, uri: str, version: str) -> str:
        """The SELECT behind a table's view. Datasets published before recipes carried their star
        counts, or the long item tables the recipe's fields, get them computed here: slower, but
        every query works (ingest the data again for the fast path)."""
        source = f"SELECT * FROM read_parquet('{uri}')"
        wanted = (schema.STAR_COUNT_COLUMNS if table == "recipes"
                  else schema.ITEM_RECIPE_COLUMNS if table in schema.ITEM_TABLES else {})
        if not wanted:
            return source
        columns = {row[0] for row in con.execute(f"DESCRIBE {source}").fetchall()}
        missing = [c for c in wanted if c not in columns]
        if not missing:
            return source
        logger.info("{} lacks {}: computed when read (ingest the data again for faster charts)",
                    table, ", ".join(missing))
        if table != "recipes":  # the recipes view, created first, has every recipe field
            return (f"SELECT t.*, {', '.join(f'r.{c}' for c in missing)} "
                    f"FROM read_parquet('{uri}') t JOIN recipes r USING (recipe_id)")
        reviews = self._storage.uri_for(self._version_key(version, "interactions.parquet"))
        return (f"SELECT r.*, {', '.join(f'coalesce(c.{c}, 0) AS {c}' for c in missing)} "
                f"FROM read_parquet('{uri}') r LEFT JOIN (SELECT recipe_id, {schema.STAR_COUNTS_SQL} "
                f"FROM read_parquet('{reviews}') GROUP BY recipe_id) c USING (recipe_id)")

    # -- queries ---------------------------------------------------------------------

    def aggregate(self, name: str, identifiers: dict[str, str] | None = None, **params: Any) -> pd.DataFrame:
        """Result of ``queries/<name>.sql`` with ``params`` bound, memoized per dataset version.

        ``identifiers`` fill ``{placeholders}`` with table or column names of the contract
        (for the Explorer's table and sort column), validated before use.
        """
        return self.memoize(name, {**params, "__identifiers": identifiers or {}},
                            lambda: self.run(name, identifiers=identifiers, **params))

    def memoize(self, name: str, params: dict[str, Any], compute: Callable[[], T]) -> T:
        """``compute()`` memoized under ``name`` and ``params`` for the served dataset version.

        Used for query results and for what the browser receives (a callback's output), so a
        cached callback is one cache read. Within a ``request_scope`` a value is computed at most
        once even with no shared cache. The cache is an optimization: any cache error counts as
        a miss and the value is computed.
        """
        key = canonical_key(self.dataset_version(), name, params)
        scope = _request_values.get()
        if scope is not None and key in scope:
            return scope[key]
        if self.cache is None:
            value = compute()
        else:
            value = self._cache_get(key)
            if value is None:
                # Several charts often ask for the same value at once: one thread computes it,
                # the others wait for it instead of running the same work in parallel.
                with self._key_lock(key):
                    value = self._cache_get(key)
                    if value is None:
                        value = compute()
                        self._cache_set(key, value)
        if scope is not None:
            scope[key] = value
        return value

    @staticmethod
    @contextmanager
    def request_scope() -> Iterator[None]:
        """Within it, each memoized value is computed once (outputs of one callback share queries)."""
        token = _request_values.set({})
        try:
            yield
        finally:
            _request_values.reset(token)

    def _cache_get(self, key: str) -> Any:
        try:
            return self.cache.get(key)
        except Exception as exc:  # noqa: BLE001 - any backend failure (Redis down, bad pickle) is a miss
            self._cache_failed("read", exc)
            return None

    def _cache_set(self, key: str, value: Any) -> None:
        try:
            self.cache.set(key, value)
        except Exception as exc:  # noqa: BLE001 - see _cache_get
            self._cache_failed("write", exc)

    def _cache_failed(self, action: str, exc: Exception) -> None:
        """Log a cache failure at most once per interval: a Redis outage would flood the log."""
        now = time.monotonic()
        if now - self._cache_error_logged_at >= CACHE_ERROR_LOG_INTERVAL_S:
            self._cache_error_logged_at = now
            logger.warning("Cache {} failed ({}): serving without the cache", action, type(exc).__name__)

    @contextmanager
    def _key_lock(self, key: str) -> Iterator[None]:
        with self._lock:
            lock, users = self._key_locks.get(key, (threading.Lock(), 0))
            self._key_locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._lock:
                lock, users = self._key_locks[key]
                if users == 1:
                    del self._key_locks[key]
                else:
                    self._key_locks[key] = (lock, users - 1)

    def run(self, name: str, identifiers: dict[str, str] | None = None, **params: Any) -> pd.DataFrame:
        """Run a named query without the cache."""
        sql = self.sql(name, identifiers)
        wanted = sql_parameters(sql)
        missing = [p for p in wanted if p not in params]
        if missing:
            raise QueryFailed(f"Query {name!r} needs parameter(s): {', '.join(missing)}")
        bound = {p: params[p] for p in wanted}
        started = time.perf_counter()
        try:
            frame = self._cursor().execute(sql, bound).df()
        except AppError:
            raise
        except (duckdb.HTTPException, duckdb.IOException) as exc:
            raise self._io_error(exc) from None
        except duckdb.Error as exc:
            logger.error("Query {} failed: {}", name, exc)
            raise QueryFailed(f"Query {name!r} failed: {type(exc).__name__}") from None
        logger.debug("Query {} ran in {:.1f} ms ({} rows)", name, 1000 * (time.perf_counter() - started), len(frame))
        return frame

    @staticmethod
    def sql(name: str, identifiers: dict[str, str] | None = None) -> str:
        """The query text with validated identifiers substituted."""
        sql = load_sql(name)
        for placeholder, identifier in (identifiers or {}).items():
            if not _IDENTIFIER.match(identifier) or identifier not in _KNOWN_IDENTIFIERS:
                raise QueryFailed(f"Unknown table or column {identifier!r}")
            sql = sql.replace("{" + placeholder + "}", f'"{identifier}"')
        return sql

    def _io_error(self, exc: Exception) -> AppError:
        text = str(exc)
        if "No files found" in text or "does not exist" in text or "404" in text:
            return DatasetMissing(f"The dataset at {self.settings.data_uri} is incomplete or was removed")
        logger.error("Storage error: {}", type(exc).__name__)
        return StorageUnreachable(f"Cannot read the dataset at {self.settings.data_uri}")


_installed: Repository | None = None


def install(repository: Repository | None) -> None:
    """Make ``repository`` the one callbacks use (the factory does this; tests reset it)."""
    global _installed
    _installed = repository


def get_repository() -> Repository:
    if _installed is None:
        raise RuntimeError("No repository installed: create the app with app.factory.create_app()")
    return _installed
