"""Explorer callbacks: the DataTable's page, sort and filter state becomes a server-side view
(app/export.py) whose page, row count, quality summary and download links are computed live."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, get_relative_path, html
from dash.development.base_component import Component

from app import ids, schema
from app.export import (LIST, NUMBER, TEXT, TableView, ViewError, count_rows, export_path, page_rows, quality_summary,
                        table_columns)
from app.i18n import fmt_number, fmt_percent, normalize_language, t
from callbacks.common import InvalidInput, View, callback, note_callback, view_inputs
from layouts import explorer as ui

# Characters of long text and joined lists shown in a cell (the download is complete).
CELL_CHARS = 80
# Characters of a text minimum / maximum shown in the quality summary.
RANGE_CHARS = 30
# Below this many rows, quartiles and fences are too noisy to read much into (the note says so).
SMALL_SAMPLE = 30


# -- table choice --------------------------------------------------------------------------

def column_definitions(table: str, language: str) -> list[dict[str, Any]]:
    """DataTable columns: numbers right-aligned (doubles with 6 significant digits), a filter hint per kind."""
    definitions = []
    for name, kind in table_columns(table).items():
        definition: dict[str, Any] = {
            "name": name, "id": name,
            "filter_options": {"placeholder_text": t(f"explorer.placeholder.{kind}", language)},
        }
        if kind == NUMBER:
            definition["type"] = "numeric"
            if schema.TABLES[table][name] == "DOUBLE":
                definition["format"] = {"specifier": ".6~g"}
        definitions.append(definition)
    return definitions


def table_setup(table: str, language: str) -> tuple[list[dict], list, str, str]:
    """Columns of the chosen table, its sort and filters cleared, and whether global filters apply."""
    scope = "explorer.scope.filtered" if TableView.parse(table).global_filters_apply else "explorer.scope.raw"
    return column_definitions(table, language), [], "", t(scope, language)


def table_inputs(table: Any, filter_query: Any, sort_by: Any) -> tuple[str, str | None, list | None]:
    """The DataTable's state as the view parser takes it: a table name (any other value names no
    table), the filter text and the sort list; a filter or sort of another type raises InvalidInput."""
    if filter_query is not None and not isinstance(filter_query, str):
        raise InvalidInput("filter_query", filter_query)
    if sort_by is not None and not isinstance(sort_by, list):
        raise InvalidInput("sort_by", sort_by)
    return (table if isinstance(table, str) else ""), filter_query, sort_by


@callback(
    Output(ui.GRID, "columns"), Output(ui.GRID, "sort_by"), Output(ui.GRID, "filter_query"),
    Output(ui.SCOPE, "children"),
    Input(ui.TABLE, "value"), State(ids.LANG_STORE, "data"),
    prevent_initial_call=False,
)
def choose_table(table: Any, language: Any):
    language = normalize_language(language)
    try:
        return table_setup(table if isinstance(table, str) else "", language)
    except ViewError as exc:
        return [], [], "", exc.text(language)


# -- page ----------------------------------------------------------------------------------

class PageContent(NamedTuple):
    """What the page callback sets, in its outputs' order."""

    data: list[dict[str, Any]]
    page_current: int
    page_count: int
    status: str
    error: Component | None
    downloads_style: dict[str, str]
    csv_href: str | None
    parquet_href: str | None


def _problem(message: str) -> PageContent:
    alert = dbc.Alert(message, color="warning", className="py-2 small mb-2", id="explorer-error-alert")
    return PageContent([], 0, 0, "", alert, {"display": "none"}, None, None)


def page_content(view: View, table: Any, page_current: Any, sort_by: Any, filter_query: Any,
                 page_size: int = ui.PAGE_SIZE) -> PageContent:
    """One page of the view, clamped to the last page; an invalid filter or sort is explained, not run."""
    language = view.language
    try:
        table_view = TableView.parse(*table_inputs(table, filter_query, sort_by), view.filters)
    except (ViewError, InvalidInput) as exc:
        return _problem(exc.text(language))
    total = count_rows(table_view)
    page_count = max(1, math.ceil(total / page_size))
    valid_page = type(page_current) is int and page_current > 0  # a bool, a float or a text is the first page
    page = min(page_current if valid_page else 0, page_count - 1)
    rows = page_rows(table_view, page, page_size, CELL_CHARS) if total else []
    first = page * page_size + 1
    status = (t("explorer.status", language, first=fmt_number(first, language),
                last=fmt_number(first + len(rows) - 1, language), total=fmt_number(total, language))
              if total else t("explorer.status_empty", language))
    return PageContent(rows, page, page_count, status, None, {}, export_path(table_view, "csv", language),
                       export_path(table_view, "parquet", language))


@callback(
    Output(ui.GRID, "data"), Output(ui.GRID, "page_current"), Output(ui.GRID, "page_count"),
    Output(ui.STATUS, "children"), Output(ui.ERROR, "children"), Output(ui.DOWNLOADS, "style"),
    Output(ui.DOWNLOAD_CSV, "href"), Output(ui.DOWNLOAD_PARQUET, "href"),
    Input(ui.TABLE, "value"), Input(ui.GRID, "page_current"), Input(ui.GRID, "sort_by"), Input(ui.GRID, "filter_query"),
    *view_inputs(),
    prevent_initial_call=False,
    error_outputs=lambda message, _values: tuple(_problem(message)),
)
def update_page(table, page_current, sort_by, filter_query, filters_search, language, theme):
    view = View.from_stores(filters_search, language, theme)
    # Only a page change keeps the page; a new table, sort or filter starts again at the first.
    paging = set(ctx.triggered_prop_ids) == {f"{ui.GRID}.page_current"}
    # A failure (the dataset unreadable, say) shows as the error alert: see error_outputs.
    content = page_content(view, table, page_current if paging else 0, sort_by, filter_query)
    links = [get_relative_path(href) if href else None for href in (content.csv_href, content.parquet_href)]
    return tuple(content._replace(csv_href=links[0], parquet_href=links[1]))


