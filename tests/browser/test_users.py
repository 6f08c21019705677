"""The Users & contributors tab in Chromium against gunicorn behind nginx: charts, generated texts,
the year cross-filter from the cohort heatmap, French titles, no console error."""

from __future__ import annotations

import re

import pytest

from tests.browser.helpers import CHART_TIMEOUT_MS, wait_for_charts

pytestmark = pytest.mark.browser

N_CHARTS = 8
GRAPH = '[id*=\'"name":"{name}"\'] .js-plotly-plot'
# Page coordinates of the heatmap cell (first cohort, its second year), from the chart's own axes.
CELL_POSITION = """selector => {
    const el = document.querySelector(selector);
    const trace = el.data[0], layout = el._fullLayout, box = el.getBoundingClientRect();
    const year = trace.x[1], cohort = trace.y[0];
    return {year: year, x: box.left + layout.xaxis._offset + layout.xaxis.d2p(year),
            y: box.top + layout.yaxis._offset + layout.yaxis.d2p(cohort)};
}"""
NOTE_TEXT = "id => document.getElementById(id).innerText"
# The mean-rating axis (y) of a chart as drawn: range, tick labels, reference lines (named shapes).
Y_AXIS = """selector => {
    const el = document.querySelector(selector);
    return {range: el._fullLayout.yaxis.range,
            ticks: Array.from(el.querySelectorAll('.ytick text')).map(e => e.textContent),
            references: (el._fullLayout.shapes || []).map(a => a.name)};
}"""


def test_users_tab_renders_and_cross_filters_by_year(page, app_url):
    page.goto(app_url + "/?tab=users")
    wait_for_charts(page, N_CHARTS)
    assert page.get_by_text("Activity distribution (log-log)").is_visible()
    assert page.get_by_text("Retention by cohort (first review year)").is_visible()
    assert page.get_by_text("Power users (> 50)").first.is_visible()  # thresholds shown in the UI
    page.wait_for_function(
        "() => document.getElementById('users-activity-note').innerText.includes('Heavy tail')",
        timeout=CHART_TIMEOUT_MS,
    )
    activity_note = page.evaluate(NOTE_TEXT, "users-activity-note")
    assert re.search(r"[\d.]+% of the [\d,]+ reviewers wrote a single review", activity_note)
    page.wait_for_function(
        "() => document.getElementById('users-cohorts-note').innerText.includes('retention')", timeout=CHART_TIMEOUT_MS
    )
    before = page.evaluate(NOTE_TEXT, "users-segments-note")
    for chart, label in (
        ("users-segment-ratings", "Mean of all ratings "),
        ("users-contributor-ratings", "Mean over rated contributors "),
    ):
        axis = page.evaluate(Y_AXIS, GRAPH.format(name=chart))
        assert 1 <= axis["range"][0] < axis["range"][1] <= 5
        assert len(axis["ticks"]) >= 2 and len(set(axis["ticks"])) == len(axis["ticks"])
        assert any(text.startswith(label) for text in axis["references"])

    # Click a cell of the cohort heatmap: its year becomes the focus of the tab's other charts.
    page.locator(GRAPH.format(name="users-cohorts")).scroll_into_view_if_needed()
    cell = page.evaluate(CELL_POSITION, GRAPH.format(name="users-cohorts"))
    page.mouse.click(cell["x"], cell["y"])
    page.wait_for_url(re.compile(rf"focus=review_year%3A{cell['year']}"), timeout=CHART_TIMEOUT_MS)
    page.wait_for_function(
        "([id, text]) => document.getElementById(id).innerText !== text",
        arg=["users-segments-note", before],
        timeout=CHART_TIMEOUT_MS,
    )
    # The heatmap itself is not filtered by its focus: it outlines the focused year instead.
    page.wait_for_function(
        "s => (document.querySelector(s).layout.shapes || []).length === 1",
        arg=GRAPH.format(name="users-cohorts"),
        timeout=CHART_TIMEOUT_MS,
    )

    page.goto(app_url + "/?tab=users&lang=fr")
    page.get_by_text("Distribution de l'activité (log-log)").wait_for(timeout=CHART_TIMEOUT_MS)
    wait_for_charts(page, N_CHARTS)
    page.wait_for_function(
        "() => document.getElementById('users-activity-note').innerText.includes('Longue traîne')",
        timeout=CHART_TIMEOUT_MS,
    )
