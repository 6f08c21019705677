"""The Weekdays tab in Chromium against gunicorn behind nginx: charts, generated texts, the weekday
cross-filter from the volume chart, French titles, no console error."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import CHART_TIMEOUT_MS, wait_for_charts

pytestmark = pytest.mark.browser

N_CHARTS = 4  # charts that always draw traces (the item chart may be an empty state)
GRAPH = '[id*=\'"name":"{name}"\'] .js-plotly-plot'
# Categories on the x axis of a chart's first trace (-1 while it has none).
X_COUNT = """selector => {
    const el = document.querySelector(selector);
    return el && el.data && el.data.length ? el.data[0].x.length : -1;
}"""


def test_weekdays_tab_renders_and_cross_filters_by_weekday(page, app_url):
    page.goto(app_url + "/?tab=weekdays")
    wait_for_charts(page, N_CHARTS)
    assert page.get_by_text("Recipes and reviews per day of the week").is_visible()
    assert page.get_by_text("Weekend against weekdays", exact=True).is_visible()
    page.wait_for_function(
        "() => document.querySelector('#weekdays-daytype-note').innerText.includes('χ² =')", timeout=CHART_TIMEOUT_MS
    )
    daytype_note = page.locator("#weekdays-daytype-note").inner_text()
    assert re.search(r"Recipes: Weekend [\d.]+% \(expected 28\.6%\)", daytype_note)
    page.wait_for_function(
        "() => document.querySelector('#weekdays-measure-note').innerText.includes('Mann–Whitney')",
        timeout=CHART_TIMEOUT_MS,
    )

    ratings = GRAPH.format(name="weekdays-ratings")
    assert page.evaluate(X_COUNT, ratings) == 7
    # Click Wednesday's recipe bar: the weekday becomes a cross-filter, highlighted on the tab's charts.
    bar = page.locator(GRAPH.format(name="weekdays-volume") + " .bars .point path").nth(2).bounding_box()
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    page.wait_for_url(re.compile(r"focus=weekday%3A3"), timeout=CHART_TIMEOUT_MS)
    page.wait_for_function(
        f"s => ({X_COUNT})(s) === 7 && (document.querySelector(s).layout.shapes || []).length === 2",
        arg=ratings,
        timeout=CHART_TIMEOUT_MS,
    )

    page.goto(app_url + "/?tab=weekdays&lang=fr")
    page.get_by_text("Recettes et avis par jour de la semaine").wait_for(timeout=CHART_TIMEOUT_MS)
    wait_for_charts(page, N_CHARTS)
    page.wait_for_function(
        "() => document.querySelector('#weekdays-measure-note').innerText.includes('bisérial')",
        timeout=CHART_TIMEOUT_MS,
    )
