"""Storage back ends (local folder, S3 on a local server) and DuckDB's S3 configuration."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from app.errors import REDACTED, AppError, DatasetMissing, IngestError, StorageUnreachable, redact
from app.settings import S3Settings
from app.storage import Storage, configure_duckdb_s3, open_storage
from tests.conftest import S3_TEST_KEY_ID, S3_TEST_SECRET


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    if request.param == "local":
        return open_storage(str(tmp_path / "root"))
    s3 = request.getfixturevalue("s3_server")
    return open_storage(f"s3://{request.getfixturevalue('s3_bucket')}/some/prefix", s3)


def test_text_round_trip_and_missing_key(storage: Storage) -> None:
    assert not storage.exists("CURRENT")
    with pytest.raises(DatasetMissing, match="CURRENT"):
        storage.read_text("CURRENT")
    storage.write_text("CURRENT", "v1\n")
    storage.write_text("CURRENT", "v2 é\n")  # replaces, UTF-8
    assert storage.exists("CURRENT")
    assert storage.read_text("CURRENT") == "v2 é\n"


def test_upload_list_and_delete_prefix(storage: Storage, tmp_path: Path) -> None:
    local = tmp_path / "table.parquet"
    local.write_bytes(b"PAR1" * 1000)
    for version in ("v2", "v1"):
        storage.upload_file(local, f"versions/{version}/table.parquet")
        storage.write_text(f"versions/{version}/manifest.json", "{}")
    assert storage.list_dirs("versions") == ["v1", "v2"]
    assert storage.list_dirs("nothing-here") == []
    storage.delete_prefix("versions/v1")
    storage.delete_prefix("versions/never-existed")
    assert storage.list_dirs("versions") == ["v2"]
    assert not storage.exists("versions/v1/table.parquet")
    assert storage.exists("versions/v2/table.parquet")


def test_uri_for_is_readable_by_duckdb(storage: Storage, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    local = tmp_path / "numbers.parquet"
    duckdb.execute(f"COPY (SELECT range AS n FROM range(10)) TO '{local}' (FORMAT parquet)")
    storage.upload_file(local, "versions/v1/numbers.parquet")
    uri = storage.uri_for("versions/v1/numbers.parquet")
    con = duckdb.connect()
    if storage.is_s3:
        assert uri.startswith("s3://") and uri.endswith("/some/prefix/versions/v1/numbers.parquet")
        configure_duckdb_s3(con, request.getfixturevalue("s3_server"))
    else:
        assert Path(uri).is_absolute()
    assert con.execute(f"SELECT sum(n) FROM read_parquet('{uri}')").fetchone()[0] == 45


def test_local_write_text_is_atomic_and_leaves_no_temp_file(tmp_path: Path) -> None:
    storage = open_storage(str(tmp_path))
    storage.write_text("CURRENT", "v1\n")
    assert [p.name for p in tmp_path.iterdir()] == ["CURRENT"]
    assert (tmp_path / "CURRENT").stat().st_mode & 0o044  # readable by the app's user too


@pytest.mark.s3
def test_duckdb_s3_secret_never_appears_in_sql_or_settings(s3_server: S3Settings) -> None:
    con = duckdb.connect()
    con.execute("CALL enable_logging('QueryLog')")
    configure_duckdb_s3(con, s3_server)
    logged = " ".join(str(row) for row in con.execute("SELECT message FROM duckdb_logs").fetchall())
    assert "CREATE OR REPLACE SECRET" in logged  # the log works...
    assert S3_TEST_SECRET not in logged and S3_TEST_KEY_ID not in logged  # ...and holds no credential
    secrets = str(con.execute("SELECT * FROM duckdb_secrets()").fetchall())
    assert S3_TEST_SECRET not in secrets
    assert con.execute("SELECT count(*) FROM duckdb_variables() WHERE name LIKE 'mtm_s3%'").fetchone()[0] == 0


@pytest.mark.s3
def test_unreachable_endpoint_raises_without_credentials(tmp_path: Path) -> None:
    s3 = S3Settings(endpoint_url="http://127.0.0.1:9", access_key_id=S3_TEST_KEY_ID, secret_access_key=S3_TEST_SECRET)
    storage = open_storage("s3://bucket/prefix", s3)
    with pytest.raises(StorageUnreachable) as caught:
        storage.read_text("CURRENT")
    message = caught.value.user_message
    assert "s3://bucket/prefix" in message
    assert S3_TEST_SECRET not in message and S3_TEST_KEY_ID not in message


@pytest.mark.s3
def test_missing_bucket_is_unreachable_not_missing_dataset(s3_server: S3Settings, tmp_path: Path) -> None:
    storage = open_storage("s3://no-such-bucket-here/prefix", s3_server)
    with pytest.raises(StorageUnreachable, match="no-such-bucket-here"):
        storage.read_text("CURRENT")
    local = tmp_path / "file"
    local.write_text("x")
    with pytest.raises(StorageUnreachable, match="Cannot write"):  # a managed upload fails differently
        storage.upload_file(local, "versions/v1/file")


def test_redact_masks_known_secrets_and_credential_shapes() -> None:
    text = (
        f"boom {S3_TEST_SECRET} key_id={S3_TEST_KEY_ID};secret=abc "
        "https://h/o?X-Amz-Credential=AKIA123%2F2024&X-Amz-Signature=deadbeef "
        "Credential=AKIA999/20240101/us-east-1/s3/aws4_request, Signature=0123abcd"
    )
    masked = redact(text, [S3_TEST_SECRET])
    for leaked in (S3_TEST_SECRET, S3_TEST_KEY_ID, "abc ", "AKIA123", "deadbeef", "AKIA999", "0123abcd"):
        assert leaked not in masked
    assert masked.count(REDACTED) == 7


def test_app_errors_redact_their_message() -> None:
    error = StorageUnreachable("failed with aws_secret_access_key=hunter2 on s3://b")
    assert "hunter2" not in error.user_message and "s3://b" in error.user_message
    assert isinstance(error, AppError)


def test_ingest_error_names_file_line_and_column() -> None:
    error = IngestError("expected an integer, found '12.5'", file="RAW_recipes.csv", line=7, column="minutes")
    assert error.user_message == "RAW_recipes.csv, line 7, column 'minutes': expected an integer, found '12.5'"
    assert (error.file, error.line, error.column) == ("RAW_recipes.csv", 7, "minutes")
    assert IngestError("plain").user_message == "plain"
