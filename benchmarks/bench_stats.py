"""Pure helpers of the benchmark: filter variants, percentiles, summaries and tables (no I/O)."""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Iterable
from typing import Any

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
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def latency_summary(timings_ms: list[float]) -> dict[str, float]:
    return {
        "n": len(timings_ms),
        "median_ms": statistics.median(timings_ms),
        "p95_ms": percentile(timings_ms, 0.95),
        "max_ms": max(timings_ms),
    }


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


def throughput_summary(
    latencies_ms: list[float],
    statuses: dict[int, int],
    exceptions: dict[str, int],
    elapsed_s: float,
    reconnects: int = 0,
) -> dict[str, Any]:
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
        head = row[0][: widths[0]].ljust(widths[0])
        lines.append("  ".join([head, *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))]))
    return "\n".join(lines)


# Issue 7's targets for the headline figures (None: no target, reported only).
TARGETS: dict[str, float | None] = {
    "cold_start_s": 2.0,
    "worst_render_fresh_ms": 1500.0,
    "worst_render_cached_ms": 1500.0,
    "worst_filter_change_ms": 1000.0,
    "worst_uncached_p95_ms": UNCACHED_TARGET_MS,
    "worst_cached_p95_ms": CACHED_TARGET_MS,
    "callbacks_over_100ms_uncached": 0,
    "callbacks_over_10ms_cached": 0,
    "largest_response_kb": 250.0,
    "cached_req_per_s": 300.0,
    "throughput_errors": 0,
    "max_worker_rss_mb": 300.0,
    "max_worker_pss_mb": 300.0,
    "max_worker_peak_rss_mb": None,
}


def headline(results: dict) -> dict[str, float | int | None]:
    """The run's worst figures, one per target (None when the part did not run)."""
    tabs = list(results.get("tabs", {}).values())
    overall = [t["summary"]["all"] for t in tabs if "summary" in t]
    changes = [c["ms"] for t in tabs for c in t.get("filter_change", {}).values()]
    workers = [w for snapshot in results.get("memory", {}).values() for w in snapshot]
    cached = results.get("throughput", {}).get("cached")

    def worst(values: list, key: str | None = None) -> float | None:
        values = [v[key] if key else v for v in values]
        values = [v for v in values if v is not None]
        return max(values) if values else None

    return {
        "cold_start_s": results.get("cold_start_s"),
        "worst_render_fresh_ms": worst(tabs, "render_fresh_ms"),
        "worst_render_cached_ms": worst(tabs, "render_cached_ms"),
        "worst_filter_change_ms": worst(changes),
        "worst_uncached_p95_ms": worst(overall, "worst_uncached_p95_ms"),
        "worst_cached_p95_ms": worst(overall, "worst_cached_p95_ms"),
        "callbacks_over_100ms_uncached": sum(s["over_100ms_uncached"] for s in overall) if overall else None,
        "callbacks_over_10ms_cached": sum(s["over_10ms_cached"] for s in overall) if overall else None,
        "largest_response_kb": worst(overall, "largest_bytes") / 1024 if overall else None,
        "cached_req_per_s": cached["req_per_s"] if cached else None,
        "throughput_errors": cached["errors"] if cached else None,
        "max_worker_rss_mb": worst(workers, "rss_mb"),
        "max_worker_pss_mb": worst(workers, "pss_mb"),
        "max_worker_peak_rss_mb": worst(workers, "peak_rss_mb"),
    }


def headline_table(figures: dict[str, float | int | None]) -> str:
    """Each headline figure next to its target; "!" marks a missed target."""
    rows = []
    for name, value in figures.items():
        target = TARGETS.get(name)
        more_is_better = name == "cached_req_per_s"
        missed = value is not None and target is not None and (value < target if more_is_better else value > target)
        rows.append(
            [
                name,
                value,
                ("≥ " if more_is_better else "≤ ") + fmt(target) if target is not None else "-",
                "!" if missed else "",
            ]
        )
    return table(["figure", "value", "target", ""], rows)
