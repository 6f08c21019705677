"""Benchmark the served app on a published dataset: first render, every callback, memory.

    uv run python benchmarks/bench_app.py --data /path/to/published [--tabs overview,trends] [--repeat 20]

1. Starts two gunicorn servers (1 worker each) on the dataset: one without cache
   (CACHE_TYPE=NullCache: every request runs its SQL) and one with the default cache.
2. Opens each tab in headless Chromium on a fresh browser session, measures the time until
   every chart has drawn, and records each callback request the page made.
3. Replays every recorded callback request ``--repeat`` times against both servers:
   uncached and cached latency (median, p95) and response size.
4. Reports the peak RSS (VmHWM) of each gunicorn worker.
Prints a table per tab and writes the raw figures as JSON (``--json``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import services  # noqa: E402
from tests.browser.helpers import wait_for_charts  # noqa: E402

TABS = ("overview", "trends", "seasons", "weekdays", "ratings", "users", "recipes", "explorer")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def worker_peak_rss_mb(server_url: str) -> list[float]:
    """VmHWM of the gunicorn workers listening for ``server_url`` (children of its master)."""
    port = server_url.rsplit(":", 1)[1]
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            cmdline = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            text = status.read_text()
        except OSError:
            continue
        if "gunicorn" in cmdline and f":{port}" in cmdline:
            fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
            if "gunicorn" in Path(f"/proc/{fields['PPid'].strip()}/cmdline").read_text():
                peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return peaks


def record_tab(browser, base_url: str, tab: str) -> tuple[float, list[dict]]:
    """Open a tab in a fresh context; return (seconds to all charts drawn, callback requests)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    requests: list[dict] = []
    page.on("request", lambda r: requests.append({
        "path": r.url.split("/", 3)[3], "body": r.post_data, "output": json.loads(r.post_data)["output"],
    }) if "/_dash-update-component" in r.url else None)
    started = time.perf_counter()
    page.goto(f"{base_url}/?tab={tab}")
    page.wait_for_selector("#tab-content > *", timeout=120_000)
    # Fully rendered: nothing is loading and every chart drew traces or its empty-state message.
    page.wait_for_function("""() => {
        if (document.querySelector('[data-dash-is-loading="true"]')) { return false; }
        return Array.from(document.querySelectorAll('.js-plotly-plot')).every(el => el.data && (el.data.length > 0
            || (el.layout && el.layout.annotations && el.layout.annotations.length > 0)));
    }""", timeout=120_000)
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed, requests


def time_to_first_render(browser, env: dict[str, str]) -> float:
    """Seconds from launching gunicorn to a fully drawn Overview in a fresh browser session."""
    started = time.perf_counter()
    with services.gunicorn_server(env, workers=2) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(f"{url}/")
        wait_for_charts(page, 3)
        page.wait_for_function("document.querySelector('#kpi-recipes .kpi-value') !== null")
        elapsed = time.perf_counter() - started
        context.close()
    return elapsed


def replay(base_url: str, path: str, body: str, repeat: int) -> tuple[list[float], int]:
    timings, size = [], 0
    for _ in range(repeat):
        request = urllib.request.Request(f"{base_url}/{path}", data=body.encode(),
                                         headers={"Content-Type": "application/json"})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:
            payload = response.read()
        timings.append(1000 * (time.perf_counter() - started))
        size = len(payload)
    return timings, size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="published dataset (folder or s3:// URI)")
    parser.add_argument("--tabs", default=",".join(TABS))
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", help="write raw figures to this file")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    env = {"DATA_URI": args.data, "APP_ENV": "prod", "LOG_DIR": "/tmp/mangetamain-bench-logs", "LOG_LEVEL": "WARNING"}
    results: dict = {"data": args.data, "tabs": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=services.CHROMIUM, args=CHROMIUM_ARGS)
        results["server_start_to_overview_s"] = time_to_first_render(browser, env)
        browser.close()
    print(f"server start to fully rendered Overview: {results['server_start_to_overview_s']:.2f} s")
    with services.gunicorn_server({**env, "CACHE_TYPE": "NullCache"}, workers=1) as uncached_url, \
            services.gunicorn_server(env, workers=1) as cached_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=services.CHROMIUM, args=CHROMIUM_ARGS)
        for tab in args.tabs.split(","):
            cold_s, requests = record_tab(browser, uncached_url, tab)
            warm_s, _ = record_tab(browser, cached_url, tab)
            rows = []
            for request in requests:
                uncached, size = replay(uncached_url, request["path"], request["body"], args.repeat)
                replay(cached_url, request["path"], request["body"], 1)  # fill the cache
                cached, _ = replay(cached_url, request["path"], request["body"], args.repeat)
                rows.append({"output": request["output"][:90], "bytes": size,
                             "uncached_median_ms": statistics.median(uncached), "uncached_p95_ms": percentile(uncached, .95),
                             "cached_median_ms": statistics.median(cached), "cached_p95_ms": percentile(cached, .95)})
            results["tabs"][tab] = {"render_uncached_s": cold_s, "render_cached_s": warm_s, "callbacks": rows}
            print(f"\n== {tab}: fully rendered in {cold_s:.2f} s (no cache), {warm_s:.2f} s (cache)")
            print(f"{'callback output':<92}{'KB':>7}{'unc.med':>9}{'unc.p95':>9}{'c.med':>8}{'c.p95':>8}")
            for row in sorted(rows, key=lambda r: -r["uncached_p95_ms"]):
                print(f"{row['output']:<92}{row['bytes'] / 1024:>7.1f}{row['uncached_median_ms']:>9.1f}"
                      f"{row['uncached_p95_ms']:>9.1f}{row['cached_median_ms']:>8.1f}{row['cached_p95_ms']:>8.1f}")
        browser.close()
        results["worker_peak_rss_mb"] = {"uncached": worker_peak_rss_mb(uncached_url),
                                         "cached": worker_peak_rss_mb(cached_url)}
    print(f"\nworker peak RSS (MB): {results['worker_peak_rss_mb']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
