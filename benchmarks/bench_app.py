"""Benchmark the served app on a published dataset: cold start, tabs, filters, callbacks, throughput, memory.

    uv run python benchmarks/bench_app.py --data /path/to/published [--tabs overview,trends] [--repeat 10]
        [--variants none,tag,tag_ingr,nozero,empty] [--duration 60] [--skip throughput,...] [--out FILE]

Servers run on loopback, with APP_ENV=prod: "prod" is gunicorn as `serve` runs it in production
(deploy/gunicorn.conf.py's default workers and threads, max_requests recycling) with a Redis cache;
the replay servers have one worker that is never recycled, one with CACHE_TYPE=NullCache (every
request runs its SQL) and one with the Redis cache. Parts (each can be skipped with --skip):

cold        (d) launching the prod server to a fully drawn Overview in a new Chromium session.
tabs        each tab opened in a new session on an emptied cache (Redis flushed), then on a warm one:
            ms to fully drawn; the callback requests the page made are recorded for the parts below.
            Always run (the other parts replay its recordings); "filters" adds:
filters     (b) on the fresh-cache session, each filter variant in turn is applied by changing the URL
            without a reload (the shell callback sets the widgets and the filters store, as a click
            on a filter does): ms from the change to every chart of the tab redrawn.
replay      (a) every recorded request, with the filters store set to each variant, sent --repeat times
            to the uncached replay server (fewer once --budget seconds are spent, at least 3) and to the
            cached one after one fill: median/p95 per callback, response size, per-tab summary.
throughput  (c) --clients keep-alive clients replay random page visits (a tab's recorded requests with
            one filter variant) against the prod server for --duration s after a warm-up pass:
            req/s, p50/p95/p99, errors. --uncached-throughput repeats it on a prod-like server without cache.
memory      (e) RSS, PSS (smaps_rollup) and peak RSS (VmHWM) of each worker: prod after the tabs and at
            the end (a recycled worker shows a small age), the replay servers after the replay.

Prints compact tables and writes everything as JSON to --out (default benchmarks/results/<time>-<data>.json),
with the load average at start and end, the CPU count, the git commit and the dataset's row counts.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import bench_browser, bench_http, bench_system
from benchmarks.bench_stats import (
    VARIANTS,
    fmt,
    headline,
    headline_table,
    short_output,
    tab_summary,
    table,
    with_filters,
)
from tests import services

TABS = ("overview", "trends", "seasons", "weekdays", "ratings", "users", "recipes", "explorer")
PARTS = ("cold", "filters", "replay", "throughput", "memory")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__
    )
    parser.add_argument("--data", required=True, help="published dataset (folder or s3:// URI)")
    parser.add_argument("--tabs", default=",".join(TABS), help="comma-separated tabs (default: all)")
    parser.add_argument(
        "--variants",
        default=",".join(VARIANTS),
        help=f"comma-separated filter variants among {', '.join(VARIANTS)} (default: all)",
    )
    parser.add_argument("--repeat", type=int, default=10, help="samples per callback and variant (default 10)")
    parser.add_argument(
        "--budget", type=float, default=1.0, help="seconds after which an uncached callback stops repeating (default 1)"
    )
    parser.add_argument("--duration", type=float, default=60.0, help="throughput duration in seconds (default 60)")
    parser.add_argument("--clients", type=int, default=16, help="concurrent throughput clients (default 16)")
    parser.add_argument("--uncached-throughput", action="store_true", help="also measure throughput without cache")
    parser.add_argument("--skip", default="", help=f"comma-separated parts to skip among {', '.join(PARTS)}")
    parser.add_argument("--out", help="JSON file (default benchmarks/results/<time>-<data name>.json)")
    args = parser.parse_args(argv)
    args.tabs = _choices(parser, "--tabs", args.tabs, TABS)
    args.variants = _choices(parser, "--variants", args.variants, tuple(VARIANTS))
    args.skip = set(_choices(parser, "--skip", args.skip, PARTS)) if args.skip else set()
    if not 1 <= args.clients <= 64 or args.duration <= 0 or args.repeat < 1:
        parser.error("need 1 <= --clients <= 64, --duration > 0 and --repeat >= 1")
    if args.out is None:
        name = args.data.rstrip("/").rsplit("/", 1)[-1] or "data"
        args.out = str(bench_system.PROJECT_ROOT / "benchmarks" / "results" / f"{bench_system.timestamp()}-{name}.json")
    return args


def _choices(parser: argparse.ArgumentParser, option: str, text: str, allowed: tuple[str, ...]) -> list[str]:
    chosen = [item.strip() for item in text.split(",") if item.strip()]
    unknown = [item for item in chosen if item not in allowed]
    if unknown or not chosen:
        parser.error(f"{option}: unknown or missing {unknown}; choose among {', '.join(allowed)}")
    return chosen


def log(text: str = "") -> None:
    print(text, flush=True)


@contextmanager
def server(env: dict[str, str], workers: int, name: str, log_dir: Path):
    log(f"starting the {name} server ({workers} worker(s))…")
    with services.gunicorn_server(env, workers=workers, log_path=log_dir / f"gunicorn-{name}.log") as url:
        yield url


def flush_redis(redis_url: str) -> None:
    import redis

    redis.Redis.from_url(redis_url).flushall()


def unique_requests(requests: list[dict]) -> list[dict]:
    """Recorded requests without repeats (same path and body), with how many times the page sent each,
    and a label unique in the tab (" #2" for a second request to the same outputs)."""
    seen: dict[tuple[str, str], dict] = {}
    labels: dict[str, int] = {}
    for request in requests:
        key = (request["path"], request["body"])
        if key in seen:
            seen[key]["sent"] += 1
            continue
        label = short_output(request["output"])
        labels[label] = labels.get(label, 0) + 1
        seen[key] = {**request, "label": label + (f" #{labels[label]}" if labels[label] > 1 else ""), "sent": 1}
    return list(seen.values())


def measure_tabs(browser, url: str, args: argparse.Namespace, redis_url: str) -> dict[str, dict]:
    """Per tab: fresh-cache render and its requests, filter changes (b), warm-cache render."""
    tabs = {}
    for tab in args.tabs:
        flush_redis(redis_url)
        entry = tabs[tab] = {
            "render_fresh_ms": None,
            "render_cached_ms": None,
            "requests_sent": 0,
            "requests": [],
            "filter_change": {},
            "browser_errors": [],
        }
        try:
            with tab_session(browser, url, tab, entry) as session:
                entry["render_fresh_ms"] = session.open()
                entry["requests_sent"] = len(session.requests)
                entry["requests"] = unique_requests(session.requests)
                if "filters" not in args.skip:
                    for variant in (v for v in args.variants if VARIANTS[v]):
                        entry["filter_change"][variant] = session.change_filters(VARIANTS[variant])
            with tab_session(browser, url, tab, entry) as session:
                entry["render_cached_ms"] = session.open()
        except Exception as exc:  # a tab that never settles is reported; the other tabs go on
            entry["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
            log(f"  {tab:<9} FAILED: {entry['error']}")
            continue
        log(
            f"  {tab:<9} drawn in {entry['render_fresh_ms']:7.0f} ms fresh, "
            f"{entry['render_cached_ms']:6.0f} ms cached, {entry['requests_sent']:2d} requests; "
            + "  ".join(f"{v} {c['ms']:.0f} ms" for v, c in entry["filter_change"].items())
        )
    return tabs


@contextmanager
def tab_session(browser, url: str, tab: str, entry: dict):
    """A new browser session on the tab; the callback errors it saw are added to ``entry``."""
    session = bench_browser.TabSession(browser, url, tab)
    try:
        yield session
    finally:
        entry["browser_errors"] += session.errors
        session.close()


def replay_tabs(tabs: dict[str, dict], args: argparse.Namespace, uncached_url: str, cached_url: str) -> None:
    """(a): adds ``callbacks`` rows and a ``summary`` per variant (and ``all``) to each tab."""
    uncached, cached = bench_http.Client(uncached_url), bench_http.Client(cached_url)
    for tab, entry in tabs.items():
        rows = []
        for variant in args.variants:
            for request in entry["requests"]:
                body = with_filters(request["body"], VARIANTS[variant]).encode()
                cold = bench_http.replay(uncached, request["path"], body, args.repeat, args.budget)
                cached.post(request["path"], body)  # fill the cache
                warm = bench_http.replay(cached, request["path"], body, args.repeat, math.inf)
                rows.append(
                    {
                        "label": request["label"],
                        "output": request["output"],
                        "variant": variant,
                        "bytes": max(cold.pop("bytes"), warm.pop("bytes")),
                        "uncached": cold,
                        "cached": warm,
                        "errors": cold["errors"] + warm["errors"],
                    }
                )
        entry["callbacks"] = rows
        entry["summary"] = {
            variant: tab_summary([r for r in rows if r["variant"] == variant]) for variant in args.variants
        }
        entry["summary"]["all"] = tab_summary(rows)
        print_tab(tab, entry, args.variants)
    uncached.close()
    cached.close()


def print_tab(tab: str, entry: dict, variants: list[str]) -> None:
    """One line per callback: response KB and p95 uncached/cached (ms) under each filter variant."""
    by_label: dict[str, dict[str, dict]] = {}
    for row in entry["callbacks"]:
        by_label.setdefault(row["label"], {})[row["variant"]] = row
    ordered = sorted(by_label.items(), key=lambda item: -max(r["uncached"]["p95_ms"] for r in item[1].values()))
    lines = [
        [
            label,
            max(r["bytes"] for r in rows.values()) / 1024,
            *(
                f"{rows[v]['uncached']['p95_ms']:.0f}/{rows[v]['cached']['p95_ms']:.1f}" if v in rows else "-"
                for v in variants
            ),
        ]
        for label, rows in ordered
    ]
    log(f"\n== {tab}: p95 ms uncached/cached per filter variant")
    log(table(["callback", "KB", *variants], lines, first_width=44))


def print_summary(tabs: dict[str, dict], variants: list[str]) -> None:
    lines = []
    for tab, entry in tabs.items():
        for variant in [*variants, "all"]:
            summary = entry.get("summary", {}).get(variant)
            change = entry["filter_change"].get(variant, {}).get("ms")
            if summary is None and change is None:
                continue
            summary = summary or {}
            largest = summary.get("largest_bytes")
            lines.append(
                [
                    f"{tab} {variant}",
                    summary.get("callbacks"),
                    summary.get("worst_uncached_p95_ms"),
                    summary.get("worst_cached_p95_ms"),
                    summary.get("over_100ms_uncached"),
                    summary.get("over_10ms_cached"),
                    largest / 1024 if largest is not None else None,
                    summary.get("errors"),
                    change,
                ]
            )
    log("\n== per tab and filter variant (p95 ms; filter change = ms to every chart redrawn, fresh cache)")
    log(table(["tab variant", "n", "unc.p95", "c.p95", ">100ms", ">10ms", "max KB", "errors", "filter chg"], lines))


def print_throughput(name: str, result: dict) -> None:
    log(
        f"throughput {name}: {result['req_per_s']:.1f} req/s over {result['elapsed_s']:.1f} s, "
        f"{result['requests']} requests, p50 {fmt(result['p50_ms'])} p95 {fmt(result['p95_ms'])} "
        f"p99 {fmt(result['p99_ms'])} ms, errors {result['errors']} {result['statuses']} {result['exceptions']}, "
        f"reconnects {result['reconnects']}"
    )


def visits(tabs: dict[str, dict], variants: list[str]) -> list[list[tuple[str, bytes]]]:
    """Every page visit of the mix: one tab's recorded requests (as sent) under one filter variant."""
    return [
        [
            (r["path"], with_filters(r["body"], VARIANTS[v]).encode())
            for r in entry["requests"]
            for _ in range(r["sent"])
        ]
        for entry in tabs.values()
        for v in variants
    ]


