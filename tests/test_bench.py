"""The benchmark's pure helpers: percentiles, summaries, filter substitution, labels (no timing)."""

from __future__ import annotations

import json

import pytest

from app.filters import Filters, build_search, parse_search
from benchmarks.bench_app import unique_requests, visits
from benchmarks.bench_browser import tab_search
from benchmarks.bench_stats import (
    VARIANTS,
    headline,
    headline_table,
    latency_summary,
    percentile,
    short_output,
    tab_summary,
    table,
    throughput_summary,
    with_filters,
)


def test_percentile_is_nearest_rank():
    assert percentile([5, 1, 3, 2, 4], 0.5) == 3
    assert percentile(range(1, 21), 0.95) == 19  # rank round(0.95 * 19) = 18, zero-based
    assert percentile(range(1, 21), 0.99) == 20
    assert percentile([1, 2, 3, 4, 5], 0.95) == 5  # five samples: the maximum
    assert percentile([1, 2, 3, 4, 5, 6], 0.5) == 3  # round(2.5) = 2: half to even
    assert percentile([7.5], 0.95) == 7.5
    with pytest.raises(ValueError):
        percentile([], 0.5)


def test_latency_summary():
    assert latency_summary([4.0, 1.0, 3.0, 2.0]) == {"n": 4, "median_ms": 2.5, "p95_ms": 4.0, "max_ms": 4.0}


def _row(label, variant, bytes_, uncached_p95, cached_p95, errors=0):
    return {
        "label": label,
        "variant": variant,
        "bytes": bytes_,
        "errors": errors,
        "uncached": {"p95_ms": uncached_p95},
        "cached": {"p95_ms": cached_p95},
    }


def test_tab_summary_counts_callbacks_over_the_targets():
    rows = [
        _row("a.figure", "none", 2048, 150.0, 12.0),
        _row("b.children", "none", 300_000, 100.0, 10.0),  # at the target is not over it
        _row("c.figure", "tag", 512, 20.5, 1.5, errors=2),
    ]
    assert tab_summary(rows) == {
        "callbacks": 3,
        "worst_uncached_p95_ms": 150.0,
        "worst_cached_p95_ms": 12.0,
        "over_100ms_uncached": 1,
        "over_10ms_cached": 1,
        "largest_bytes": 300_000,
        "largest_output": "b.children",
        "errors": 2,
    }
    assert tab_summary([]) == {
        "callbacks": 0,
        "worst_uncached_p95_ms": None,
        "worst_cached_p95_ms": None,
        "over_100ms_uncached": 0,
        "over_10ms_cached": 0,
        "largest_bytes": 0,
        "largest_output": None,
        "errors": 0,
    }


def test_throughput_summary():
    summary = throughput_summary(
        [float(ms) for ms in range(1, 101)], {200: 97, 500: 3}, {"TimeoutError": 1}, elapsed_s=4.0, reconnects=2
    )
    assert summary == {
        "requests": 100,
        "elapsed_s": 4.0,
        "req_per_s": 25.0,
        "p50_ms": 51.0,
        "p95_ms": 95.0,
        "p99_ms": 99.0,
        "statuses": {"200": 97, "500": 3},
        "errors": 4,
        "exceptions": {"TimeoutError": 1},
        "reconnects": 2,
    }


BODY = json.dumps(
    {
        "output": '..{"name":"trends-volume","type":"graph"}.figure...trends-volume-note.children..',
        "outputs": [{"id": {"name": "trends-volume", "type": "graph"}, "property": "figure"}],
        "inputs": [
            {"id": "filters-store", "property": "data", "value": ""},
            [{"id": {"name": "x", "type": "graph"}, "property": "id", "value": 1}],
            {"id": "language-store", "property": "data", "value": "en"},
        ],
        "state": [[{"id": "filters-store", "property": "data", "value": None}]],
        "changedPropIds": ["filters-store.data"],
    }
)


def test_with_filters_replaces_the_store_in_inputs_and_states():
    replaced = json.loads(with_filters(BODY, "?tag=desserts"))
    original = json.loads(BODY)
    assert replaced["inputs"][0]["value"] == "?tag=desserts"
    assert replaced["state"][0][0]["value"] == "?tag=desserts"
    assert replaced["inputs"][1:] == original["inputs"][1:]
    assert {k: v for k, v in replaced.items() if k not in ("inputs", "state")} == {
        k: v for k, v in original.items() if k not in ("inputs", "state")
    }
    assert json.loads(with_filters(BODY, "")) == {**original, "state": [[{**original["state"][0][0], "value": ""}]]}