# -- quality summary -------------------------------------------------------------------------

def _number(value: float | None, language: str) -> str:
    """Integers without decimals, other values with two; digits grouped from five digits on (2005, 12,000)."""
    if value is None or value != value:
        return "–"
    text = fmt_number(value, language, 0 if float(value).is_integer() else 2)
    if abs(value) < 10_000:
        text = text.replace("\u202f" if language == "fr" else ",", "")
    return text


def _share(part: float, whole: float, language: str) -> str:
    """A percentage; a small non-zero share reads "< 0.1%", not a misleading "0.0%"."""
    share = part / whole
    return "< " + fmt_percent(0.001, language) if 0 < share < 0.0005 else fmt_percent(share, language)


def _distinct(count: float | None, kind: str, language: str) -> str:
    """Exact distinct counts, except text columns' HyperLogLog estimates, marked ≈."""
    if kind == LIST:
        return "–"
    return ("≈ " if kind == TEXT else "") + fmt_number(count, language)


def _range_value(value: Any, kind: str, language: str) -> str:
    if kind == NUMBER:
        return _number(value, language)
    if value is None:
        return "–"
    text = " ".join(str(value).split())
    return text[:RANGE_CHARS] + ("…" if len(text) > RANGE_CHARS else "")


def _quality_row(stats: dict[str, Any], n_rows: int, language: str) -> html.Tr:
    kind = stats["kind"]
    non_null = n_rows - int(stats["nulls"])
    if kind == NUMBER and non_null:
        outliers = int(stats["outliers"])
        outlier_text = f"{fmt_number(outliers, language)} ({_share(outliers, non_null, language)})"
    else:
        outlier_text = "–"
    lengths = (f"{_number(stats['min_length'], language)}–{_number(stats['max_length'], language)} "
               f"({fmt_number(stats['mean_length'], language, 1)})" if kind == LIST and non_null else "–")
    cells = [
        html.Code(stats["column"]), t(f"explorer.kind.{kind}", language),
        fmt_number(stats["nulls"], language), _share(stats["nulls"], n_rows, language),
        _distinct(stats["n_distinct"], kind, language),
        "–" if kind == LIST else _range_value(stats["low"], kind, language),
        "–" if kind == LIST else _range_value(stats["high"], kind, language),
        outlier_text, lengths,
    ]
    return html.Tr([html.Td(cell, className="text-end" if 2 <= i <= 4 or i == 7 else None)
                    for i, cell in enumerate(cells)])


def quality_notes(stats, n_rows: int, language: str) -> list[str]:
    """Interpretation generated from the numbers: size, completeness and far-out values."""
    notes = [t("explorer.quality.rows", language, rows=fmt_number(n_rows, language))]
    if n_rows < SMALL_SAMPLE:
        notes.append(t("explorer.quality.small", language))
    incomplete = stats[stats["nulls"] > 0]
    if len(incomplete):
        worst = incomplete.loc[incomplete["nulls"].idxmax()]
        notes.append(t("explorer.quality.nulls_note", language, count=len(incomplete), total=len(stats),
                       column=worst["column"], share=_share(worst["nulls"], n_rows, language)))
    else:
        notes.append(t("explorer.quality.no_nulls", language))
    numeric = stats[stats["kind"] == NUMBER]
    with_outliers = numeric[numeric["outliers"].fillna(0) > 0]
    if len(with_outliers):
        worst = with_outliers.loc[with_outliers["outliers"].idxmax()]
        notes.append(t("explorer.quality.outliers_note", language, count=len(with_outliers), total=len(numeric),
                       column=worst["column"], outliers=fmt_number(worst["outliers"], language),
                       share=_share(worst["outliers"], n_rows - worst["nulls"], language)))
    else:
        notes.append(t("explorer.quality.no_outliers", language))
    return notes


def quality_panel(view: View, table: Any, filter_query: Any) -> Component:
    """Per-column quality of the view (table, column filters, global filters) and what stands out."""
    language = view.language
    try:
        table_view = TableView.parse(*table_inputs(table, filter_query, None), view.filters)
    except (ViewError, InvalidInput) as exc:
        return html.Div(exc.text(language), className="chart-empty")
    n_rows, stats = quality_summary(table_view)
    if n_rows == 0:
        return html.Div(t("chart.empty", language), className="chart-empty")
    headers = ["column", "kind", "nulls", "nulls_share", "distinct", "min", "max", "outliers", "lengths"]
    table_component = dbc.Table([
        html.Thead(html.Tr([html.Th(t(f"explorer.quality.{key}", language)) for key in headers])),
        html.Tbody([_quality_row(row, n_rows, language) for row in stats.to_dict("records")]),
    ], size="sm", striped=True, hover=True, responsive=True, className="mb-2", id="explorer-quality-table")
    notes = [html.P(note, className="mb-1") for note in quality_notes(stats, n_rows, language)]
    method = html.P(t("explorer.quality.method", language), className="mb-0 small")
    notes_block = html.Div([*notes, method], className="interpretation", id="explorer-quality-notes")
    return html.Div([table_component, notes_block])


@note_callback(ui.QUALITY, Input(ui.TABLE, "value"), Input(ui.GRID, "filter_query"))
def quality_content(view: View, table: Any, filter_query: Any) -> Component:
    """The quality panel as the browser receives it, memoized like every chart and text."""
    return quality_panel(view, table, filter_query)