def memory(results: dict, key: str, url: str, args: argparse.Namespace) -> None:
    if "memory" in args.skip:
        return
    workers = bench_system.workers_memory(url)
    results.setdefault("memory", {})[key] = workers
    log(
        f"worker memory {key}: "
        + ", ".join(
            f"pid {w['pid']} RSS {w['rss_mb']:.0f} PSS {w['pss_mb']:.0f} peak {w['peak_rss_mb']:.0f} MB "
            f"(age {w['age_s']:.0f} s)"
            for w in workers
        )
    )


@contextmanager
def part(results: dict, name: str, args: argparse.Namespace):
    """Run a part unless skipped; its wall time goes to ``part_seconds``."""
    started = time.perf_counter()
    yield name not in args.skip
    results.setdefault("part_seconds", {})[name] = round(time.perf_counter() - started, 1)


def run(args: argparse.Namespace) -> dict:
    from playwright.sync_api import sync_playwright

    started = time.time()
    defaults = bench_system.gunicorn_defaults()
    results: dict = {
        "started_at": bench_system.timestamp(),
        "data": args.data,
        "dataset": bench_system.dataset_manifest(args.data),
        "machine_start": bench_system.machine(),
        "git": bench_system.git_state(),
        "options": {k: sorted(v) if isinstance(v, set) else v for k, v in vars(args).items()},
        "servers": {
            "prod": {**defaults, "cache": "redis"},
            "replay_uncached": {"workers": 1, "threads": defaults["threads"], "cache": "NullCache"},
            "replay_cached": {"workers": 1, "threads": defaults["threads"], "cache": "redis"},
        },
    }
    log(
        f"{args.data}: {results['dataset']['row_counts']}; load average {results['machine_start']['loadavg']}, "
        f"{results['machine_start']['cpus']} CPUs; prod server {defaults['workers']} workers "
        f"× {defaults['threads']} threads"
    )
    log_dir = Path("/tmp/mangetamain-bench-logs")
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {"DATA_URI": args.data, "APP_ENV": "prod", "LOG_DIR": str(log_dir), "LOG_LEVEL": "WARNING"}
    # The replay servers never recycle their worker (prod's max_requests would restart it mid-measure).
    steady = {**env, "GUNICORN_CMD_ARGS": "--max-requests 0"}
    with ExitStack() as stack:
        redis_url = stack.enter_context(services.redis_server())
        playwright = stack.enter_context(sync_playwright())
        browser = bench_browser.launch(playwright)
        launched = time.time()
        prod_env = {**env, "CACHE_REDIS_URL": redis_url}
        prod_url = stack.enter_context(server(prod_env, defaults["workers"], "prod", log_dir))
        with part(results, "cold", args) as wanted:
            if wanted:
                results["cold_start_s"] = bench_browser.time_to_overview(browser, prod_url, launched)
                log(f"(d) server start to a fully drawn Overview: {results['cold_start_s']:.2f} s")
        with part(results, "tabs", args):
            log(
                "tabs in a new session (fresh, then warm cache)"
                + ("" if "filters" in args.skip else " and (b) filter changes on the fresh cache:")
            )
            tabs = results["tabs"] = measure_tabs(browser, prod_url, args, redis_url)
        browser.close()
        memory(results, "prod_after_tabs", prod_url, args)
        with part(results, "replay", args) as wanted:
            if wanted:
                with (
                    server({**steady, "CACHE_TYPE": "NullCache"}, 1, "replay-uncached", log_dir) as uncached_url,
                    server({**steady, "CACHE_REDIS_URL": redis_url}, 1, "replay-cached", log_dir) as cached_url,
                ):
                    log(
                        f"(a) replaying {sum(len(t['requests']) for t in tabs.values())} requests × "
                        f"{len(args.variants)} variants, uncached and cached…"
                    )
                    replay_tabs(tabs, args, uncached_url, cached_url)
                    memory(results, "replay_uncached", uncached_url, args)
                    memory(results, "replay_cached", cached_url, args)
        print_summary(tabs, args.variants)
        mix = visits(tabs, args.variants)
        with part(results, "throughput", args) as wanted:
            if wanted:
                distinct = list(dict.fromkeys(request for visit in mix for request in visit))
                results["warm_up"] = bench_http.warm_up(prod_url, distinct, args.clients)
                log(
                    f"(c) warm-up: {len(distinct)} distinct requests in {results['warm_up']['elapsed_s']:.1f} s; "
                    f"{args.clients} clients for {args.duration:.0f} s…"
                )
                results["throughput"] = {"cached": bench_http.throughput(prod_url, mix, args.clients, args.duration)}
                print_throughput("cached (Redis)", results["throughput"]["cached"])
        memory(results, "prod_end", prod_url, args)
    with part(results, "throughput-uncached", args) as wanted:
        if wanted and args.uncached_throughput and "throughput" not in args.skip:
            with server({**env, "CACHE_TYPE": "NullCache"}, defaults["workers"], "prod-uncached", log_dir) as url:
                results["throughput"]["uncached"] = bench_http.throughput(url, mix, args.clients, args.duration)
                print_throughput("uncached", results["throughput"]["uncached"])
                memory(results, "prod_uncached_end", url, args)
    for entry in results["tabs"].values():  # the bodies stay out of the JSON
        entry["requests"] = [{k: r[k] for k in ("label", "output", "sent")} for r in entry["requests"]]
    results["machine_end"] = bench_system.machine()
    results["runtime_s"] = time.time() - started
    return results


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args)
    results["headline"] = headline(results)
    log("\n== headline (worst of the run) against issue 7's targets")
    log(headline_table(results["headline"]))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    log(
        f"\nload average at start {results['machine_start']['loadavg']}, at end {results['machine_end']['loadavg']}; "
        f"runtime {results['runtime_s']:.0f} s; written to {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
