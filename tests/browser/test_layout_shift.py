"""Cumulative layout shift (CLS) while each tab loads, in Chromium against gunicorn behind nginx:
charts, notes, KPIs and tables reserve their space, so nothing jumps when the callbacks answer.
Run with -s to see the CLS per tab and the elements that moved most."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.helpers import CHART_TIMEOUT_MS, wait_for_charts

pytestmark = pytest.mark.browser

# Google's threshold for a "good" CLS.
MAX_CLS = 0.1
# Charts that always draw traces on the generated data, per tab (as in each tab's browser test).
TAB_CHARTS = {
    "overview": 3,
    "trends": 8,
    "seasons": 3,
    "weekdays": 4,
    "ratings": 7,
    "users": 8,
    "recipes": 5,
    "explorer": 0,
}

# Installed before the app's scripts: the observer sees every shift from the first paint. Shifts
# right after an input (hadRecentInput) are the user's doing and excluded, as CLS does.
OBSERVE = """
(() => {
  window.__cls = {value: 0, sources: {}, lastMutation: performance.now()};
  const describe = node => {
    if (!node || !node.tagName) { return "?"; }
    const id = node.id ? "#" + node.id : "";
    const classes = typeof node.className === "string" && node.className
      ? "." + node.className.trim().split(/\\s+/).slice(0, 2).join(".") : "";
    return node.tagName.toLowerCase() + id + classes;
  };
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) { continue; }
      window.__cls.value += entry.value;
      for (const source of entry.sources || []) {
        const key = describe(source.node);
        window.__cls.sources[key] = (window.__cls.sources[key] || 0) + entry.value;
      }
    }
  }).observe({type: "layout-shift", buffered: true});
  // The page is settled once the DOM has stopped changing for a while.
  new MutationObserver(() => { window.__cls.lastMutation = performance.now(); })
    .observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();
"""
SETTLED = """quiet => !document.querySelector('[data-dash-is-loading="true"]')
    && performance.now() - window.__cls.lastMutation > quiet"""
TEXTS_FILLED = """() => Array.from(document.querySelectorAll('[id$="-note"], .kpi-value'))
    .every(el => el.innerText.trim().length > 0)"""


def measure_cls(page, url: str, charts: int) -> tuple[float, dict[str, float]]:
    """Open ``url`` fresh, wait until its charts are drawn, texts filled and the DOM quiet; CLS and
    its largest sources (element -> summed shift score)."""
    page.goto(url)
    step = "charts"
    try:
        if charts:
            wait_for_charts(page, charts)
        else:  # the Explorer: its row count (given with the first rows) and its quality summary
            page.wait_for_function(
                """() => { const status = document.querySelector('#explorer-status');
                                              return status !== null && status.innerText.trim().length > 0; }""",
                timeout=CHART_TIMEOUT_MS,
            )
            page.wait_for_selector("#explorer-quality-table", timeout=CHART_TIMEOUT_MS)
        step = "texts"
        page.wait_for_function(TEXTS_FILLED, timeout=CHART_TIMEOUT_MS)
        step = "a quiet DOM"
        page.wait_for_function(SETTLED, arg=1500, timeout=CHART_TIMEOUT_MS, polling=250)
    except PlaywrightTimeout:
        pytest.fail(f"{url}: timed out waiting for {step}")
    result = page.evaluate("() => window.__cls")
    top = dict(sorted(result["sources"].items(), key=lambda item: -item[1])[:5])
    return result["value"], top


@pytest.mark.parametrize("tab", list(TAB_CHARTS))
def test_tab_loads_without_layout_shift(browser, app_url, tab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(OBSERVE)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        cls, sources = measure_cls(page, f"{app_url}/?tab={tab}", TAB_CHARTS[tab])
    finally:
        context.close()
    print(f"\nCLS {tab}: {cls:.3f}  largest sources: {sources}")
    assert not errors, f"browser console errors: {errors}"
    assert cls < MAX_CLS, f"{tab}: CLS {cls:.3f}; largest sources: {sources}"
