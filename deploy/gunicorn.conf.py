"""gunicorn settings shared by every environment; APP_ENV and env vars tune them."""

import multiprocessing
import os

# The app (and the demo dataset, and the log writer) is built once in the master;
# DuckDB connections open lazily in each worker after the fork.
preload_app = True
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-" if os.environ.get("APP_ENV", "local") != "prod" else None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Several gunicorn instances may run on one machine (tests, environments side by side).
control_socket_disable = True
