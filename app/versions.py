"""Which published versions to keep: the served one, the previous one, and any retired recently.

Workers notice a new ``CURRENT`` within ``DATASET_REFRESH_SECONDS`` and downloads read the version
they started on to the end, so a version's files must outlive its replacement by more than that
plus the longest request. When a publish replaces a version it writes ``RETIRED`` (the time) into
it; later publishes delete a retired version once that time is older than the grace period.
"""

from __future__ import annotations

import os
import time

from loguru import logger

from app import schema
from app.errors import AppError, DatasetMissing
from app.storage import Storage

RETIRED_MARKER = "RETIRED"
# Longer than DATASET_REFRESH_SECONDS (10 s by default) plus the longest download.
DEFAULT_GRACE_SECONDS = 900.0


def grace_seconds() -> float:
    return float(os.environ.get("DATASET_GRACE_SECONDS", DEFAULT_GRACE_SECONDS))


def _key(version: str, name: str = "") -> str:
    return f"{schema.VERSIONS_DIR}/{version}/{name}".rstrip("/")


def retired_at(storage: Storage, version: str) -> float | None:
    try:
        return float(storage.read_text(_key(version, RETIRED_MARKER)).strip())
    except DatasetMissing:
        return None
    except ValueError:  # unreadable marker: count from now
        return None


def retire(storage: Storage, version: str, now: float | None = None) -> None:
    """Record when ``version`` stopped being served (kept if already recorded)."""
    if retired_at(storage, version) is None:
        storage.write_text(_key(version, RETIRED_MARKER), f"{time.time() if now is None else now:.3f}\n")


def prune(storage: Storage, current: str, grace: float | None = None, now: float | None = None) -> list[str]:
    """Delete versions older than ``current`` that were retired more than ``grace`` seconds ago;
    the most recently retired one is always kept (instant rollback). Versions newer than
    ``current`` belong to an ingest under way and are left alone. Returns the deleted versions."""
    grace = grace_seconds() if grace is None else grace
    now = time.time() if now is None else now
    older = [v for v in storage.list_dirs(schema.VERSIONS_DIR) if v < current]
    deleted = []
    for version in older[:-1]:  # older[-1] is the previous version
        retired = retired_at(storage, version)
        if retired is None:  # published before markers existed, or retired by a failed publish
            retire(storage, version, now)
            continue
        if now - retired > grace:
            try:
                storage.delete_prefix(_key(version))
            except AppError as exc:
                logger.error("Could not delete the old dataset version {}: {}", version, exc)
                continue
            deleted.append(version)
            logger.info("Deleted dataset version {} (retired {:.0f} s ago)", version, now - retired)
    return deleted
