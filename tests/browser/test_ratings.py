"""The Ratings & reviews tab in Chromium against gunicorn behind nginx: charts, generated texts,
the year cross-filter from the zero-share chart, French titles, no console error."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import CHART_TIMEOUT_MS, wait_for_charts

pytestmark = pytest.mark.browser

N_CHARTS = 9
GRAPH = '[id*=\'"name":"{name}"\'] .js-plotly-plot'


# Months drawn by the monthly-mean chart: its marker traces (well-measured and small months).
MONTHS_DRAWN = """selector => {
    const el = document.querySelector(selector);
    if (!el || !el.data || !el.data.length) { return -1; }
    return el.data.filter(t => (t.mode || '').includes('markers')).reduce((n, t) => n + (t.x ? t.x.length : 0), 0);
}"""

# The y axis of a chart as drawn: its range, its tick labels, the y of every marker, the reference lines.
Y_AXIS = """selector => {
    const el = document.querySelector(selector);
    const points = el.data.filter(t => (t.mode || '').includes('markers')).flatMap(t => Array.from(t.y));
    return {range: el._fullLayout.yaxis.range, points: points,
            ticks: Array.from(el.querySelectorAll('.ytick text')).map(e => e.textContent),
            references: (el._fullLayout.shapes || []).map(a => a.name)};
}"""


def test_ratings_tab_renders_and_cross_filters_by_year(page, app_url):
    page.goto(app_url + "/?tab=ratings")
    wait_for_charts(page, N_CHARTS)
    assert page.get_by_text("Monthly mean rating (stars 1–5) and its trend").is_visible()
    assert page.get_by_text("Words most distinctive of each rating").is_visible()
    page.wait_for_function(
        "() => document.querySelector('#ratings-monthly-mean-note').innerText.length > 0", timeout=CHART_TIMEOUT_MS
    )
    assert re.search(
        r"count-weighted trend of the monthly mean is [+−]?[\d.]+ stars per year",
        page.locator("#ratings-monthly-mean-note").inner_text(),
    )
    assert "Spearman" in page.locator("#ratings-volume-note").inner_text()
    assert "global filters do not apply" in page.locator("body").inner_text()

    monthly = GRAPH.format(name="ratings-monthly-mean")
    months_before = page.evaluate(MONTHS_DRAWN, monthly)
    assert months_before > 12
    # Every month, greyed small ones included, lies within the drawn axis; tick labels are distinct;
    # the overall mean is a labelled reference line.
    axis = page.evaluate(Y_AXIS, monthly)
    low, high = axis["range"]
    assert low >= 1 and high <= 5 and all(low <= y <= high for y in axis["points"])
    assert len(axis["ticks"]) >= 2 and len(set(axis["ticks"])) == len(axis["ticks"])
    assert any(text.startswith("Overall mean ") for text in axis["references"])
    # Click the tallest bar of the zero-share chart: its review year becomes a cross-filter; the monthly
    # chart keeps every month and shades that year.
    bars = page.locator(GRAPH.format(name="ratings-zero-share") + " .bars .point path")
    boxes = [bars.nth(i).bounding_box() for i in range(bars.count())]
    tallest = bars.nth(max((i for i, b in enumerate(boxes) if b), key=lambda i: boxes[i]["height"]))
    tallest.scroll_into_view_if_needed()
    box = tallest.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"focus=review_year%3A\d{4}"), timeout=CHART_TIMEOUT_MS)
    page.wait_for_function(
        "s => (document.querySelector(s).layout.shapes || []).some(shape => shape.type === 'rect')",
        arg=monthly,
        timeout=CHART_TIMEOUT_MS,
    )
    assert page.evaluate(MONTHS_DRAWN, monthly) > 12
    page.locator("#filter-focus", has_text="review year = ").wait_for(timeout=CHART_TIMEOUT_MS)

    page.goto(app_url + "/?tab=ratings&lang=fr")
    page.get_by_text("Note moyenne mensuelle (étoiles 1–5) et sa tendance").wait_for(timeout=CHART_TIMEOUT_MS)
    wait_for_charts(page, N_CHARTS)
    page.wait_for_function(
        "() => document.querySelector('#ratings-words-note').innerText.includes('caractéristique')",
        timeout=CHART_TIMEOUT_MS,
    )


def test_ratings_controls_change_their_charts(page, app_url):
    page.goto(app_url + "/?tab=ratings")
    wait_for_charts(page, N_CHARTS)
    monthly = GRAPH.format(name="ratings-monthly-mean")
    months = page.evaluate(MONTHS_DRAWN, monthly)
    assert months > 12
    # Quarters: about a third of the points, the note says the trend stays monthly.
    page.locator("#ratings-granularity label", has_text="Quarter").click()
    page.wait_for_function(
        f"selector => {{ const n = ({MONTHS_DRAWN})(selector); return n > 0 && n < {months}; }}",
        arg=monthly,
        timeout=CHART_TIMEOUT_MS,
    )
    page.locator("#ratings-monthly-mean-note", has_text="tested on the monthly means").wait_for(
        timeout=CHART_TIMEOUT_MS
    )
    page.locator("#ratings-rolling label", has_text="3 periods").click()
    page.wait_for_function(
        """selector => { const el = document.querySelector(selector);
                         return el && el.data && el.data.some(t => (t.name || '').startsWith('Rolling mean')); }""",
        arg=monthly,
        timeout=CHART_TIMEOUT_MS,
    )

    # Segments: A defaults to the most frequent tag against every other recipe, with a test.
    page.locator("#ratings-segments-note", has_text="Mann–Whitney").wait_for(timeout=CHART_TIMEOUT_MS)
    # Top recipes by Bayesian average: 10 bars, then 20.
    top = GRAPH.format(name="ratings-top-recipes")
    bars = """([selector, n]) => { const el = document.querySelector(selector);
                                   return el && el.data && el.data.length && el.data[0].y.length === n; }"""
    page.wait_for_function(bars, arg=[top, 10], timeout=CHART_TIMEOUT_MS)
    page.locator("#ratings-top-n label", has_text="20").click()
    page.wait_for_function(bars, arg=[top, 20], timeout=CHART_TIMEOUT_MS)
    assert "Bayesian mean" in page.locator("#ratings-top-recipes-note").inner_text()
