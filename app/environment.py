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
DEMO_SCALE_FILE = "demo-scale"  # beside the published demo dataset: the scale it was generated at


def dataset_published(settings: Settings) -> bool:
    return open_storage(settings.data_uri, settings.s3).exists(schema.CURRENT_POINTER)


def _warn_if_other_scale(settings: Settings) -> None:
    """DEMO_SCALE applies when the demo dataset is generated: say so when it asks for another one."""
    marker = Path(settings.data_uri).parent / DEMO_SCALE_FILE
    try:
        made = float(marker.read_text())
    except (OSError, ValueError):
        return
    if made != settings.demo_scale:
        logger.warning(
            "DEMO_SCALE is {} but the demo dataset in {} was generated at scale {}: delete that "
            "folder to generate it again",
            settings.demo_scale,
            marker.parent,
            made,
        )


def ensure_demo_dataset(settings: Settings) -> None:
    """Generate and ingest the synthetic demo dataset once; a file lock keeps concurrent
    starts from doing it twice."""
    if not settings.demo_data:
        return
    if dataset_published(settings):
        _warn_if_other_scale(settings)
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
        (root / DEMO_SCALE_FILE).write_text(f"{settings.demo_scale}\n")
        logger.info("Demo dataset ready in {:.1f} s", time.perf_counter() - started)
