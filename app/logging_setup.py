"""loguru configuration per environment: console, an app file, an errors file and a user-actions file.

Files rotate and expire; ``enqueue=True`` funnels every process's records through one
queue written by the process that configured logging (gunicorn's master, with
``preload_app``), so several workers never rotate the same file at once.

Everything logs through loguru: the standard ``logging`` records of Flask, werkzeug, Dash, botocore
and urllib3 are forwarded by ``InterceptHandler``, and gunicorn's own logs by ``GunicornLogger``
(``logger_class`` in deploy/gunicorn.conf.py). An unexpected exception in a request is logged once,
with its traceback, by Flask (forwarded here), so it reaches ``errors.log``.

The console is for a person watching: it shows ``LOG_CONSOLE_LEVEL`` (INFO) and above while
``app.log`` keeps ``LOG_LEVEL`` (DEBUG in local: every SQL query), and in local it leaves out
gunicorn's access log (a line per callback request, dozens per page view), which ``app.log`` keeps.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

from gunicorn.glogging import Logger as _GunicornBaseLogger
from loguru import logger

from app.settings import Settings

ROTATION = "10 MB"
RETENTION = {"local": "3 days", "preprod": "14 days", "prod": "30 days"}
# The user-actions log (tabs, filters, exports; no personal data) is kept longer, for usage reviews.
ACTIONS_RETENTION = {"local": "7 days", "preprod": "30 days", "prod": "180 days"}
FORMAT = "{time:YYYY-MM-DD HH:mm:ss.SSS} | {level: <7} | pid={process} | {name}:{line} | {message}"
ACTIONS_FORMAT = "{time:YYYY-MM-DD HH:mm:ss.SSS} | {message}"
# Libraries that log every request or connection at INFO: only their warnings are worth a line.
QUIET_LOGGERS = ("werkzeug", "botocore", "boto3", "urllib3", "s3transfer")
ACCESS_LOGGER = "gunicorn.access"

_configured = False


class ThrottledLog:
    """Logs at most once per ``interval`` seconds: an outage (Redis, storage) repeats the same
    failure on every request and would flood the log. ``reset()`` after a recovery makes the next
    failure news again."""

    def __init__(self, level: str, interval: float = 60.0) -> None:
        self.level, self.interval = level, interval
        self._logged_at = -interval

    def __call__(self, message: str, *args: Any) -> None:
        now = time.monotonic()
        if now - self._logged_at >= self.interval:
            self._logged_at = now
            logger.opt(depth=1).log(self.level, message, *args)

    def reset(self) -> None:
        self._logged_at = -self.interval


class InterceptHandler(logging.Handler):
    """Forwards standard ``logging`` records to loguru, keeping their level, origin and exception."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            level: str | int = logger.level(record.levelname).name
        except ValueError:
            level = record.levelno

        def origin(message_record) -> None:
            message_record.update(name=record.name, function=record.funcName, line=record.lineno)

        logger.patch(origin).opt(exception=record.exc_info).log(level, record.getMessage())


class GunicornLogger(_GunicornBaseLogger):
    """gunicorn's error and access logs, through loguru like everything else."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.handlers = [InterceptHandler()]
            log.propagate = False


def _is_action(record) -> bool:
    return bool(record["extra"].get("user_action"))


def _not_action(record) -> bool:
    return not _is_action(record)


def _console_filter(settings: Settings):
    """User actions never go to the console; in local, neither does gunicorn's access log (elsewhere
    the console is the container's log, which keeps it)."""
    if settings.env != "local":
        return _not_action

    def local_console(record) -> bool:
        return _not_action(record) and record["name"] != ACCESS_LOGGER

    return local_console


def configure_logging(settings: Settings) -> None:
    """Idempotent: the factory may run more than once in tests."""
    global _configured
    if _configured:
        return
    logger.remove()
    logger.add(
        sys.stderr,
        level=settings.log_console_level,
        format=FORMAT,
        colorize=settings.env == "local",
        filter=_console_filter(settings),
    )
    log_dir = settings.log_dir / settings.env
    log_dir.mkdir(parents=True, exist_ok=True)
    common: dict[str, Any] = {"rotation": ROTATION, "enqueue": True, "encoding": "utf-8", "compression": "gz"}
    logger.add(
        log_dir / "app.log",
        level=settings.log_level,
        format=FORMAT,
        filter=_not_action,
        retention=RETENTION[settings.env],
        **common,
    )
    logger.add(
        log_dir / "errors.log",
        level="ERROR",
        backtrace=settings.env == "local",
        format=FORMAT,
        diagnose=False,
        retention=RETENTION[settings.env],
        **common,
    )  # diagnose would print local variables
    logger.add(
        log_dir / "actions.log",
        level="INFO",
        format=ACTIONS_FORMAT,
        filter=_is_action,
        retention=ACTIONS_RETENTION[settings.env],
        **common,
    )
    logging.basicConfig(handlers=[InterceptHandler()], level=logging.INFO, force=True)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    # Dash gives its logger a handler printing to stdout when it has none: its records would be printed
    # twice, once outside loguru. A NullHandler keeps Dash from adding it; records still reach the root.
    logging.getLogger("dash.dash").handlers = [logging.NullHandler()]
    _configured = True
    logger.info(
        "Logging configured for {} in {} (console {}, app.log {})",
        settings.env,
        log_dir,
        settings.log_console_level,
        settings.log_level,
    )
