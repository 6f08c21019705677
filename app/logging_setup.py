"""loguru configuration per environment: console, an app file and an errors file.

Files rotate and expire; ``enqueue=True`` funnels every process's records through one
queue written by the process that configured logging (gunicorn's master, with
``preload_app``), so several workers never rotate the same file at once.
"""

from __future__ import annotations

import sys

from loguru import logger

from app.settings import Settings

ROTATION = "10 MB"
RETENTION = {"local": "3 days", "preprod": "14 days", "prod": "30 days"}
FORMAT = "{time:YYYY-MM-DD HH:mm:ss.SSS} | {level: <7} | pid={process} | {name}:{line} | {message}"

_configured = False


def configure_logging(settings: Settings) -> None:
    """Idempotent: the factory may run more than once in tests."""
    global _configured
    if _configured:
        return
    logger.remove()
    logger.add(sys.stderr, level=settings.log_level, format=FORMAT, colorize=settings.env == "local")
    log_dir = settings.log_dir / settings.env
    log_dir.mkdir(parents=True, exist_ok=True)
    common = {"rotation": ROTATION, "retention": RETENTION[settings.env], "enqueue": True,
              "format": FORMAT, "encoding": "utf-8", "compression": "gz"}
    logger.add(log_dir / "app.log", level=settings.log_level, **common)
    logger.add(log_dir / "errors.log", level="ERROR", backtrace=settings.env == "local",
               diagnose=False, **common)  # diagnose would print local variables: secrets could leak
    _configured = True
    logger.info("Logging configured for {} in {}", settings.env, log_dir)
