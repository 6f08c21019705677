"""Where a published dataset lives: a local folder or ``s3://bucket/prefix``.

Keys are relative, slash-separated paths under the root (``CURRENT``,
``versions/<v>/recipes.parquet``). Both back ends write small files atomically, so a reader
sees either the old or the new content of ``CURRENT``, never a partial one. The S3 back end lives in
``app.storage_s3`` so that boto3 is imported only when a dataset is on S3.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path
from urllib.parse import urlsplit

import duckdb

from app.errors import DatasetMissing, StorageUnreachable, redact
from app.settings import S3Settings

HTTPFS_VERSION = "v" + duckdb.__version__


class Storage(ABC):
    """Minimal file access used by ingest (writes) and the repository (reads)."""

    is_s3: bool = False

    @abstractmethod
    def read_text(self, key: str) -> str:
        """Content of `key`; raises DatasetMissing when absent."""

    @abstractmethod
    def write_text(self, key: str, text: str) -> None:
        """Replace `key` atomically with `text`."""

    @abstractmethod
    def upload_file(self, local_path: Path, key: str) -> None:
        """Copy a local file to `key`."""

    @abstractmethod
    def exists(self, key: str) -> bool: ...

    @abstractmethod
    def list_dirs(self, prefix: str) -> list[str]:
        """Names of the immediate sub-folders of `prefix`, sorted."""

    @abstractmethod
    def delete_prefix(self, prefix: str) -> None:
        """Delete every key under the folder `prefix` (no error when empty)."""

    @abstractmethod
    def uri_for(self, key: str) -> str:
        """Absolute path or ``s3://`` URI of `key`, readable by DuckDB."""


class LocalStorage(Storage):
    def __init__(self, root: Path) -> None:
        self.root = root.expanduser().resolve()

    def _path(self, key: str) -> Path:
        return self.root.joinpath(*key.strip("/").split("/"))

    def read_text(self, key: str) -> str:
        try:
            return self._path(key).read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            raise DatasetMissing(f"{self.uri_for(key)} does not exist") from None

    def write_text(self, key: str, text: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Same-directory temp file + os.replace: atomic on POSIX, readers never see a partial file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)  # mkstemp creates 0600; readers may run as another user
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def upload_file(self, local_path: Path, key: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        shutil.copyfile(local_path, tmp)
        os.replace(tmp, path)

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def list_dirs(self, prefix: str) -> list[str]:
        folder = self._path(prefix)
        return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []

    def delete_prefix(self, prefix: str) -> None:
        shutil.rmtree(self._path(prefix), ignore_errors=True)

    def uri_for(self, key: str) -> str:
        return str(self._path(key))


def open_storage(uri: str, s3: S3Settings | None = None) -> Storage:
    """Storage for a local folder path or an ``s3://bucket/prefix`` URI."""
    if uri.startswith("s3://"):
        parts = urlsplit(uri)
        if not parts.netloc:
            raise ValueError(f"S3 URI without a bucket: {uri!r}")
        from app.storage_s3 import S3Storage  # boto3 costs ~0.4 s of import: only when S3 is used

        return S3Storage(parts.netloc, parts.path, s3 or S3Settings())
    return LocalStorage(Path(uri))


def httpfs_extension_path() -> Path:
    """The httpfs extension shipped by the ``duckdb-extension-httpfs`` wheel (no download)."""
    import duckdb_extension_httpfs

    return Path(duckdb_extension_httpfs.__file__).parent / "extensions" / HTTPFS_VERSION / "httpfs.duckdb_extension"


def configure_duckdb_s3(con: duckdb.DuckDBPyConnection, s3: S3Settings) -> None:
    """Load httpfs from the local wheel and register an S3 secret for `s3` on `con`.

    Credentials go through bound parameters into session variables, so no SQL text
    (which DuckDB or our logs may record) ever contains them.
    """
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute(f"LOAD '{httpfs_extension_path()}'")
    options = ["TYPE s3", "REGION getvariable('mtm_s3_region')"]
    variables = {"mtm_s3_region": s3.region}
    credentials = s3.credentials()
    for option, value in (
        ("KEY_ID", credentials["access_key_id"]),
        ("SECRET", credentials["secret_access_key"]),
        ("SESSION_TOKEN", credentials["session_token"]),
    ):
        if value:
            name = f"mtm_s3_{option.lower()}"
            variables[name] = value
            options.append(f"{option} getvariable('{name}')")
    if s3.endpoint_url:
        endpoint = urlsplit(s3.endpoint_url if "://" in s3.endpoint_url else f"https://{s3.endpoint_url}")
        variables["mtm_s3_endpoint"] = endpoint.netloc
        options += [
            "ENDPOINT getvariable('mtm_s3_endpoint')",
            f"USE_SSL {'true' if endpoint.scheme == 'https' else 'false'}",
            # Local S3 servers (moto, MinIO) serve buckets as paths, not subdomains.
            "URL_STYLE 'path'",
        ]
    try:
        for name, value in variables.items():
            con.execute(f"SET VARIABLE {name} = ?", [value])
        con.execute(f"CREATE OR REPLACE SECRET mtm_s3 ({', '.join(options)})")
    except duckdb.Error as exc:
        raise StorageUnreachable(f"Cannot configure S3 access: {redact(str(exc), s3.secret_values())}") from None
    finally:
        for name in variables:
            con.execute(f"RESET VARIABLE {name}")
