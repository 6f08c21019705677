"""Pure helpers of the benchmark: filter variants, percentiles, summaries and tables (no I/O)."""

from __future__ import annotations

import json
import re
import statistics
from typing import Any, Iterable

# Filter variants as the filters store holds them: the canonical search string that the
# shell callback writes (app.filters.build_search), so replayed requests hit the same cache keys.
VARIANTS: dict[str, str] = {
    "none": "",
    "tag": "?tag=desserts",
    "tag_ingr": "?ingr=butter&tag=desserts",
    "nozero": "?zero=0",
    "empty": "?ingr=zzz&tag=desserts&tag=vegan&tag=main-dish",
}
FILTERS_STORE = "filters-store"
# Targets of issue 7: a callback's p95 uncached and cached.
UNCACHED_TARGET_MS = 100.0
CACHED_TARGET_MS = 10.0


def percentile(values: Iterable[float], share: float) -> float:
    """Nearest-rank percentile: the value at rank round(share * (n - 1)) of the sorted values."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("percentile of no values")
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def latency_summary(timings_ms: list[float]) -> dict[str, float]:
    return {"n": len(timings_ms), "median_ms": statistics.median(timings_ms),
            "p95_ms": percentile(timings_ms, 0.95), "max_ms": max(timings_ms)}


def with_filters(body: str, search: str) -> str:
    """A recorded callback request body with the filters store's value replaced by ``search``.

    The store may appear among the inputs or the states, directly or inside a list (wildcard
    inputs); bodies without it are returned unchanged (re-serialized).
    """
    request = json.loads(body)

    def substitute(items: Any) -> None:
        for item in items or []:
            if isinstance(item, list):
                substitute(item)
            elif isinstance(item, dict) and item.get("id") == FILTERS_STORE:
                item["value"] = search

    substitute(request.get("inputs"))
    substitute(request.get("state"))
    return json.dumps(request, separators=(",", ":"))


def short_output(output: str) -> str:
    """A readable label for a Dash output spec.

    ``..{"name":"trends-volume","type":"graph"}.figure...trends-volume-note.children..`` becomes
    ``trends-volume.figure +1``: the first output (a graph by its name), and how many more.
    """
    multi = output.startswith("..") and output.endswith("..")
    parts = output[2:-2].split("...") if multi else [output]
    first = re.sub(r"@[0-9a-f]{16,}$", "@", parts[0])  # Dash's suffix for duplicate outputs
    if first.startswith("{"):
        component, _, prop = first.rpartition("}.")
        try:
            key = json.loads(component + "}")
            component = str(key.get("name") or "|".join(str(v) for v in key.values()))
        except ValueError:
            pass
        first = f"{component}.{prop}"
    return first + (f" +{len(parts) - 1}" if len(parts) > 1 else "")


def tab_summary(rows: list[dict]) -> dict[str, Any]:
    """Worst p95 uncached/cached, callbacks over target, largest response, over replay rows.

    Each row has ``bytes`` and ``uncached``/``cached`` latency summaries (either may be None
    when that side was not measured).
    """
    uncached = [r["uncached"]["p95_ms"] for r in rows if r.get("uncached")]
    cached = [r["cached"]["p95_ms"] for r in rows if r.get("cached")]
    largest = max(rows, key=lambda r: r["bytes"], default=None)
    return {
        "callbacks": len(rows),
        "worst_uncached_p95_ms": max(uncached, default=None),
        "worst_cached_p95_ms": max(cached, default=None),
        "over_100ms_uncached": sum(p > UNCACHED_TARGET_MS for p in uncached),
        "over_10ms_cached": sum(p > CACHED_TARGET_MS for p in cached),
        "largest_bytes": largest["bytes"] if largest else 0,
        "largest_output": largest["label"] if largest else None,
        "errors": sum(r.get("errors", 0) for r in rows),
    }


def throughput_summary(latencies_ms: list[float], statuses: dict[int, int], exceptions: dict[str, int],
                       elapsed_s: float, reconnects: int = 0) -> dict[str, Any]:
    ok = statuses.get(200, 0)
    return {
        "requests": len(latencies_ms),
        "elapsed_s": elapsed_s,
        "req_per_s": len(latencies_ms) / elapsed_s if elapsed_s > 0 else 0.0,
        "p50_ms": percentile(latencies_ms, 0.50) if latencies_ms else None,
        "p95_ms": percentile(latencies_ms, 0.95) if latencies_ms else None,
        "p99_ms": percentile(latencies_ms, 0.99) if latencies_ms else None,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": sum(statuses.values()) - ok + sum(exceptions.values()),
        "exceptions": dict(exceptions),
        "reconnects": reconnects,
    }


def fmt(value: Any, spec: str = ".1f") -> str:
    if value is None:
        return "-"
    return format(value, spec) if isinstance(value, float) else str(value)


def table(headers: list[str], rows: list[list[Any]], first_width: int | None = None) -> str:
    """Rows as aligned text: the first column left-aligned, the others right-aligned."""
    cells = [[fmt(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    if first_width:
        widths[0] = first_width
    lines = []
    for row in [headers, *cells]:
        head = row[0][:widths[0]].ljust(widths[0])
        lines.append("  ".join([head, *(c.rjust(w) for c, w in zip(row[1:], widths[1:]))]))
    return "\n".join(lines)
