"""The Overview in Chromium against gunicorn behind nginx: KPIs, charts, switches, no console error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.helpers import CHART_TIMEOUT_MS, wait_for_charts

pytestmark = pytest.mark.browser
# The KPI row re-renders under its spinner, so the element may be briefly absent.
ZERO_SHARE_IS_NIL = """() => {
    const value = document.querySelector('#kpi-without-stars .kpi-value');
    return value !== null && value.innerText.startsWith('0.0');
}"""


def test_overview_renders_kpis_and_charts(page, app_url):
    page.goto(app_url + "/")
    wait_for_charts(page, 3)
    assert page.locator("#kpi-recipes .kpi-value").inner_text().replace(",", "").isdigit()
    assert re.match(r"\d\.\d{3}", page.locator("#kpi-mean-rating .kpi-value").inner_text())
    assert page.get_by_text("Rating distribution").is_visible()
    assert page.locator("#overview-row-table").get_by_text("interactions", exact=True).is_visible()
    assert page.locator("#demo-badge").is_visible()  # generated data is marked synthetic
    assert page.locator("#env-badge").inner_text() == "LOCAL"
    note = page.locator("#overview-rating-note").inner_text()
    assert re.search(r"% of the [\d,]+ reviews give \d stars", note)


def test_language_switch_translates_and_lands_in_the_url(page, app_url):
    page.goto(app_url + "/")
    wait_for_charts(page, 3)
    page.locator("label", has_text="FR").click()
    page.wait_for_url(re.compile(r"lang=fr"), timeout=CHART_TIMEOUT_MS)
    page.get_by_text("Distribution des notes").wait_for(timeout=CHART_TIMEOUT_MS)
    assert page.get_by_text("Années de publication des recettes").is_visible()
    # The shared URL opens in French.
    page.goto(app_url + "/?lang=fr")
    page.get_by_text("Avis par mois").wait_for(timeout=CHART_TIMEOUT_MS)


def test_theme_switch_changes_page_and_charts(page, app_url):
    page.goto(app_url + "/")
    wait_for_charts(page, 3)
    assert page.evaluate("document.documentElement.getAttribute('data-bs-theme')") == "dark"
    page.locator("#theme-switch").check()
    # A function, not an expression: the page's CSP forbids evaluating strings.
    page.wait_for_function("() => document.documentElement.getAttribute('data-bs-theme') === 'light'")
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
                 .every(el => el._fullLayout && el._fullLayout.paper_bgcolor.toLowerCase() === '#ffffff')""",
        timeout=CHART_TIMEOUT_MS,
    )
    page.reload()  # the choice is remembered
    wait_for_charts(page, 3)
    assert page.evaluate("document.documentElement.getAttribute('data-bs-theme')") == "light"


def test_filters_update_the_url_and_the_kpis(page, app_url):
    page.goto(app_url + "/")
    wait_for_charts(page, 3)
    before = page.locator("#kpi-recipes .kpi-value").inner_text()
    page.locator("#filter-include-zero").uncheck()
    page.wait_for_url(re.compile(r"zero=0"), timeout=CHART_TIMEOUT_MS)
    page.wait_for_function(ZERO_SHARE_IS_NIL, timeout=CHART_TIMEOUT_MS)
    assert page.locator("#kpi-recipes .kpi-value").inner_text() == before  # recipes are not filtered by ratings
    # A shared link restores the filter.
    page.goto(app_url + "/?zero=0")
    page.wait_for_function(ZERO_SHARE_IS_NIL, timeout=CHART_TIMEOUT_MS)
    assert not page.locator("#filter-include-zero").is_checked()


def test_chart_csv_download(page, app_url):
    page.goto(app_url + "/")
    wait_for_charts(page, 3)
    with page.expect_download() as download_info:
        page.locator("[id*='overview-rating-distribution'][id*='graph-csv']").first.click()
    path = download_info.value.path()
    lines = Path(path).read_text().splitlines()
    assert lines[0].startswith("trace,x,y")
    assert len(lines) == 7  # header + ratings 0..5
