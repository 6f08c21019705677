"""The S3 back end of ``app.storage`` (boto3), imported only when a dataset lives on S3."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from loguru import logger

from app.errors import DatasetMissing, StorageUnreachable, redact
from app.settings import S3Settings
from app.storage import Storage


class S3Storage(Storage):
    is_s3 = True

    def __init__(self, bucket: str, prefix: str, s3: S3Settings) -> None:
        self.bucket, self.prefix, self._s3 = bucket, prefix.strip("/"), s3
        credentials = s3.credentials()
        self._client = boto3.client(
            "s3",
            endpoint_url=s3.endpoint_url,
            region_name=s3.region,
            aws_access_key_id=credentials["access_key_id"],
            aws_secret_access_key=credentials["secret_access_key"],
            aws_session_token=credentials["session_token"],
            # Fail fast when the endpoint is down instead of retrying for minutes.
            config=Config(connect_timeout=5, read_timeout=60, retries={"max_attempts": 3, "mode": "standard"}),
        )

    def _key(self, key: str) -> str:
        key = key.strip("/")
        return f"{self.prefix}/{key}" if self.prefix else key

    def _unreachable(self, exc: Exception, action: str) -> StorageUnreachable:
        """A StorageUnreachable whose message names the bucket and cause, never a credential."""
        detail = redact(f"{type(exc).__name__}: {exc}", self._s3.secret_values())
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
        self._call("write", self._client.put_object, Bucket=self.bucket, Key=self._key(key), Body=text.encode("utf-8"))

    def upload_file(self, local_path: Path, key: str) -> None:
        self._call("write", self._client.upload_file, Filename=str(local_path), Bucket=self.bucket, Key=self._key(key))

    def exists(self, key: str) -> bool:
        try:
            self._call("read", self._client.head_object, Bucket=self.bucket, Key=self._key(key))
        except ClientError:
            return False
        return True

    def list_dirs(self, prefix: str) -> list[str]:
        folder = self._key(prefix) + "/"
        paginator = self._client.get_paginator("list_objects_v2")
        pages = self._call("list", lambda: list(paginator.paginate(Bucket=self.bucket, Prefix=folder, Delimiter="/")))
        names = (p["Prefix"][len(folder) :].rstrip("/") for page in pages for p in page.get("CommonPrefixes", []))
        return sorted(names)

    def delete_prefix(self, prefix: str) -> None:
        folder = self._key(prefix) + "/"
        paginator = self._client.get_paginator("list_objects_v2")
        pages = self._call("list", lambda: list(paginator.paginate(Bucket=self.bucket, Prefix=folder)))
        keys = [{"Key": obj["Key"]} for page in pages for obj in page.get("Contents", [])]
        for start in range(0, len(keys), 1000):  # DeleteObjects takes at most 1000 keys
            self._call(
                "delete",
                self._client.delete_objects,
                Bucket=self.bucket,
                Delete={"Objects": keys[start : start + 1000], "Quiet": True},
            )

    def uri_for(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._key(key)}"
