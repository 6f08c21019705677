"""The Trends tab in Chromium against gunicorn behind nginx: charts, texts, cross-filter, French."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import CHART_TIMEOUT_MS, wait_for_charts

pytestmark = pytest.mark.browser

TREND_CHARTS = 8


def _graph(name: str) -> str:
    """CSS selector of the Plotly element of chart ``name``."""
    return f"""[id*='"name":"{name}"'] .js-plotly-plot"""


def _trace_values(page, name: str, key: str) -> list:
    """``key`` (x or y) of the first trace of chart ``name``, decoded from Plotly's typed arrays."""
    return page.evaluate(f"""() => Array.from(document.querySelector(`{_graph(name)}`)._fullData[0].{key})""")


def test_trends_tab_charts_texts_and_cross_filter(page, app_url):
    page.goto(app_url + "/?tab=trends")
    wait_for_charts(page, TREND_CHARTS)
    assert page.get_by_text("Recipes submitted per year").is_visible()
    assert page.get_by_text("Strongest risers and fallers", exact=False).first.is_visible()
    volume_note = page.locator("#trends-volume-note").inner_text()
    assert re.search(r"[\d,]+ recipes over \d+ years \(\d{4}–\d{4}\)", volume_note)
    minutes_note = page.locator("#trends-minutes-note").inner_text()
    assert re.search(r"per year \(95 % CI .+\), R² = \d\.\d\d, p [=<] ", minutes_note)
    movers_note = page.locator("#trends-movers-note").inner_text()
    assert "tags tested over" in movers_note
    # An item is named only with a significant q; else the note says none changed significantly.
    assert re.search(
        r"Strongest (riser|faller): \S+, fitted share|No tags (rose|fell) significantly|"
        r"No tags trend is significant",
        movers_note,
    )

    # Clicking the busiest year's bar cross-filters on that submission year: the URL records it, the
    # per-year charts keep every year and shade it, the badge says which date the year is.
    years, counts = _trace_values(page, "trends-volume", "x"), _trace_values(page, "trends-volume", "y")
    busiest = max(range(len(counts)), key=lambda i: counts[i])
    # Plotly's drag layer lies over the bars and turns the mouse click into the chart's clickData.
    page.locator(f"{_graph('trends-volume')} .barlayer .point").nth(busiest).click(force=True)
    page.wait_for_url(re.compile(rf"focus=year(%3A|:){years[busiest]}(&|$)"), timeout=CHART_TIMEOUT_MS)
    shaded = f"""([first, last]) => {{
            const el = document.querySelector(`{_graph("trends-complexity")}`);
            const shapes = (el && el.layout.shapes) || [];
            return el._fullData[0].x.length === {len(years)} && shapes.length === 1
                && shapes[0].x0 === first - 0.5 && shapes[0].x1 === last + 0.5;
        }}"""
    page.wait_for_function(shaded, arg=[years[busiest], years[busiest]], timeout=CHART_TIMEOUT_MS)
    page.locator("#trends-volume-note", has_text=f"Cross-filter on submission years {years[busiest]}").wait_for(
        timeout=CHART_TIMEOUT_MS
    )
    page.locator("#filter-focus", has_text=f"submission year = {years[busiest]} (recipes submitted then").wait_for(
        timeout=CHART_TIMEOUT_MS
    )

    # Dragging across the first three bars selects those years (the chart's drag mode is a box selection).
    bars = page.locator(f"{_graph('trends-volume')} .barlayer .point")
    first, third = bars.nth(0).bounding_box(), bars.nth(2).bounding_box()
    plot = page.locator(f"{_graph('trends-volume')} .nsewdrag").first.bounding_box()
    y = plot["y"] + plot["height"] / 2
    page.mouse.move(first["x"] + 1, y)
    page.mouse.down()
    page.mouse.move(first["x"] + 20, y, steps=4)
    page.mouse.move(third["x"] + third["width"] - 1, y, steps=8)
    page.mouse.up()
    page.wait_for_url(re.compile(rf"focus=year(%3A|:){years[0]}-{years[2]}(&|$)"), timeout=CHART_TIMEOUT_MS)
    page.wait_for_function(shaded, arg=[years[0], years[2]], timeout=CHART_TIMEOUT_MS)
    page.locator("#filter-focus", has_text=f"submission year = {years[0]}–{years[2]}").wait_for(
        timeout=CHART_TIMEOUT_MS
    )

    # Switching to ingredients retitles the item charts.
    page.locator("#trends-item-kind label", has_text="Ingredients").click()
    page.get_by_text("Most frequent ingredients").wait_for(timeout=CHART_TIMEOUT_MS)


