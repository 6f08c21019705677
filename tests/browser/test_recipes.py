"""The Recipes tab in Chromium against gunicorn behind nginx: charts and generated texts, the
selectors, a recipe search opening its detail card (and its shareable URL), the global focus
applying to the tab, French titles, no console error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import CHART_TIMEOUT_MS, wait_for_charts

pytestmark = pytest.mark.browser

N_CHARTS = 5  # the detail card's chart stays an empty state until a recipe is chosen
GRAPH = '[id*=\'"name":"{name}"\'] .js-plotly-plot'
# Ratings counted by the bucket chart's note ("…, over 12,345 ratings.").
NOTE_RATINGS = """() => {
    const match = document.querySelector('#recipes-bucket-note').innerText.match(/over ([\\d,]+) ratings/);
    return match ? Number(match[1].replace(/,/g, '')) : -1;
}"""
X_LABELS = """selector => {
    const el = document.querySelector(selector);
    return el && el.data && el.data.length ? el.data[0].x : null;
}"""


def _wait_for_text(page, selector: str, text: str) -> None:
    page.wait_for_function(
        "([s, t]) => document.querySelector(s) && document.querySelector(s).innerText.includes(t)",
        arg=[selector, text],
        timeout=CHART_TIMEOUT_MS,
    )


def test_recipes_tab_charts_texts_and_selectors(page, app_url):
    page.goto(app_url + "/?tab=recipes")
    wait_for_charts(page, N_CHARTS)
    for title in (
        "Mean rating (1–5) by bucket, 95 % CI",
        "Nutrition per serving: median, IQR, whiskers 5–95 %",
        "Healthiness score (an approximation)",
        "Recipes by healthiness score",
        "Rating lift: mean rating with the item minus the overall mean, 95 % CI",
    ):
        assert page.get_by_text(title).is_visible(), title
    assert "score = 25 × (3 − S − F − N + P)" in page.locator("#recipes-score-formula").inner_text()
    _wait_for_text(page, "#recipes-bucket-note", "Chi-square test of rating × preparation-time buckets")
    _wait_for_text(page, "#recipes-nutrition-note", "the median serving has")
    _wait_for_text(page, "#recipes-score-note", "Median score")
    _wait_for_text(page, "#recipes-lift-note", "reach at least 200 ratings")
    assert re.search(r"over [\d,]+ ratings", page.locator("#recipes-bucket-note").inner_text())

    buckets = GRAPH.format(name="recipes-rating-by-bucket")
    assert page.evaluate(X_LABELS, buckets)[0] == "≤ 15"
    page.locator("#recipes-bucket-dimension label", has_text="Steps").click()
    page.wait_for_function(
        f"s => {{ const x = ({X_LABELS})(s); return x && x[x.length - 1] === '> 20'; }}",
        arg=buckets,
        timeout=CHART_TIMEOUT_MS,
    )
    _wait_for_text(page, "#recipes-bucket-note", "step-count buckets")
    page.locator("#recipes-lift-kind label", has_text="Ingredients").click()
    _wait_for_text(page, "#recipes-lift-note", "ingredients reach at least")

    # The global focus (set by another tab's click) applies here too: fewer ratings in winter.
    page.locator("#recipes-bucket-dimension label", has_text="Preparation time").click()
    page.wait_for_function(
        f"() => ({NOTE_RATINGS})() > 0 && document.querySelector('#recipes-bucket-note')"
        ".innerText.includes('preparation-time')",
        timeout=CHART_TIMEOUT_MS,
    )
    all_ratings = page.evaluate(NOTE_RATINGS)
    page.goto(app_url + "/?tab=recipes&focus=season%3Awinter")
    wait_for_charts(page, N_CHARTS)
    page.wait_for_function(
        f"n => {{ const m = ({NOTE_RATINGS})(); return m > 0 && m < n; }}", arg=all_ratings, timeout=CHART_TIMEOUT_MS
    )


def test_search_opens_the_recipe_card_and_its_link(page, app_url):
    page.goto(app_url + "/?tab=recipes")
    wait_for_charts(page, N_CHARTS)
    page.get_by_text("Select a recipe in the results to see its card.").first.wait_for(timeout=CHART_TIMEOUT_MS)
    page.locator("#recipes-search").fill("salt")
    first = page.locator(".recipes-result").first
    first.wait_for(timeout=CHART_TIMEOUT_MS)
    assert page.locator(".recipes-result").count() <= 20
    name = first.locator(".fw-semibold").inner_text()
    first.click()
    page.wait_for_url(re.compile(r"recipe=\d+"), timeout=CHART_TIMEOUT_MS)
    card = page.locator("#recipes-detail-card")
    expect(page.locator("#recipes-detail-name")).to_have_text(name, timeout=CHART_TIMEOUT_MS)
    for heading in ("Ingredients", "Nutrition per serving", "Steps", "Most recent reviews"):
        expect(card.get_by_text(heading, exact=True)).to_be_visible(timeout=CHART_TIMEOUT_MS)
    assert card.locator("ol li").count() >= 1  # numbered steps
    expect(first).to_have_class(re.compile(r"\bactive\b"), timeout=CHART_TIMEOUT_MS)
    page.wait_for_function(
        f"s => {{ const x = ({X_LABELS})(s); return x && x.length >= 5; }}",
        arg=GRAPH.format(name="recipes-detail-ratings"),
        timeout=CHART_TIMEOUT_MS,
    )
    assert "tab=recipes" in page.url  # the shell's parameters are kept

    # The link alone (no selection kept in the browser session) opens the same card, in French after
    # a language switch.
    link = page.url
    page.evaluate("sessionStorage.clear()")
    page.goto(link)
    expect(page.locator("#recipes-detail-name")).to_have_text(name, timeout=CHART_TIMEOUT_MS)
    page.locator("label", has_text=re.compile(r"^FR$")).click()
    page.wait_for_url(re.compile(r"lang=fr"), timeout=CHART_TIMEOUT_MS)
    page.get_by_text("Nutrition par portion : médiane, IQR, moustaches 5–95 %").wait_for(timeout=CHART_TIMEOUT_MS)
    page.locator("#recipes-detail-card").get_by_text("Préparation").wait_for(timeout=CHART_TIMEOUT_MS)
    _wait_for_text(page, "#recipes-score-note", "Score médian")
