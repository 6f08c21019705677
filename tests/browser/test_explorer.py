"""The Explorer in Chromium against gunicorn behind nginx: server-side paging, sorting and
filtering, the quality summary, a streamed CSV download, the global filters and French texts."""

from __future__ import annotations

import csv
import re

import pytest

from tests.browser.helpers import CHART_TIMEOUT_MS

pytestmark = pytest.mark.browser

STATUS = "#explorer-status"


def wait_for_grid(page) -> None:
    """Until the table shows rows and the quality summary is computed."""
    page.wait_for_selector("#explorer-grid td.dash-cell", timeout=CHART_TIMEOUT_MS)
    page.wait_for_selector("#explorer-quality-table", timeout=CHART_TIMEOUT_MS)


def wait_for_status(page, pattern: str) -> re.Match:
    """Until the status line matches ``pattern``; the match, on the text the browser showed then."""
    shown = page.wait_for_function(
        """pattern => { const text = document.querySelector('#explorer-status').innerText;
                        return new RegExp(pattern).test(text) ? text : null; }""",
        arg=pattern, timeout=CHART_TIMEOUT_MS).json_value()
    return re.search(pattern, shown)


def column_values(page, column: str) -> list[str]:
    return page.locator(f'#explorer-grid td[data-dash-column="{column}"]').all_inner_texts()


def test_explorer_pages_sorts_filters_and_downloads(page, app_url):
    page.goto(app_url + "/?tab=explorer")
    wait_for_grid(page)
    assert page.get_by_text("Raw tables").is_visible()
    assert "global filters (years, minutes" in page.locator("#explorer-scope").inner_text()
    total = int(wait_for_status(page, r"Rows 1–25 of ([\d,]+) matching")[1].replace(",", ""))
    notes = page.locator("#explorer-quality-notes").inner_text()
    assert f"{total:,} rows in this view." in notes and "Q1 − 3·IQR" in notes
    assert page.locator("#explorer-quality-table").get_by_text("minutes", exact=True).is_visible()

    first_page_ids = column_values(page, "recipe_id")
    page.locator("#explorer-grid .next-page").click()
    wait_for_status(page, r"Rows 26–50 of")
    assert not set(column_values(page, "recipe_id")) & set(first_page_ids)

    page.locator('#explorer-grid th[data-dash-column="minutes"] .column-header--sort').first.click()
    wait_for_status(page, r"Rows 1–25 of")  # a new sort starts again at the first page
    page.wait_for_function(
        """() => { const v = Array.from(document.querySelectorAll('#explorer-grid td[data-dash-column="minutes"]'))
                     .map(td => Number(td.innerText.replace(/,/g, '')));
                   return v.length === 25 && v.every((x, i) => i === 0 || v[i - 1] <= x); }""",
        timeout=CHART_TIMEOUT_MS)

    minutes_filter = page.locator('#explorer-grid th.dash-filter[data-dash-column="minutes"] input[type=text]')
    minutes_filter.fill("> 60")
    minutes_filter.press("Enter")
    page.wait_for_function(f"() => !document.querySelector('{STATUS}').innerText.includes('of {total:,} matching')",
                           timeout=CHART_TIMEOUT_MS)
    filtered = int(wait_for_status(page, r"Rows 1–\d+ of ([\d,]+) matching")[1].replace(",", ""))
    assert 0 < filtered < total
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('#explorer-grid td[data-dash-column="minutes"]'))
                 .every(td => Number(td.innerText.replace(/,/g, '')) > 60)""", timeout=CHART_TIMEOUT_MS)
    page.wait_for_function(f"() => document.querySelector('#explorer-quality-notes').innerText"
                           f".includes('{filtered:,} rows in this view')", timeout=CHART_TIMEOUT_MS)

    with page.expect_download(timeout=CHART_TIMEOUT_MS) as download_info:
        page.locator("#explorer-download-csv").click()
    download = download_info.value
    assert download.suggested_filename == "mangetamain-recipes.csv"
    with open(download.path(), newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == filtered  # every matching row, not just the page
    minutes = [int(row["minutes"]) for row in rows]
    assert min(minutes) > 60 and minutes == sorted(minutes)


def test_explorer_global_filters_tables_and_french(page, app_url):
    # The cross-filter and the year filter of the URL apply to recipes.
    page.goto(app_url + "/?tab=explorer&focus=season:winter&sy=2005-2010")
    wait_for_grid(page)
    wait_for_status(page, r"Rows 1–")
    assert set(column_values(page, "season")) == {"winter"}
    assert all(2005 <= int(year) <= 2010 for year in column_values(page, "year"))

    page.goto(app_url + "/?tab=explorer&lang=fr")
    wait_for_grid(page)
    assert page.get_by_text("Tables brutes").is_visible()
    assert page.get_by_text("Qualité des données de la vue actuelle").is_visible()
    wait_for_status(page, r"Lignes 1 à 25 sur [\d\u202f ]+ retenues")
    minutes_filter = page.locator('#explorer-grid th.dash-filter[data-dash-column="minutes"] input[type=text]')
    minutes_filter.fill("> bientôt")
    minutes_filter.press("Enter")
    page.locator("#explorer-error-alert", has_text="Colonne minutes : « bientôt » n'est pas un nombre.").wait_for(
        timeout=CHART_TIMEOUT_MS)

    # A raw table: the global filters do not apply to it, nor to its download.
    page.goto(app_url + "/?tab=explorer&sy=2005-2010")
    wait_for_grid(page)
    page.locator("#explorer-table").click()
    page.get_by_text(re.compile(r"^recipe_tags \(")).click()
    page.wait_for_function("() => document.querySelector('#explorer-scope').innerText.includes('shown raw')",
                           timeout=CHART_TIMEOUT_MS)
    page.wait_for_selector('#explorer-grid td[data-dash-column="tag"]', timeout=CHART_TIMEOUT_MS)
    # The download links come with the page of rows, which may land after the columns.
    page.wait_for_function("""() => (document.querySelector('#explorer-download-parquet').getAttribute('href') || '')
                                    .startsWith('/export/recipe_tags.parquet')""", timeout=CHART_TIMEOUT_MS)
    href = page.locator("#explorer-download-parquet").get_attribute("href")
    assert href.startswith("/export/recipe_tags.parquet") and "sy=" not in href
