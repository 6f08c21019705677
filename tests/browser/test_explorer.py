"""The Explorer in Chromium against gunicorn behind nginx (its CSP forbids eval): the AG Grid's
infinite row model sorted on two columns and filtered on the server, the next block loaded on
scrolling, the quality summary, a streamed CSV download of the grid's view, the grid state from the
URL, the global filters and French texts and values."""

from __future__ import annotations

import csv
import json
import re
from urllib.parse import parse_qs, urlencode

import pytest

from tests.browser.helpers import CHART_TIMEOUT_MS

pytestmark = pytest.mark.browser

GRID = "#explorer-grid"
BLOCK = 100  # layouts/explorer.py BLOCK_SIZE


def wait_for_grid(page) -> None:
    """Until the grid shows its first row and the quality summary is computed."""
    page.wait_for_function(
        """() => { const cell = document.querySelector('#explorer-grid .ag-row[row-index="0"] .ag-cell');
                   return cell && cell.innerText.trim().length > 0; }""",
        timeout=CHART_TIMEOUT_MS,
    )
    page.wait_for_selector("#explorer-quality-table", timeout=CHART_TIMEOUT_MS)


def wait_for_status(page, pattern: str) -> re.Match:
    """Until the status line matches ``pattern``; the match, on the text the browser showed then."""
    shown = page.wait_for_function(
        """pattern => { const text = document.querySelector('#explorer-status').innerText;
                        return new RegExp(pattern).test(text) ? text : null; }""",
        arg=pattern,
        timeout=CHART_TIMEOUT_MS,
    ).json_value()
    return re.search(pattern, shown)


def grid_query(page) -> dict[str, list[str]]:
    """The view the CSV link describes (it follows the grid's sort and filters)."""
    href = page.locator("#explorer-download-csv").get_attribute("href") or ""
    return parse_qs(href.partition("?")[2])


def wait_for_link(page, fragment: str) -> None:
    page.wait_for_function(
        """fragment => (document.querySelector('#explorer-download-csv').getAttribute('href') || '')
                       .includes(fragment)""",
        arg=fragment,
        timeout=CHART_TIMEOUT_MS,
    )