def test_with_filters_leaves_bodies_without_the_store():
    body = json.dumps({"output": "a.children", "inputs": [{"id": "url", "property": "search", "value": "?x"}]})
    assert json.loads(with_filters(body, "?zero=0")) == json.loads(body)


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variants_are_what_the_shell_callback_stores(name):
    search = VARIANTS[name]
    assert build_search(Filters.from_query(parse_search(search)).to_query()) == search


def test_short_output():
    assert short_output(json.loads(BODY)["output"]) == "trends-volume.figure +1"
    assert short_output("overview-kpis.children") == "overview-kpis.children"
    assert short_output('{"name":"overview-rating","type":"graph"}.figure') == "overview-rating.figure"
    assert short_output("url.search@0a81515c666fcf74f5e38e35400eff9f") == "url.search@"
    assert short_output("..tab-content.children...error-alert.children..") == "tab-content.children +1"


def test_tab_search():
    assert tab_search("trends", "") == "?tab=trends"
    assert tab_search("trends", "?ingr=butter&tag=desserts") == "?tab=trends&ingr=butter&tag=desserts"


def test_unique_requests_and_visits():
    other = json.dumps({"output": "overview-kpis.children", "inputs": [{"id": "filters-store", "value": ""}]})
    again = json.dumps({"output": "overview-kpis.children", "inputs": [{"id": "filters-store", "value": "?x"}]})
    recorded = [
        {"path": "_dash-update-component", "body": b, "output": json.loads(b)["output"]}
        for b in (BODY, other, BODY, again)
    ]
    unique = unique_requests(recorded)
    assert [(r["label"], r["sent"]) for r in unique] == [
        ("trends-volume.figure +1", 2),
        ("overview-kpis.children", 1),
        ("overview-kpis.children #2", 1),
    ]
    mix = visits({"trends": {"requests": unique}}, ["none", "nozero"])
    assert len(mix) == 2 and [len(visit) for visit in mix] == [4, 4]
    assert [json.loads(body)["inputs"][0]["value"] for _, body in mix[1]] == ["?zero=0"] * 4


def test_table_aligns_columns():
    assert table(["name", "n", "ms"], [["a", 3, 1.25], ["longer", None, 10.0]]) == (
        "name    n    ms\na       3   1.2\nlonger  -  10.0"
    )


def test_headline_takes_the_worst_of_the_run():
    def tab(fresh, cached, changes, uncached_p95, cached_p95, over_100, over_10, largest):
        return {
            "render_fresh_ms": fresh,
            "render_cached_ms": cached,
            "filter_change": {variant: {"ms": ms} for variant, ms in changes.items()},
            "summary": {
                "all": {
                    "worst_uncached_p95_ms": uncached_p95,
                    "worst_cached_p95_ms": cached_p95,
                    "over_100ms_uncached": over_100,
                    "over_10ms_cached": over_10,
                    "largest_bytes": largest,
                }
            },
        }

    results = {
        "cold_start_s": 1.5,
        "tabs": {
            "a": tab(900.0, 400.0, {"tag": 700.0, "empty": 1200.0}, 80.0, 12.0, 0, 2, 1024),
            "b": tab(1600.0, 300.0, {"tag": 500.0}, 150.0, 4.0, 3, 0, 2048),
        },
        "memory": {
            "prod": [{"rss_mb": 280.0, "pss_mb": 200.0, "peak_rss_mb": 310.0}],
            "replay": [{"rss_mb": 320.0, "pss_mb": 250.0, "peak_rss_mb": 400.0}],
        },
        "throughput": {"cached": {"req_per_s": 350.0, "errors": 1}},
    }
    figures = headline(results)
    assert figures == {
        "cold_start_s": 1.5,
        "worst_render_fresh_ms": 1600.0,
        "worst_render_cached_ms": 400.0,
        "worst_filter_change_ms": 1200.0,
        "worst_uncached_p95_ms": 150.0,
        "worst_cached_p95_ms": 12.0,
        "callbacks_over_100ms_uncached": 3,
        "callbacks_over_10ms_cached": 2,
        "largest_response_kb": 2.0,
        "cached_req_per_s": 350.0,
        "throughput_errors": 1,
        "max_worker_rss_mb": 320.0,
        "max_worker_pss_mb": 250.0,
        "max_worker_peak_rss_mb": 400.0,
    }
    lines = {line.split()[0]: line for line in headline_table(figures).splitlines()[1:]}
    assert not lines["cold_start_s"].endswith("!") and lines["worst_render_fresh_ms"].endswith("!")
    assert not lines["cached_req_per_s"].endswith("!") and lines["throughput_errors"].endswith("!")
    assert headline({})["cold_start_s"] is None and headline({})["callbacks_over_100ms_uncached"] is None
