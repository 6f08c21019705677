"""app.versions: a replaced version is kept for the grace period, then deleted at a later publish."""

from __future__ import annotations

from app import versions
from app.storage import LocalStorage


def _storage_with(tmp_path, *names: str) -> LocalStorage:
    storage = LocalStorage(tmp_path)
    for name in names:
        storage.write_text(f"versions/{name}/manifest.json", "{}")
    return storage


def test_a_retired_version_is_kept_during_the_grace_period_then_deleted(tmp_path):
    storage = _storage_with(tmp_path, "v1", "v2", "v3")
    versions.retire(storage, "v1", now=1000.0)
    versions.retire(storage, "v2", now=1100.0)
    assert versions.prune(storage, "v3", grace=300, now=1250.0) == []  # v1 retired 250 s ago
    assert versions.prune(storage, "v3", grace=300, now=1301.0) == ["v1"]
    assert storage.list_dirs("versions") == ["v2", "v3"]
    # The previous version stays whatever its age: an operator can point CURRENT back at it.
    assert versions.prune(storage, "v3", grace=300, now=99_999.0) == []


def test_retiring_twice_keeps_the_first_time(tmp_path):
    storage = _storage_with(tmp_path, "v1")
    versions.retire(storage, "v1", now=10.0)
    versions.retire(storage, "v1", now=20.0)
    assert versions.retired_at(storage, "v1") == 10.0


def test_unmarked_old_versions_get_a_grace_period_from_now_and_newer_ones_are_left_alone(tmp_path):
    storage = _storage_with(tmp_path, "v1", "v2", "v3", "v4")  # v4: an ingest still uploading
    assert versions.prune(storage, "v3", grace=60, now=500.0) == []
    assert versions.retired_at(storage, "v1") == 500.0
    assert versions.retired_at(storage, "v2") is None  # previous: not retired until replaced
    assert versions.prune(storage, "v3", grace=60, now=561.0) == ["v1"]
    assert storage.list_dirs("versions") == ["v2", "v3", "v4"]
