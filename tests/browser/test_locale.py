"""Charts in the page language, in Chromium against gunicorn behind nginx: French number marks and
month names, French mode bar titles from the locally served locale, and no button that sends a
chart elsewhere ("Share chart...", Chart Studio), in either language; no console error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.helpers import CHART_TIMEOUT_MS, wait_for_charts

pytestmark = pytest.mark.browser

LOCALE_ASSET = Path(__file__).resolve().parents[2] / "assets" / "06_plotly-locale-fr.js"
# Charts that always draw traces on the generated data (as in each tab's browser test).
TAB_CHARTS = {"overview": 3, "seasons": 3}
RATINGS_GRAPH = '[id*=\'"name":"seasons-ratings"\'] .js-plotly-plot'
MONTHLY_GRAPH = '[id*=\'"name":"overview-interactions-per-month"\'] .js-plotly-plot'

# Per chart: the title of every mode bar button (the bar is in the DOM, shown on hover).
MODEBAR_TITLES = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).map(el =>
    Array.from(el.querySelectorAll('.modebar-btn')).map(b => b.getAttribute('data-title') || ''))"""
# Per chart: its config's locale and its layout's separators, as plotly.js applied them.
CHART_LOCALES = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .map(el => [el._context.locale, el._fullLayout.separators])"""
# The tick labels of a chart's value axes (y and y2), as drawn.
VALUE_TICKS = """selector => Array.from(
    document.querySelectorAll(selector + ' .ytick text, ' + selector + ' .y2tick text')).map(t => t.textContent)"""
# The x tick labels of the monthly chart once zoomed on a few months, so that months are named.
ZOOMED_MONTH_TICKS = """async selector => {
    const el = document.querySelector(selector);
    await window.Plotly.relayout(el, {'xaxis.range': ['2005-01-01', '2005-06-01']});
    return Array.from(el.querySelectorAll('.xtick text')).map(t => t.textContent);
}"""
# The hover label of the monthly chart's first trace at a point in March.
HOVER_TEXT = """selector => {
    const el = document.querySelector(selector);
    const index = el.data[0].x.findIndex(x => String(x).slice(5, 7) === '03');
    window.Plotly.Fx.hover(el, [{curveNumber: 0, pointNumber: index}]);
    return Array.from(el.querySelectorAll('.hoverlayer text')).map(t => t.textContent).join(' | ');
}"""
# What would send a chart (or its data) out of the app.
CLOUD = re.compile(r"share|cloud|chart studio|partager|edit in|modifier dans", re.IGNORECASE)


def _open(page, app_url: str, tab: str, language: str) -> None:
    page.goto(f"{app_url}/?tab={tab}&lang={language}")
    wait_for_charts(page, TAB_CHARTS[tab])


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("tab", list(TAB_CHARTS))
def test_no_button_sends_a_chart_elsewhere(page, app_url, tab, language):
    _open(page, app_url, tab, language)
    charts = page.evaluate(MODEBAR_TITLES)
    assert len(charts) >= TAB_CHARTS[tab] and all(charts), charts  # every chart has its mode bar
    for titles in charts:
        assert not [title for title in titles if CLOUD.search(title)], titles
        assert len(titles) == 7, titles  # PNG, zoom, pan, zoom in, zoom out, autoscale, reset axes
    # Nor plotly.js's "Edit chart" link (showLink) under a chart.
    assert page.locator("a.modebar-btn[href], .js-plot-link-container").count() == 0
    expected = ("fr", ",\u202f") if language == "fr" else ("en-US", ".,")
    assert all(tuple(pair) == expected for pair in page.evaluate(CHART_LOCALES))


def test_french_charts_use_french_marks_titles_and_months(page, app_url):
    _open(page, app_url, "seasons", "fr")
    page.wait_for_function(
        "selector => document.querySelector(selector + ' .ytick text') !== null",
        arg=RATINGS_GRAPH,
        timeout=CHART_TIMEOUT_MS,
    )
    ticks = page.evaluate(VALUE_TICKS, RATINGS_GRAPH)
    # Mean ratings sit between 1 and 5 with close values: ticks carry decimals, with a comma.
    assert any(re.fullmatch(r"[−-]?\d+,\d+", tick) for tick in ticks), ticks
    assert not any(re.search(r"\d\.\d", tick) for tick in ticks), ticks

    _open(page, app_url, "overview", "fr")
    titles = page.evaluate(MODEBAR_TITLES)[0]
    assert "Télécharger le graphique en PNG" in titles and "Réinitialiser les axes" in titles
    assert "Zoom arrière" in titles and "Déplacer" in titles
    assert not {"Download plot as a PNG", "Reset axes", "Pan", "Zoom out", "Autoscale"} & set(titles), titles
    months = page.evaluate(ZOOMED_MONTH_TICKS, MONTHLY_GRAPH)
    assert any(re.search(r"janv\.|févr\.|mars|avr\.", tick) for tick in months), months
    assert not any(re.search(r"Jan|Feb|Apr", tick) for tick in months), months
    assert re.search(r"\bmars 20\d\d\b", page.evaluate(HOVER_TEXT, MONTHLY_GRAPH))


def test_english_charts_keep_english_marks_titles_and_months(page, app_url):
    _open(page, app_url, "seasons", "en")
    page.wait_for_function(
        "selector => document.querySelector(selector + ' .ytick text') !== null",
        arg=RATINGS_GRAPH,
        timeout=CHART_TIMEOUT_MS,
    )
    ticks = page.evaluate(VALUE_TICKS, RATINGS_GRAPH)
    assert any(re.fullmatch(r"[−-]?\d+\.\d+", tick) for tick in ticks), ticks
    assert not any(re.fullmatch(r"[−-]?\d+,\d{1,2}", tick) for tick in ticks), ticks

    _open(page, app_url, "overview", "en")
    titles = page.evaluate(MODEBAR_TITLES)[0]
    assert "Download plot as a PNG" in titles and "Reset axes" in titles
    months = page.evaluate(ZOOMED_MONTH_TICKS, MONTHLY_GRAPH)
    assert any(re.search(r"Jan|Feb|Mar|Apr", tick) for tick in months), months
    assert re.search(r"\bMar 20\d\d\b", page.evaluate(HOVER_TEXT, MONTHLY_GRAPH))


def test_locale_asset_is_harmless_without_plotly(page):
    """On a page without plotly.js the locale script does nothing (the page fixture fails on any
    console error)."""
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(content=LOCALE_ASSET.read_text(encoding="utf-8"))
    assert page.evaluate("() => typeof window.Plotly") == "undefined"
