"""Where a published dataset lives: a local folder or ``s3://bucket/prefix``.

Keys are relative, slash-separated paths under the root (``CURRENT``,
``versions/<v>/recipes.parquet``). Both back ends write small files atomically, so a reader
sees either the old or the new content of ``CURRENT``, never a partial one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import boto3
import duckdb
from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from loguru import logger

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


class S3Storage(Storage):
    is_s3 = True

    def __init__(self, bucket: str, prefix: str, s3: S3Settings) -> None:
        self.bucket, self.prefix, self._s3 = bucket, prefix.strip("/"), s3
        self._client = boto3.client(
            "s3",
            endpoint_url=s3.endpoint_url,
            region_name=s3.region,
            aws_access_key_id=s3.access_key_id,
            aws_secret_access_key=s3.secret_access_key,
            aws_session_token=s3.session_token,
            # Fail fast when the endpoint is down instead of retrying for minutes.
            config=Config(connect_timeout=5, read_timeout=60,
                          retries={"max_attempts": 3, "mode": "standard"}),
        )

    def _key(self, key: str) -> str:
        key = key.strip("/")
        return f"{self.prefix}/{key}" if self.prefix else key

    def _unreachable(self, exc: Exception, action: str) -> StorageUnreachable:
        """A StorageUnreachable whose message names the bucket and cause, never a credential."""
        secrets = (self._s3.secret_access_key, self._s3.session_token, self._s3.access_key_id)
        detail = redact(f"{type(exc).__name__}: {exc}", secrets)
        logger.error("S3 {} failed on s3://{}/{}: {}", action, self.bucket, self.prefix, detail)
        return StorageUnreachable(f"Cannot {action} s3://{self.bucket}/{self.prefix} ({detail})")

    def _call(self, action: str, func: Callable[..., Any], **kwargs: Any) -> Any:
        """Run a boto3 call, mapping connection and auth failures to StorageUnreachable."""
        try:
            return func(**kwargs)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in ("NoSuchKey", "404", "NotFound"):
                raise
            raise self._unreachable(exc, action) from None
        except (BotoCoreError, Boto3Error) as exc:  # Boto3Error: failed managed uploads
            raise self._unreachable(exc, action) from None

    def read_text(self, key: str) -> str:
        try:
            body = self._call("read", self._client.get_object, Bucket=self.bucket, Key=self._key(key))
        except ClientError:  # only "not found" codes get past _call
            raise DatasetMissing(f"{self.uri_for(key)} does not exist") from None
        return body["Body"].read().decode("utf-8")

    def write_text(self, key: str, text: str) -> None:
        # A single PutObject is atomic: readers get the old or the new object.
        self._call("write", self._client.put_object, Bucket=self.bucket, Key=self._key(key),
                   Body=text.encode("utf-8"))

    def upload_file(self, local_path: Path, key: str) -> None:
        self._call("write", self._client.upload_file, Filename=str(local_path),
                   Bucket=self.bucket, Key=self._key(key))

    def exists(self, key: str) -> bool:
        try:
            self._call("read", self._client.head_object, Bucket=self.bucket, Key=self._key(key))
        except ClientError:
            return False
        return True

    def list_dirs(self, prefix: str) -> list[str]:
        folder = self._key(prefix) + "/"
        paginator = self._client.get_paginator("list_objects_v2")
        pages = self._call("list", lambda: list(paginator.paginate(
            Bucket=self.bucket, Prefix=folder, Delimiter="/")))
        names = (p["Prefix"][len(folder):].rstrip("/") for page in pages
                 for p in page.get("CommonPrefixes", []))
        return sorted(names)

    def delete_prefix(self, prefix: str) -> None:
        folder = self._key(prefix) + "/"
        paginator = self._client.get_paginator("list_objects_v2")
        pages = self._call("list", lambda: list(paginator.paginate(Bucket=self.bucket, Prefix=folder)))
        keys = [{"Key": obj["Key"]} for page in pages for obj in page.get("Contents", [])]
        for start in range(0, len(keys), 1000):  # DeleteObjects takes at most 1000 keys
            self._call("delete", self._client.delete_objects, Bucket=self.bucket,
                       Delete={"Objects": keys[start:start + 1000], "Quiet": True})

    def uri_for(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._key(key)}"


def open_storage(uri: str, s3: S3Settings | None = None) -> Storage:
    """Storage for a local folder path or an ``s3://bucket/prefix`` URI."""
    if uri.startswith("s3://"):
        parts = urlsplit(uri)
        if not parts.netloc:
            raise ValueError(f"S3 URI without a bucket: {uri!r}")
        return S3Storage(parts.netloc, parts.path, s3 or S3Settings())
    return LocalStorage(Path(uri))


def httpfs_extension_path() -> Path:
    """The httpfs extension shipped by the ``duckdb-extension-httpfs`` wheel (no download)."""
    import duckdb_extension_httpfs

    return (Path(duckdb_extension_httpfs.__file__).parent / "extensions" / HTTPFS_VERSION
            / "httpfs.duckdb_extension")


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
    for option, value in (("KEY_ID", s3.access_key_id), ("SECRET", s3.secret_access_key),
                          ("SESSION_TOKEN", s3.session_token)):
        if value:
            name = f"mtm_s3_{option.lower()}"
            variables[name] = value
            options.append(f"{option} getvariable('{name}')")
    if s3.endpoint_url:
        endpoint = urlsplit(s3.endpoint_url if "://" in s3.endpoint_url else f"https://{s3.endpoint_url}")
        variables["mtm_s3_endpoint"] = endpoint.netloc
        options += ["ENDPOINT getvariable('mtm_s3_endpoint')",
                    f"USE_SSL {'true' if endpoint.scheme == 'https' else 'false'}",
                    # Local S3 servers (moto, MinIO) serve buckets as paths, not subdomains.
                    "URL_STYLE 'path'"]
    try:
        for name, value in variables.items():
            con.execute(f"SET VARIABLE {name} = ?", [value])
        con.execute(f"CREATE OR REPLACE SECRET mtm_s3 ({', '.join(options)})")
    except duckdb.Error as exc:
        secrets = (s3.secret_access_key, s3.session_token, s3.access_key_id)
        raise StorageUnreachable(f"Cannot configure S3 access: {redact(str(exc), secrets)}") from None
    finally:
        for name in variables:
            con.execute(f"RESET VARIABLE {name}")
