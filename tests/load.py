"""Clients that load a running app with real callback requests, for the fault suite and the soak.

The requests are the app's own chart callbacks (from ``/_dash-dependencies``) that depend only on
the shell's stores (filters, language, theme), with a rotating set of filter views so some are
cached and some computed.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import callbacks.common  # noqa: F401  (registers the error texts)
from app.i18n import LANGUAGES, t
from app.repository import DATASET_REMOVED_MESSAGE, NO_DATASET_MESSAGE, STORAGE_DOWN_MESSAGE

STORE_VALUES: dict[str, list[Any]] = {
    "filters-store": [
        "",
        "?zero=0",
        "?min=0-30",
        "?tag=easy",
        "?sy=2003-2009",
        "?iy=2010-2018&zero=0",
        "?min=30-120&tag=easy",
    ],
    "language-store": ["en", "fr"],
    "theme-store": ["dark", "light"],
}


def _component(spec: str) -> dict[str, Any]:
    component, prop = spec.rsplit(".", 1)
    return {"id": json.loads(component) if component.startswith("{") else component, "property": prop}


def callback_bodies(base_url: str) -> list[dict[str, Any]]:
    """One request body per (store-driven callback, filter view, language)."""
    with urllib.request.urlopen(f"{base_url}/_dash-dependencies", timeout=30) as response:
        dependencies = json.load(response)
    bodies = []
    for callback in dependencies:
        wired = callback["inputs"] + callback["state"]
        if not wired or any(item["id"] not in STORE_VALUES for item in wired):
            continue
        output = callback["output"]
        parts = output[2:-2].split("...") if output.startswith("..") else [output]
        outputs = [_component(part) for part in parts]
        for variant in range(len(STORE_VALUES["filters-store"]) * 2):

            def value(item: dict[str, Any], variant: int = variant) -> Any:
                values = STORE_VALUES[item["id"]]
                return (
                    values[variant % len(values)]
                    if item["id"] == "filters-store"
                    else values[variant // 7 % len(values)]
                )

            bodies.append(
                {
                    "output": output,
                    "outputs": outputs if len(outputs) > 1 else outputs[0],
                    "inputs": [{**item, "value": value(item)} for item in callback["inputs"]],
                    "state": [{**item, "value": value(item)} for item in callback["state"]],
                    "changedPropIds": [],
                }
            )
    return bodies


@dataclass
class LoadResult:
    statuses: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)  # time.monotonic() each request was sent at
    failed_flags: list[bool] = field(default_factory=list)  # per request, in order
    failures: list[str] = field(default_factory=list)  # what each failed request answered
    leaks: list[str] = field(default_factory=list)  # answers holding a forbidden text (secret, path)

    @property
    def sent(self) -> int:
        return len(self.statuses)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def failed_sent_after(self, moment: float) -> tuple[int, int]:
        """(requests sent after ``moment`` (monotonic), how many of them failed)."""
        after = [failed for sent, failed in zip(self.starts, self.failed_flags, strict=True) if sent >= moment]
        return len(after), sum(after)

    def p95(self) -> float:
        ordered = sorted(self.latencies)
        return ordered[int(0.95 * (len(ordered) - 1))] if ordered else float("nan")


def answer(
    url: str, data: bytes | None = None, content_type: str = "application/json", timeout: float = 60
) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET (or a POST of ``data``), error answers included."""
    request = urllib.request.Request(
        url, data=data, method="POST" if data is not None else "GET", headers={"Content-Type": content_type}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def post(url: str, body: dict[str, Any], timeout: float = 60) -> tuple[int, bytes]:
    status, _, content = answer(url, json.dumps(body).encode(), timeout=timeout)
    return status, content


# What the app shows instead of a chart when it cannot compute it (messages as JSON-encoded in answers).
# Answers may escape non-ASCII characters or not: both forms are looked for.
_ERROR_MARKERS = (
    *tuple(
        {
            json.dumps(message, ensure_ascii=ascii)[1:-1].encode()
            for message in (
                NO_DATASET_MESSAGE,
                DATASET_REMOVED_MESSAGE,
                STORAGE_DOWN_MESSAGE,
                *(t(key, language) for key in ("input.unexpected", "input.invalid") for language in LANGUAGES),
            )
            for ascii in (True, False)
        }
    ),
    b'"color":"danger"',
)


def is_error_answer(status: int, body: bytes) -> bool:
    """A failure a user would see: an HTTP error, or a chart replaced by an error message."""
    return status >= 400 or any(marker in body for marker in _ERROR_MARKERS)


class LoadClients:
    """``clients`` threads posting ``bodies`` in turn to ``base_url`` until stopped."""

    def __init__(
        self, base_url: str, bodies: list[dict[str, Any]], clients: int = 8, forbidden: tuple[str, ...] = ()
    ) -> None:
        self.url = f"{base_url}/_dash-update-component"
        self.bodies = bodies
        self.forbidden = tuple(text.encode() for text in forbidden)
        self.result = LoadResult()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(clients)]

    def _run(self, offset: int) -> None:
        index = offset * 7
        while not self._stop.is_set():
            body = self.bodies[index % len(self.bodies)]
            index += 1
            started, sent_at = time.perf_counter(), time.monotonic()
            try:
                status, answer = post(self.url, body)
            except (OSError, http.client.HTTPException) as exc:  # refused, reset, or cut mid-answer: failed too
                status, answer = 599, repr(exc).encode()
            elapsed = time.perf_counter() - started
            with self._lock:
                self.result.statuses.append(status)
                self.result.latencies.append(elapsed)
                self.result.starts.append(sent_at)
                failed = is_error_answer(status, answer)
                self.result.leaks += [f"{text!r} in {answer[:300]!r}" for text in self.forbidden if text in answer]
                self.result.failed_flags.append(failed)
                if failed:
                    self.result.failures.append(f"{status} {body['output'][:60]}: {answer[:300]!r}")

    def __enter__(self) -> LoadClients:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=90)
