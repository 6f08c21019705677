"""The app on a phone (390×844, touch) in Chromium against gunicorn behind nginx: the filters wait in
a drawer, the tab strip is one scrolling row, wide charts scroll in their card, no mode bar; and on
a wide screen the same filters are an ordinary bar. No console error."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.helpers import CHART_TIMEOUT_MS, wait_for_charts

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
# The drawer is on screen once its slide-in transition has ended.
DRAWER_OPEN = """() => { const drawer = document.querySelector('#filter-drawer');
    const box = drawer.getBoundingClientRect();
    return getComputedStyle(drawer).visibility === 'visible' && box.left >= 0 && box.width > 0; }"""
DRAWER_CLOSED = "() => getComputedStyle(document.querySelector('#filter-drawer')).visibility === 'hidden'"
ZERO_SHARE_IS_NIL = """() => { const value = document.querySelector('#kpi-without-stars .kpi-value');
    return value !== null && value.innerText.startsWith('0.0'); }"""


def _page(browser, **options) -> Iterator[Any]:
    """A fresh page in its own context; the test fails on any browser console error."""
    context = browser.new_context(**options)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"browser console errors: {errors}"


@pytest.fixture
def phone(browser) -> Iterator[Any]:
    yield from _page(browser, **PHONE)


@pytest.fixture
def wide(browser) -> Iterator[Any]:
    yield from _page(browser, viewport={"width": 1400, "height": 1000})


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_phone_first_screen_shows_tabs_on_one_row_and_a_chart(phone, app_url):
    phone.goto(app_url + "/?tab=seasons")
    wait_for_charts(phone, 3)
    assert phone.evaluate(DRAWER_CLOSED)
    assert phone.locator("#filter-toggle").is_visible()
    # One row of tabs, scrolling sideways; the page itself does not scroll sideways.
    tops = {round(item["y"]) for item in (t.bounding_box() for t in phone.locator("#tabs .nav-item").all())}
    assert len(tops) == 1
    assert phone.evaluate("() => { const t = document.querySelector('#tabs'); return t.scrollWidth > t.clientWidth; }")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 390
    # The first chart is drawn on the first screen, not under 900 px of filters.
    chart = box(phone, ".chart-card .js-plotly-plot")
    assert chart["y"] + chart["height"] / 2 < 844
    # Touch screen: no mode bar over the charts.
    assert phone.evaluate("() => getComputedStyle(document.querySelector('.modebar-container')).display") == "none"
    # The heatmap keeps a readable width and scrolls inside its card.
    heatmap = '[id*=\'"name":"seasons-items"\'].dash-graph'
    assert box(phone, heatmap)["width"] >= 560
    assert phone.evaluate(
        """selector => { const frame = document.querySelector(selector).closest('.card-body > div');
                         return frame.scrollWidth > frame.clientWidth; }""",
        heatmap,
    )


def test_phone_filter_drawer_opens_filters_and_closes(phone, app_url):
    phone.goto(app_url + "/")
    wait_for_charts(phone, 3)
    assert phone.locator("#filter-toggle").inner_text() == "Filters"
    phone.locator("#filter-toggle").click()
    phone.wait_for_function(DRAWER_OPEN, timeout=CHART_TIMEOUT_MS)
    assert phone.locator("#filter-sub-years").is_visible()
    phone.locator("#filter-include-zero").uncheck()
    phone.wait_for_url(re.compile(r"zero=0"), timeout=CHART_TIMEOUT_MS)
    phone.wait_for_function(ZERO_SHARE_IS_NIL, timeout=CHART_TIMEOUT_MS)
    phone.locator("#filter-close").click()
    phone.wait_for_function(DRAWER_CLOSED, timeout=CHART_TIMEOUT_MS)
    # The closed drawer's button says a filter is on.
    phone.wait_for_function(
        "() => document.querySelector('#filter-toggle').innerText === 'Filters (1)'", timeout=CHART_TIMEOUT_MS
    )
    # A tap beside the open drawer closes it too.
    phone.locator("#filter-toggle").click()
    phone.wait_for_function(DRAWER_OPEN, timeout=CHART_TIMEOUT_MS)
    phone.mouse.click(380, 400)
    phone.wait_for_function(DRAWER_CLOSED, timeout=CHART_TIMEOUT_MS)
    assert "zero=0" in phone.url


def test_phone_filter_drawer_works_from_the_keyboard(phone, app_url):
    phone.goto(app_url + "/")
    wait_for_charts(phone, 3)
    toggle = phone.locator("#filter-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.focus()
    phone.keyboard.press("Enter")
    phone.wait_for_function(DRAWER_OPEN, timeout=CHART_TIMEOUT_MS)
    # The focus moves into the open drawer and Tab keeps it there.
    phone.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'filter-close'", timeout=CHART_TIMEOUT_MS
    )
    assert toggle.get_attribute("aria-expanded") == "true"
    for _ in range(25):
        phone.keyboard.press("Tab")
        assert phone.evaluate("() => document.querySelector('#filter-drawer').contains(document.activeElement)")
    phone.keyboard.press("Shift+Tab")
    assert phone.evaluate("() => document.querySelector('#filter-drawer').contains(document.activeElement)")
    # Escape closes it and gives the focus back to the button that opened it.
    phone.keyboard.press("Escape")
    phone.wait_for_function(DRAWER_CLOSED, timeout=CHART_TIMEOUT_MS)
    phone.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'filter-toggle'", timeout=CHART_TIMEOUT_MS
    )
    assert toggle.get_attribute("aria-expanded") == "false"


def test_wide_screen_shows_the_filters_without_a_drawer(wide, app_url):
    wide.goto(app_url + "/?lang=fr")
    wait_for_charts(wide, 3)
    assert not wide.locator("#filter-toggle").is_visible()
    assert wide.evaluate("() => getComputedStyle(document.querySelector('#filter-drawer')).position") == "static"
    for control in ("#filter-sub-years", "#filter-minutes", "#filter-tags", "#filter-include-zero"):
        assert wide.locator(control).is_visible()
    bar, tabs = box(wide, "#filter-bar"), box(wide, "#tabs")
    assert bar["y"] + bar["height"] <= tabs["y"]  # the bar sits above the tabs, in the page
    assert not wide.locator("#filter-drawer-title").is_visible()
    # French texts reach the drawer's button too (shown on small screens).
    wide.wait_for_function(
        "() => document.querySelector('#filter-toggle').textContent === 'Filtres'", timeout=CHART_TIMEOUT_MS
    )
