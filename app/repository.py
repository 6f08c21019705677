"""The only code that touches DuckDB and cache keys.

Callbacks ask for an aggregate by query name (a file under ``queries/``) and parameters;
the repository binds them, runs the SQL on the published dataset (local Parquet or S3
through httpfs) and memoizes the result in flask-caching under a canonical key that
includes the dataset version, so a new ingest invalidates every cached figure.

The Explorer composes its SQL from templates under ``queries/explorer/`` (``app.export``):
``composed`` runs such a query with the same memoization, and ``pinned_reader`` streams one
for downloads on a version-pinned cursor. Every query, named or composed, goes through
``_execute`` (one translation of DuckDB errors into the app's errors).
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
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Protocol, TypeVar

import duckdb
import pandas as pd
import pyarrow as pa
from loguru import logger

from app import schema
from app.errors import AppError, DatasetMissing, QueryFailed, StorageUnreachable, redact
from app.logging_setup import ThrottledLog
from app.metrics import observe_query, record_cache_event
from app.settings import Settings
from app.sql_templates import fill_identifiers, load_sql, sql_parameters
from app.storage import configure_duckdb_s3, open_storage

# What users read when the data cannot be served: no path, bucket or endpoint (those go to the log).
NO_DATASET_MESSAGE = (
    "No dataset is published where this app reads its data yet: an operator must run `python -m app ingest`."
)
DATASET_REMOVED_MESSAGE = "The dataset being served is incomplete or was removed. Reload the page in a moment."
STORAGE_DOWN_MESSAGE = (
    "The data storage cannot be read right now. The app retries by itself: reload the page in a moment."
)
T = TypeVar("T")
# Values memoized within the current request_scope (None outside one).
_request_values: ContextVar[dict[str, Any] | None] = ContextVar("request_values", default=None)
# Version schemas kept on a connection: the served one and those a long download may still read.
KEPT_VERSION_SCHEMAS = 3
# Names a query may receive as identifiers (``{name}`` placeholders): tables and columns of
# the contract only, so no user text ever reaches SQL except as a bound value.
_KNOWN_IDENTIFIERS = frozenset(schema.TABLES) | {c for cols in schema.TABLES.values() for c in cols}


class ComposedQuery(Protocol):
    """A query composed from ``queries/`` templates (the Explorer's ``CompiledQuery``)."""

    @property
    def label(self) -> str: ...

    @property
    def sql(self) -> str: ...

    @property
    def params(self) -> dict[str, Any]: ...


def version_schema_name(version: str) -> str:
    """A DuckDB schema name for a dataset version (``20261204T115000.123Z-ab12cd34`` ->
    ``v_20261204t115000_123z_ab12cd34``)."""
    return "v_" + re.sub(r"\W", "_", version).lower()


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
        self._manifests: dict[str, dict[str, Any]] = {}  # version -> manifest, the last few served
        self._version_checked_at = 0.0
        self._refresh_lock = threading.Lock()
        self._storage_error_log = ThrottledLog("ERROR")
        self._schemas: list[str] = []  # version schemas created on the connection, oldest first
        self._cursors: list[duckdb.DuckDBPyConnection] = []  # every thread's, to close them at exit
        self._key_locks: dict[str, tuple[threading.Lock, int]] = {}
        self._cache_error_log = ThrottledLog("WARNING")

    # -- dataset version -------------------------------------------------------------

    def dataset_version(self) -> str:
        """Version id served now; re-read from CURRENT at most every refresh interval.

        The refresh has its own lock and never blocks a request that has a version to serve:
        while one thread reads storage the others keep the previous version. When storage cannot
        be read the previous version is kept (cached figures stay available) and the read is
        retried after the interval; with no version yet the error reaches the caller.
        """
        if self._version is not None and not self._version_stale():
            return self._version
        if self._version is not None:
            if self._refresh_lock.acquire(blocking=False):
                try:
                    if self._version_stale():
                        self._refresh_version()
                finally:
                    self._refresh_lock.release()
            return self._version
        with self._refresh_lock:
            if self._version is None or self._version_stale():
                self._refresh_version()
        if self._version is None:  # _refresh_version raises when it finds none; kept for the type
            raise DatasetMissing(NO_DATASET_MESSAGE)
        return self._version

    def _version_stale(self) -> bool:
        return time.monotonic() - self._version_checked_at > self.settings.dataset_refresh_seconds

    def _refresh_version(self) -> None:
        try:
            version = self._storage.read_text(schema.CURRENT_POINTER).strip()
            if version != self._version:
                manifest = json.loads(self._storage.read_text(self._version_key(version, schema.MANIFEST)))
                # The manifest of each version served, for creating its views: a request may still be
                # setting up the previous version when this one arrives.
                self._manifests = {**dict(list(self._manifests.items())[-KEPT_VERSION_SCHEMAS:]), version: manifest}
                self._version, self._manifest = version, manifest
                logger.info("Serving dataset version {}", version)
        except (AppError, OSError, ValueError) as exc:
            self._storage_failed(exc)
            if self._version is None:
                raise self._user_error(exc) from None
        else:
            self._storage_error_log.reset()  # the next failure is news
        finally:
            self._version_checked_at = time.monotonic()

    def _storage_failed(self, exc: Exception) -> None:
        """Log a storage failure (with its detail: the operator needs the path) once per interval."""
        served = f"; still serving {self._version}" if self._version else ""
        self._storage_error_log(
            "Cannot read the dataset's CURRENT pointer or manifest: {}{}", redact(str(exc), self._secrets()), served
        )

    def _secrets(self) -> tuple[str, ...]:
        return self.settings.s3.secret_values()

    @staticmethod
    def _user_error(exc: Exception) -> AppError:
        """The message a user sees: what happened and what to do, never a path or endpoint."""
        if isinstance(exc, DatasetMissing):
            return DatasetMissing(NO_DATASET_MESSAGE)
        return StorageUnreachable(STORAGE_DOWN_MESSAGE)

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

    def cache_status(self) -> str:
        """ "ok", "unreachable" (the app serves without it), or "none" when no cache is configured."""
        if self.cache is None:
            return "none"
        try:
            self.cache.get("mtm:readiness-probe")
        except Exception as exc:
            self._cache_failed("probe", exc)
            return "unreachable"
        return "ok"

    # -- DuckDB ----------------------------------------------------------------------

    def _connect(self) -> duckdb.DuckDBPyConnection:
        """The process's connection, opened lazily: DuckDB must not cross a fork."""
        if self._connection is None or self._pid != os.getpid():
            with self._lock:
                if self._connection is None or self._pid != os.getpid():
                    con = duckdb.connect(
                        config={
                            "threads": self.settings.duckdb_threads,
                            "memory_limit": self.settings.duckdb_memory_limit,
                            # A folder per process: DuckDB clears its temp folder when it opens, so
                            # workers sharing the default ./.tmp deleted each other's spill files.
                            "temp_directory": str(self._spill_dir()),
                            "autoinstall_known_extensions": False,
                            "autoload_known_extensions": False,
                        }
                    )
                    if self._storage.is_s3:
                        configure_duckdb_s3(con, self.settings.s3)
                    self._connection, self._pid = con, os.getpid()
                    self._schemas, self._cursors = [], []
        return self._connection

    def close(self) -> None:
        """Close this process's cursors and connection (a worker's exit: DuckDB's threads must stop
        before the interpreter's, or the C++ runtime aborts the process)."""
        with self._lock:
            if self._connection is None or self._pid != os.getpid():
                return
            for cursor in self._cursors:
                with suppress(duckdb.Error):
                    cursor.close()
            self._connection.close()
            self._connection, self._cursors, self._schemas = None, [], []
            shutil.rmtree(self._spill_folder(os.getpid()), ignore_errors=True)

    def _spill_folder(self, pid: int) -> Path:
        return self.settings.duckdb_temp_dir / f"mangetamain-duckdb-{pid}"

    def _spill_dir(self) -> Path:
        pid = os.getpid()
        folder = self._spill_folder(pid)

        def remove() -> None:  # forked workers inherit this hook: only the owner removes the folder
            if os.getpid() == pid:
                shutil.rmtree(folder, ignore_errors=True)

        atexit.register(remove)
        return folder

    def _cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor per thread (DuckDB connections are not safe to share across threads), reading
        the served version."""
        cursor = getattr(self._thread, "cursor", None)
        con = self._connect()
        if cursor is None or self._thread.connection is not con:
            cursor = con.cursor()
            self._thread.cursor, self._thread.connection, self._thread.schema = cursor, con, None
            with self._lock:
                self._cursors.append(cursor)
        schema_name = self._version_schema(con, self.dataset_version())
        if self._thread.schema != schema_name:
            cursor.execute(f"SET schema = '{schema_name}'")
            self._thread.schema = schema_name
        return cursor

    @contextmanager
    def pinned_reader(self) -> Iterator[PinnedReader]:
        """A reader of one dataset version to the end, whatever is published meanwhile (long
        downloads), on a cursor of its own that is closed on exit."""
        con = self._connect()
        version = self.dataset_version()
        schema_name = self._version_schema(con, version)
        cursor = con.cursor()
        try:
            cursor.execute(f"SET schema = '{schema_name}'")
            yield PinnedReader(self, cursor, version)
        finally:
            cursor.close()

    def _version_schema(self, con: duckdb.DuckDBPyConnection, version: str) -> str:
        """The DuckDB schema holding ``version``'s views and macros, created on first use.

        Each version gets its own schema, so a query or download that started on a version keeps
        reading it after a new one is published (ingest keeps its files for a grace period).
        """
        name = version_schema_name(version)
        if name not in self._schemas:
            with self._lock:
                if name not in self._schemas:
                    self._create_views(con, version, name)
                    self._schemas.append(name)
                    # Older versions' files are deleted by later ingests: drop their views.
                    for stale in self._schemas[:-KEPT_VERSION_SCHEMAS]:
                        con.execute(f'DROP SCHEMA IF EXISTS "{stale}" CASCADE')
                    del self._schemas[:-KEPT_VERSION_SCHEMAS]
        return name

    def _create_views(self, con: duckdb.DuckDBPyConnection, version: str, schema_name: str) -> None:
        present = self._manifests[version].get("row_counts", {})
        setup = con.cursor()
        try:
            setup.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema_name}"')
            setup.execute(f"SET schema = '{schema_name}'")
            for table in schema.TABLES:
                if table in present:
                    uri = self._storage.uri_for(self._version_key(version, f"{table}.parquet"))
                    setup.execute(f"CREATE OR REPLACE VIEW {table} AS {self._table_source(setup, table, uri, version)}")
                else:  # optional table absent: an empty view keeps every query valid
                    columns = ", ".join(f"NULL::{t} AS {c}" for c, t in schema.TABLES[table].items())
                    setup.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT {columns} WHERE false")
            setup.execute(load_sql("_macros"))
        except BaseException:
            con.execute(f'DROP SCHEMA IF EXISTS "{schema_name}" CASCADE')
            raise
        finally:
            setup.close()

    def _table_source(self, con: duckdb.DuckDBPyConnection, table: str, uri: str, version: str) -> str:
        """The SELECT behind a table's view. Datasets published before recipes carried their star
        counts, or the long item tables the recipe's fields, get them computed here: slower, but
        every query works (ingest the data again for the fast path)."""
        source = f"SELECT * FROM read_parquet('{uri}')"
        wanted = (
            schema.STAR_COUNT_COLUMNS
            if table == "recipes"
            else schema.ITEM_RECIPE_COLUMNS
            if table in schema.ITEM_TABLES
            else {}
        )
        if not wanted:
            return source
        columns = {row[0] for row in con.execute(f"DESCRIBE {source}").fetchall()}
        missing = [c for c in wanted if c not in columns]
        if not missing:
            return source
        logger.info(
            "{} lacks {}: computed when read (ingest the data again for faster charts)", table, ", ".join(missing)
        )
        if table != "recipes":  # the recipes view, created first, has every recipe field
            return (
                f"SELECT t.*, {', '.join(f'r.{c}' for c in missing)} "
                f"FROM read_parquet('{uri}') t JOIN recipes r USING (recipe_id)"
            )
        reviews = self._storage.uri_for(self._version_key(version, "interactions.parquet"))
        return (
            f"SELECT r.*, {', '.join(f'coalesce(c.{c}, 0) AS {c}' for c in missing)} "
            f"FROM read_parquet('{uri}') r LEFT JOIN (SELECT recipe_id, {schema.STAR_COUNTS_SQL} "
            f"FROM read_parquet('{reviews}') GROUP BY recipe_id) c USING (recipe_id)"
        )

    # -- queries ---------------------------------------------------------------------

    def aggregate(self, name: str, identifiers: dict[str, str] | None = None, **params: Any) -> pd.DataFrame:
        """Result of ``queries/<name>.sql`` with ``params`` bound, memoized per dataset version.

        ``identifiers`` fill ``{placeholders}`` with table or column names of the contract
        (for the Explorer's table and sort column), validated before use.
        """
        return self.memoize(
            name,
            {**params, "__identifiers": identifiers or {}},
            lambda: self.run(name, identifiers=identifiers, **params),
        )

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
                        record_cache_event("miss")
                        value = compute()
                        self._cache_set(key, value)
                    else:
                        record_cache_event("hit")
            else:
                record_cache_event("hit")
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
        if self.cache is None:
            return None
        try:
            return self.cache.get(key)
        except Exception as exc:
            self._cache_failed("read", exc)
            return None

    def _cache_set(self, key: str, value: Any) -> None:
        if self.cache is None:
            return
        try:
            self.cache.set(key, value)
        except Exception as exc:
            self._cache_failed("write", exc)

    def _cache_failed(self, action: str, exc: Exception) -> None:
        """Log a cache failure at most once per interval: a Redis outage would flood the log."""
        record_cache_event("error")
        self._cache_error_log("Cache {} failed ({}): serving without the cache", action, type(exc).__name__)

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
        return self._frame(name, sql, {p: params[p] for p in wanted})

    def composed(self, query: ComposedQuery) -> pd.DataFrame:
        """Result of a composed query, memoized per dataset version like ``aggregate``."""
        return self.memoize(
            query.label, {"sql": query.sql, **query.params}, lambda: self._frame(query.label, query.sql, query.params)
        )

    def _frame(self, label: str, sql: str, params: dict[str, Any]) -> pd.DataFrame:
        started = time.perf_counter()
        frame = self._execute(label, sql, params).df()
        elapsed = time.perf_counter() - started
        observe_query(label, elapsed)
        logger.debug("Query {} ran in {:.1f} ms ({} rows)", label, 1000 * elapsed, len(frame))
        return frame

    def _execute(
        self, label: str, sql: str, params: dict[str, Any], cursor: duckdb.DuckDBPyConnection | None = None
    ) -> duckdb.DuckDBPyConnection:
        """Run ``sql`` on ``cursor`` (default: this thread's on the served version); DuckDB's errors,
        also those of opening the version's views, become the app's (storage, missing file, query)."""
        try:
            return (cursor or self._cursor()).execute(sql, params)
        except AppError:
            raise
        except (duckdb.HTTPException, duckdb.IOException) as exc:
            raise self._io_error(exc) from None
        except duckdb.Error as exc:
            logger.error("Query {} failed: {}", label, exc)
            raise QueryFailed(f"Query {label!r} failed: {type(exc).__name__}") from None

    @staticmethod
    def sql(name: str, identifiers: dict[str, str] | None = None) -> str:
        """The query text with validated identifiers substituted."""
        return fill_identifiers(load_sql(name), identifiers or {}, _KNOWN_IDENTIFIERS)

    def _io_error(self, exc: Exception) -> AppError:
        text = str(exc)
        if "No files found" in text or "does not exist" in text or "404" in text:
            logger.error("Dataset file missing: {}", redact(text, self._secrets()))
            return DatasetMissing(DATASET_REMOVED_MESSAGE)
        logger.error("Storage error: {}", redact(text, self._secrets()))
        return StorageUnreachable(STORAGE_DOWN_MESSAGE)


class PinnedReader:
    """Composed queries on one dataset version, read in bounded pieces (see ``Repository.pinned_reader``)."""

    def __init__(self, repository: Repository, cursor: duckdb.DuckDBPyConnection, version: str) -> None:
        self._repository = repository
        self._cursor = cursor
        self.version = version

    def batches(self, query: ComposedQuery, rows: int) -> pa.RecordBatchReader:
        """The result as Arrow record batches of at most ``rows`` rows, read as they are consumed."""
        return self._run(query).to_arrow_reader(rows)

    def table(self, query: ComposedQuery) -> pa.Table:
        return self._run(query).to_arrow_table()

    def arrays(self, query: ComposedQuery) -> dict[str, Any]:
        """Each column as a NumPy array (or a pandas Categorical for enums)."""
        return self._run(query).fetchnumpy()

    def _run(self, query: ComposedQuery) -> duckdb.DuckDBPyConnection:
        return self._repository._execute(query.label, query.sql, query.params, self._cursor)


_installed: Repository | None = None


def install(repository: Repository | None) -> None:
    """Make ``repository`` the one callbacks use (the factory does this; tests reset it)."""
    global _installed
    _installed = repository


def get_repository() -> Repository:
    if _installed is None:
        raise RuntimeError("No repository installed: create the app with app.factory.create_app()")
    return _installed