def test_trends_tab_in_french(page, app_url):
    page.goto(app_url + "/?tab=trends&lang=fr")
    wait_for_charts(page, TREND_CHARTS)
    assert page.get_by_text("Recettes publiées par an").is_visible()
    note = page.locator("#trends-minutes-note").inner_text()
    assert "par an (IC 95 %" in note


def _top_items(page) -> list:
    return page.evaluate(f"""() => {{
        const el = document.querySelector(`{_graph("trends-top-items")}`);
        return el && el._fullData && el._fullData.length ? Array.from(el._fullData[0].y) : [];
    }}""")


def test_structural_switch_top_n_and_period(page, app_url):
    page.goto(app_url + "/?tab=trends")
    wait_for_charts(page, TREND_CHARTS)
    page.wait_for_function(
        f"""() => {{
        const el = document.querySelector(`{_graph("trends-top-items")}`);
        return el && el._fullData && el._fullData.length > 0 && el._fullData[0].y.length === 20;
    }}""",
        timeout=CHART_TIMEOUT_MS,
    )
    default = _top_items(page)
    assert "preparation" not in default and "time-to-make" not in default
    assert "structural tags" in page.locator("#trends-top-items-note").inner_text()

    # The switch brings the structural tags back: 'preparation' is on nearly every recipe.
    page.locator("#trends-structural").click()
    page.wait_for_function(
        f"""() => {{
        const el = document.querySelector(`{_graph("trends-top-items")}`);
        return el && el._fullData && el._fullData.length && Array.from(el._fullData[0].y).includes('preparation');
    }}""",
        timeout=CHART_TIMEOUT_MS,
    )
    assert _top_items(page)[0] == "preparation"

    # Top-N: 10 bars.
    page.locator("#trends-top-n label", has_text="10").click()
    page.wait_for_function(
        f"""() => {{
        const el = document.querySelector(`{_graph("trends-top-items")}`);
        return el && el._fullData && el._fullData.length && el._fullData[0].y.length === 10;
    }}""",
        timeout=CHART_TIMEOUT_MS,
    )

    # Quarters with a 3-period rolling mean: four times the bars (whole years) and a line.
    years = len(_trace_values(page, "trends-volume", "x"))
    page.locator("#trends-granularity label", has_text="Quarter").click()
    page.locator("#trends-rolling label", has_text="3 periods").click()
    page.wait_for_function(
        f"""n => {{
        const el = document.querySelector(`{_graph("trends-volume")}`);
        return el && el._fullData && el._fullData.length === 2 && el._fullData[0].x.length > n;
    }}""",
        arg=2 * years,
        timeout=CHART_TIMEOUT_MS,
    )
    page.locator("#trends-volume-note", has_text="yearly counts").wait_for(timeout=CHART_TIMEOUT_MS)

    # Every control is in the URL: a reload (or a shared link) restores the same view.
    page.wait_for_url(
        re.compile(
            r"trends-granularity=quarter.*trends-rolling=3.*trends-structural=1"
            r".*trends-top-n=10"
        ),
        timeout=CHART_TIMEOUT_MS,
    )
    page.reload()
    wait_for_charts(page, TREND_CHARTS)
    page.wait_for_function(
        f"""n => {{
        const el = document.querySelector(`{_graph("trends-volume")}`);
        const top = document.querySelector(`{_graph("trends-top-items")}`);
        return el && el._fullData && el._fullData.length === 2 && el._fullData[0].x.length > n
            && top && top._fullData && top._fullData.length && top._fullData[0].y.length === 10
            && top._fullData[0].y.includes('preparation');
    }}""",
        arg=2 * years,
        timeout=CHART_TIMEOUT_MS,
    )
    assert page.locator("#trends-structural").is_checked()
    assert page.locator("#trends-granularity input[value='quarter']").is_checked()
    # Another tab leaves them out of its URL; coming back starts from the defaults.
    page.get_by_role("tab", name="Ratings").click()
    page.wait_for_url(re.compile(r"tab=ratings"), timeout=CHART_TIMEOUT_MS)
    assert "trends-" not in page.url
