"""Shared fixtures. S3: a real local S3 server (moto) on a free loopback port."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import boto3
import pytest
from moto.server import ThreadedMotoServer

from app.settings import S3Settings

# Distinctive fake credentials, so tests can assert they never appear in a message.
S3_TEST_KEY_ID = "AKIATESTKEYID0000001"
S3_TEST_SECRET = "test-secret-Zq8w1vX4-never-shown"


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Settings]:
    """A moto S3 server for the session; yields the settings to reach it."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield S3Settings(
            endpoint_url=f"http://{host}:{port}",
            region="us-east-1",
            access_key_id=S3_TEST_KEY_ID,
            secret_access_key=S3_TEST_SECRET,
        )
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(s3_server: S3Settings) -> str:
    """A fresh, empty bucket on the session's S3 server."""
    name = f"test-{uuid.uuid4().hex[:16]}"
    boto3.client(
        "s3",
        endpoint_url=s3_server.endpoint_url,
        region_name=s3_server.region,
        aws_access_key_id=S3_TEST_KEY_ID,
        aws_secret_access_key=S3_TEST_SECRET,
    ).create_bucket(Bucket=name)
    return name
