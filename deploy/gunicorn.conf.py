"""gunicorn settings shared by every environment; APP_ENV and env vars tune them."""

import multiprocessing
import os
import shutil
import tempfile

# The app (and the demo dataset, and the log writer) is built once in the master;
# DuckDB connections open lazily in each worker after the fork.
preload_app = True
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 20
keepalive = 5
# Recycling bounds slow leaks; a cached callback costs ~1 ms, so 2,000 requests recycled each worker
# every few seconds under load (losing its cache and warm-up). Override with GUNICORN_MAX_REQUESTS.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 50_000))
max_requests_jitter = max_requests // 10
accesslog = "-" if os.environ.get("APP_ENV", "local") != "prod" else None
errorlog = "-"
# gunicorn's own logs go through loguru, like the app's (app/logging_setup.py).
logger_class = "app.logging_setup.GunicornLogger"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Several gunicorn instances may run on one machine (tests, environments side by side).
control_socket_disable = True

# Prometheus multiprocess mode: each worker writes its samples under this folder and /metrics sums
# them. It must be set before the app (and prometheus_client) is imported; a stale folder of an
# earlier run would add its counts, so the master starts with an empty one.
_OWN_METRICS_DIR = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _OWN_METRICS_DIR:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="mangetamain-metrics-")


def on_starting(server):
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder, exist_ok=True)


def on_exit(server):
    if _OWN_METRICS_DIR:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


LOG_FLUSH_TIMEOUT_S = 2.0


def worker_exit(server, worker):
    """Leave the worker without the interpreter's exit handlers, after closing what it owns.

    DuckDB tears its thread pool down from the interpreter's exit handlers; in a forked worker that
    aborted the process ("terminate called without an active exception", SIGABRT) or hung on
    joining the threads. The worker closes its connection (and removes its spill folder), hands its
    last log records over, and exits with the code it was leaving with.
    """
    import sys
    import threading

    from loguru import logger

    from app.repository import get_repository

    leaving = sys.exc_info()[1]  # called from gunicorn's `finally`: the SystemExit under way
    code = (
        leaving.code if isinstance(leaving, SystemExit) and isinstance(leaving.code, int) else int(leaving is not None)
    )
    try:
        get_repository().close()
    except Exception:
        worker.log.exception("closing DuckDB failed")
    # Records go through the master's queue: wait (briefly) for it to take them, unless the master is
    # gone, in which case nothing would ever take them and waiting would hang the orphaned worker.
    if os.getppid() == worker.ppid:
        flushing = threading.Thread(target=logger.complete, daemon=True)
        flushing.start()
        flushing.join(LOG_FLUSH_TIMEOUT_S)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def child_exit(server, worker):
    """A dead worker's live gauges leave /metrics; its counters and histograms stay summed."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


# What app.stats imports on first use (~2 s, app.stats.LAZY_MODULES): each worker loads it in a
# background thread a few seconds after it starts, so the first analysis does not wait for it and
# the first page (which does not need it) does not compete with it for the CPU.
WARM_IMPORTS_DELAY_S = float(os.environ.get("WARM_IMPORTS_DELAY_S", 5))


def post_worker_init(worker):
    """Finish Dash's setup in the fresh worker before it takes traffic.

    Dash runs ``Dash._setup_server`` (assets walk, script tags, moving the ``dash.callback``
    registrations into the app's callback map) lazily from a before-request hook that marks
    itself done before it has finished: concurrent first requests of a new worker could find an
    empty callback map and answer 500. One request through the test client runs it alone, and
    loads what the first page needs (the shell's aggregates, the layout, the callback list).
    """
    import threading
    import time

    started = time.perf_counter()
    try:
        with worker.wsgi.test_client() as client:
            for path in ("/", "/_dash-layout", "/_dash-dependencies"):
                status = client.get(path).status_code
                if status != 200:
                    worker.log.warning("warm-up: GET %s answered %s", path, status)
    except Exception:  # the worker still serves; its first requests will report the problem
        worker.log.exception("warm-up failed")
    worker.log.info("worker %s warmed up in %.2f s", worker.pid, time.perf_counter() - started)
    threading.Thread(target=_warm_imports, name="warm-imports", daemon=True).start()


def _warm_imports():
    import importlib
    import time

    from app.stats import LAZY_MODULES

    time.sleep(WARM_IMPORTS_DELAY_S)
    for name in LAZY_MODULES:
        importlib.import_module(name)