def rows(page, first: int, last: int, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows ``first``..``last`` as rendered, once they are all loaded (no loading placeholder)."""
    return page.wait_for_function(
        """([first, last, columns]) => {
               const rows = [];
               for (let i = first; i <= last; i++) {
                   const row = {};
                   for (const column of columns) {
                       const cell = document.querySelector(
                           `#explorer-grid .ag-row[row-index="${i}"] .ag-cell[col-id="${column}"]`);
                       if (!cell || cell.querySelector('.ag-loading') || cell.innerText.trim() === '') return null;
                       row[column] = cell.innerText.trim();
                   }
                   rows.push(row);
               }
               return rows;
           }""",
        arg=[first, last, list(columns)],
        timeout=CHART_TIMEOUT_MS,
    ).json_value()


def header(page, column: str):
    return page.locator(f'{GRID} .ag-header-cell[col-id="{column}"] .ag-header-cell-label')


def header_text(page, column: str) -> str:
    return page.locator(f'{GRID} .ag-header-cell[col-id="{column}"] .ag-header-cell-text').inner_text()


def in_order(keys: list[tuple]) -> bool:
    return all(keys[i] <= keys[i + 1] for i in range(len(keys) - 1))


def test_explorer_sorts_on_two_columns_filters_scrolls_and_downloads(page, app_url):
    page.goto(app_url + "/?tab=explorer")
    wait_for_grid(page)
    assert page.get_by_text("Raw tables").is_visible()
    assert "global filters (years, minutes" in page.locator("#explorer-scope").inner_text()
    total = int(wait_for_status(page, r"^([\d,]+) matching rows")[1].replace(",", ""))
    notes = page.locator("#explorer-quality-notes").inner_text()
    assert f"{total:,} rows in this view." in notes and "Q1 − 3·IQR" in notes
    assert header_text(page, "minutes") == "Minutes"

    # Sort by minutes, then (Shift+click twice) by year descending: the server orders the rows.
    header(page, "minutes").click()
    wait_for_link(page, "sort=minutes%3Aasc")
    header(page, "year").click(modifiers=["Shift"])
    wait_for_link(page, "sort=minutes%3Aasc%2Cyear%3Aasc")
    header(page, "year").click(modifiers=["Shift"])
    wait_for_link(page, "sort=minutes%3Aasc%2Cyear%3Adesc")
    # The page URL carries the grid's state too, so the view can be shared.
    page.wait_for_url(re.compile(r"sort=minutes%3Aasc%2Cyear%3Adesc"), timeout=CHART_TIMEOUT_MS)
    assert "table=recipes" in page.url and "tab=explorer" in page.url

    # Filter the name: the floating filter under its header (a text filter: contains).
    name_filter = page.locator(f'{GRID} .ag-floating-filter[aria-colindex="2"] input')
    name_filter.fill("a")
    wait_for_link(page, "filter=")
    query = grid_query(page)
    assert json.loads(query["filter"][0]) == {"name": {"filterType": "text", "type": "contains", "filter": "a"}}
    filtered = int(wait_for_status(page, r"^([\d,]+) matching rows")[1].replace(",", ""))
    assert BLOCK < filtered < total  # more than one block

    columns = ("recipe_id", "name", "minutes", "year")
    first_block = rows(page, 0, 9, columns)

    # Scroll to the end of the first block: the grid asks the server for the next one.
    page.locator(f"{GRID} .ag-body-viewport").evaluate("(el) => { el.scrollTop = 30 * 95; }")
    next_rows = rows(page, BLOCK - 3, BLOCK + 3, columns)

    with page.expect_download(timeout=CHART_TIMEOUT_MS) as download_info:
        page.locator("#explorer-download-csv").click()
    download = download_info.value
    assert download.suggested_filename == "mangetamain-recipes.csv"
    with open(download.path(), newline="", encoding="utf-8") as handle:
        downloaded = list(csv.DictReader(handle))
    # The download is the grid's view: every matching row, in the grid's order.
    assert len(downloaded) == filtered
    assert all("a" in row["name"].lower() for row in downloaded)
    keys = [(int(row["minutes"]), -int(row["year"])) for row in downloaded]
    assert in_order(keys)  # minutes ascending, then year descending
    assert len(set(keys)) < len(keys) / 2  # ties on both keys: the row key orders them
    assert [row["recipe_id"] for row in first_block] == [row["recipe_id"] for row in downloaded[:10]]
    assert [row["recipe_id"] for row in next_rows] == [row["recipe_id"] for row in downloaded[BLOCK - 3 : BLOCK + 4]]
    assert [(row["minutes"], row["year"]) for row in next_rows] == [
        (row["minutes"], row["year"]) for row in downloaded[BLOCK - 3 : BLOCK + 4]
    ]
    page.wait_for_function(
        f"() => document.querySelector('#explorer-quality-notes').innerText.includes('{filtered:,} rows in this view')",
        timeout=CHART_TIMEOUT_MS,
    )


def test_explorer_grid_state_from_the_url_global_filters_and_french(page, app_url):
    # A shared link: the table, its sort and filter, the global year filter; French headers and values.
    state = {
        "table": "interactions",
        "sort": "rating:desc,date:asc",
        "filter": json.dumps({"rating": {"filterType": "number", "type": "greaterThanOrEqual", "filter": 4}}),
    }
    page.goto(app_url + "/?" + urlencode({"tab": "explorer", "lang": "fr", "iy": "2005-2010", **state}))
    wait_for_grid(page)
    assert page.get_by_text("Tables brutes").is_visible()
    assert page.get_by_text("Qualité des données de la vue actuelle").is_visible()
    wait_for_status(page, r"^[\d\u202f ]+ lignes retenues")
    assert header_text(page, "rating") == "Note" and header_text(page, "is_weekend") == "Week-end"
    shown = rows(page, 0, 19, ("rating", "date", "year", "weekday", "is_weekend"))
    assert all(int(row["rating"]) >= 4 and 2005 <= int(row["year"]) <= 2010 for row in shown)
    assert in_order([(-int(row["rating"]), row["date"]) for row in shown])
    assert {row["is_weekend"] for row in shown} <= {"Oui", "Non"}
    assert {row["weekday"] for row in shown} <= {"Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim"}
    query = grid_query(page)
    assert query["sort"] == ["rating:desc,date:asc"] and query["iy"] == ["2005-2010"] and query["lang"] == ["fr"]

    # A raw table: the global filters do not apply to it, nor to its download.
    page.goto(app_url + "/?tab=explorer&sy=2005-2010")
    wait_for_grid(page)
    page.locator("#explorer-table").click()
    page.get_by_text(re.compile(r"^recipe_tags \(")).click()
    page.wait_for_function(
        "() => document.querySelector('#explorer-scope').innerText.includes('shown raw')", timeout=CHART_TIMEOUT_MS
    )
    page.wait_for_selector(f'{GRID} .ag-row[row-index="0"] .ag-cell[col-id="tag"]', timeout=CHART_TIMEOUT_MS)
    page.wait_for_function(
        """() => (document.querySelector('#explorer-download-parquet').getAttribute('href') || '')
                                    .startsWith('/export/recipe_tags.parquet')""",
        timeout=CHART_TIMEOUT_MS,
    )
    href = page.locator("#explorer-download-parquet").get_attribute("href")
    assert "sy=" not in href and "sort=" not in href
