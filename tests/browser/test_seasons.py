"""The Seasons tab in Chromium against gunicorn behind nginx: charts, generated texts, the season
cross-filter from the volume chart, French titles, no console error."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import CHART_TIMEOUT_MS, wait_for_charts

pytestmark = pytest.mark.browser

N_CHARTS = 3  # charts that always draw traces (the item chart may be an empty state)
GRAPH = '[id*=\'"name":"{name}"\'] .js-plotly-plot'
# Categories on the x axis of a chart's first trace (-1 while it has none).
X_COUNT = """selector => {
    const el = document.querySelector(selector);
    return el && el.data && el.data.length ? el.data[0].x.length : -1;
}"""


def test_seasons_tab_renders_and_cross_filters_by_season(page, app_url):
    page.goto(app_url + "/?tab=seasons")
    wait_for_charts(page, N_CHARTS)
    # Waited for, not sampled: under load the card titles may settle just after the charts.
    page.get_by_text("Recipes and reviews per season").first.wait_for(timeout=CHART_TIMEOUT_MS)
    page.get_by_text("Meteorological seasons: winter = Dec–Feb").first.wait_for(timeout=CHART_TIMEOUT_MS)
    page.wait_for_function(
        "() => document.querySelector('#seasons-volume-note').innerText.includes('χ² =')", timeout=CHART_TIMEOUT_MS
    )
    volume_note = page.locator("#seasons-volume-note").inner_text()
    assert re.search(r"Recipes: highest \w+ [\d.]+% \(expected [\d.]+%\)", volume_note)
    page.wait_for_function(
        "() => document.querySelector('#seasons-measure-note').innerText.includes('Kruskal')", timeout=CHART_TIMEOUT_MS
    )

    boxes = GRAPH.format(name="seasons-measure")
    assert page.evaluate(X_COUNT, boxes) == 4
    # Click the first recipe bar (winter): the season becomes a cross-filter; this tab's charts keep every
    # season and highlight winter (the other tabs show only winter's recipes and reviews).
    bar = page.locator(GRAPH.format(name="seasons-volume") + " .bars .point path").first.bounding_box()
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    page.wait_for_url(re.compile(r"focus=season%3Awinter"), timeout=CHART_TIMEOUT_MS)
    page.wait_for_function(
        f"s => ({X_COUNT})(s) === 4 && (document.querySelector(s).layout.shapes || []).length === 1",
        arg=boxes,
        timeout=CHART_TIMEOUT_MS,
    )
    page.locator("#filter-focus", has_text="season = Winter").wait_for(timeout=CHART_TIMEOUT_MS)
    # A second dimension combines with the first: a year range typed in the URL keeps the season.
    page.goto(app_url + "/?tab=seasons&focus=season%3Awinter&focus=year%3A2005-2008")
    page.locator("#filter-focus", has_text="submission year = 2005–2008").wait_for(timeout=CHART_TIMEOUT_MS)
    assert "season = Winter" in page.locator("#filter-focus").inner_text()

    page.goto(app_url + "/?tab=seasons&lang=fr")
    page.get_by_text("Recettes et avis par saison").wait_for(timeout=CHART_TIMEOUT_MS)
    wait_for_charts(page, N_CHARTS)
    page.wait_for_function(
        "() => document.querySelector('#seasons-volume-note').innerText.includes('Khi-deux')", timeout=CHART_TIMEOUT_MS
    )
