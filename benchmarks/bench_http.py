"""Callback requests over keep-alive HTTP: sequential replay and concurrent throughput (loopback only)."""

from __future__ import annotations

import collections
import http.client
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from benchmarks.bench_stats import latency_summary, throughput_summary

REQUEST_TIMEOUT_S = 120.0
# A reused keep-alive connection may have been closed by the server (keepalive timeout, a
# worker recycled after max_requests): like a browser, send again once on a fresh connection.
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class Client:
    """One keep-alive connection to a loopback server; ``post`` returns (status, body bytes, ms)."""

    def __init__(self, base_url: str, timeout: float = REQUEST_TIMEOUT_S):
        parts = urlsplit(base_url)
        if parts.hostname not in ("127.0.0.1", "localhost"):
            raise ValueError(f"benchmark traffic stays on loopback, not {base_url}")
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.connection: http.client.HTTPConnection | None = None
        self.reconnects = 0

    def post(self, path: str, body: bytes) -> tuple[int, int, float]:
        for attempt in (0, 1):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            started = time.perf_counter()
            try:
                self.connection.request("POST", "/" + path, body=body, headers={"Content-Type": "application/json"})
                response = self.connection.getresponse()
                payload = response.read()
            except _STALE:
                self.close()
                if not reused or attempt:
                    raise
                self.reconnects += 1
                continue
            except BaseException:
                self.close()
                raise
            elapsed = 1000 * (time.perf_counter() - started)
            if response.will_close:
                self.close()
            return response.status, len(payload), elapsed
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def replay(client: Client, path: str, body: bytes, repeat: int, budget_s: float, minimum: int = 3) -> dict:
    """Send one request up to ``repeat`` times (at least ``minimum``, fewer once ``budget_s`` is spent)."""
    timings, statuses, size = [], collections.Counter(), 0
    spent_from = time.perf_counter()
    for i in range(repeat):
        if i >= minimum and time.perf_counter() - spent_from > budget_s:
            break
        status, size, elapsed = client.post(path, body)
        statuses[status] += 1
        timings.append(elapsed)
    return {
        **latency_summary(timings),
        "bytes": size,
        "statuses": dict(statuses),
        "errors": sum(n for s, n in statuses.items() if s != 200),
    }


def warm_up(base_url: str, requests: list[tuple[str, bytes]], clients: int) -> dict:
    """Send each request once, ``clients`` at a time, so the cache holds every answer."""
    local = threading.local()
    statuses: collections.Counter = collections.Counter()
    lock = threading.Lock()

    def send(request: tuple[str, bytes]) -> None:
        if not hasattr(local, "client"):
            local.client = Client(base_url)
        status, _, _ = local.client.post(*request)
        with lock:
            statuses[status] += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(send, requests))
    return {
        "requests": len(requests),
        "elapsed_s": time.perf_counter() - started,
        "statuses": {str(k): v for k, v in statuses.items()},
    }


def throughput(
    base_url: str, visits: list[list[tuple[str, bytes]]], clients: int, duration_s: float, seed: int = 0
) -> dict:
    """``clients`` threads, each replaying random page visits (a tab's requests in order) until the deadline.

    Requests in flight at the deadline complete (each bounded by the request timeout) and count.
    """
    latencies: list[float] = []
    statuses: collections.Counter = collections.Counter()
    exceptions: collections.Counter = collections.Counter()
    reconnects = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration_s

    def run(index: int) -> None:
        rng, client = random.Random(seed + index), Client(base_url)
        mine, my_statuses, my_exceptions = [], collections.Counter(), collections.Counter()
        while time.monotonic() < deadline:
            for path, body in rng.choice(visits):
                if time.monotonic() >= deadline:
                    break
                try:
                    status, _, elapsed = client.post(path, body)
                except Exception as exc:  # counted, and the client goes on with a new connection
                    my_exceptions[type(exc).__name__] += 1
                    continue
                my_statuses[status] += 1
                mine.append(elapsed)
        client.close()
        with lock:
            latencies.extend(mine)
            statuses.update(my_statuses)
            exceptions.update(my_exceptions)
            reconnects[0] += client.reconnects

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT_S + 10)
    elapsed = time.perf_counter() - started
    with lock:
        return {
            "clients": clients,
            "duration_s": duration_s,
            **throughput_summary(latencies, dict(statuses), dict(exceptions), elapsed, reconnects[0]),
        }
