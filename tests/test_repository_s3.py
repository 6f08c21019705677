"""The repository on a dataset published to a real local S3 server, read by DuckDB httpfs."""

from __future__ import annotations

import dataclasses

import pytest

from app.errors import StorageUnreachable
from app.filters import Filters
from app.ingest import ingest
from app.repository import STORAGE_DOWN_MESSAGE, Repository
from tests.conftest import S3_TEST_KEY_ID, S3_TEST_SECRET
from tests.fixtures import make_settings
from tests.services import free_port


def test_same_figures_from_s3_and_from_disk(generated_csv, generated_dataset, s3_server, s3_bucket):
    uri = f"s3://{s3_bucket}/foodcom"
    ingest(generated_csv, uri, s3=s3_server, progress=False, synthetic=True)
    from_s3 = Repository(make_settings(uri, s3=s3_server), None)
    from_disk = Repository(make_settings(generated_dataset), None)
    filters = Filters(sub_years=(2004, 2010), include_zero=False).as_param()
    for query in ("overview/kpis", "overview/rating_distribution", "overview/interactions_per_month"):
        assert from_s3.run(query, f=filters).equals(from_disk.run(query, f=filters)), query
    assert from_s3.manifest()["synthetic"] is True


def test_unreachable_s3_is_a_clear_error_without_secrets(s3_server):
    dead = dataclasses.replace(s3_server, endpoint_url=f"http://127.0.0.1:{free_port()}")
    repository = Repository(make_settings("s3://nowhere/foodcom", s3=dead), None)
    with pytest.raises(StorageUnreachable) as raised:
        repository.aggregate("overview/kpis", f=Filters().as_param())
    message = raised.value.user_message
    # Users read what happened and that it recovers by itself; the bucket and endpoint go to the log only.
    assert message == STORAGE_DOWN_MESSAGE
    assert "nowhere" not in message and "127.0.0.1" not in message
    assert S3_TEST_SECRET not in message and S3_TEST_KEY_ID not in message
