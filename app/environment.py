"""Prepare the runtime: with no DATA_URI, make sure the embedded demo dataset exists."""

from __future__ import annotations

import fcntl
import time
from pathlib import Path

from loguru import logger

from app import schema
from app.settings import Settings
from app.storage import open_storage

DEMO_SEED = 42


def dataset_published(settings: Settings) -> bool:
    return open_storage(settings.data_uri, settings.s3).exists(schema.CURRENT_POINTER)


def ensure_demo_dataset(settings: Settings) -> None:
    """Generate and ingest the synthetic demo dataset once; a file lock keeps concurrent
    starts from doing it twice."""
    if not settings.demo_data or dataset_published(settings):
        return
    from app.generate import generate
    from app.ingest import ingest

    root = Path(settings.data_uri).parent
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".demo.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if dataset_published(settings):
            return
        started = time.perf_counter()
        csv_dir = root / "demo-csv"
        logger.info("No dataset configured: generating the demo dataset (scale {})", settings.demo_scale)
        generate(csv_dir, scale=settings.demo_scale, seed=DEMO_SEED, progress=False)
        ingest(csv_dir, settings.data_uri, progress=False, synthetic=True)
        logger.info("Demo dataset ready in {:.1f} s", time.perf_counter() - started)
