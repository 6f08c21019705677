"""Explorer callbacks: the AG Grid asks for blocks of rows (infinite row model) with its sort and
filter models; each request becomes a server-side view (app/export.py) whose rows and row count are
computed live, and the view's quality summary and download links follow the grid's state."""

from __future__ import annotations

from typing import Any, NamedTuple

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, get_relative_path, html, no_update
from dash.development.base_component import Component

from app import ids, schema
from app.export import (
    BOOLEAN,
    DATE,
    FILTER_TYPES,
    LIST,
    NUMBER,
    TEXT,
    TableView,
    ViewError,
    count_rows,
    export_path,
    page_rows,
    parse_filter_text,
    parse_sort_text,
    quality_summary,
    table_columns,
)
from app.filters import Filters, parse_search
from app.i18n import fmt_number, fmt_percent, normalize_language, t
from app.repository import get_repository
from callbacks.common import InvalidInput, View, callback, note_callback
from layouts import explorer as ui

# Characters of long text and joined lists shown in a cell (the download is complete).
CELL_CHARS = 80
# Characters of a text minimum / maximum shown in the quality summary.
RANGE_CHARS = 30
# Below this many rows, quartiles and fences are too noisy to read much into (the note says so).
SMALL_SAMPLE = 30
# Most rows one request may ask for (the grid asks for ui.BLOCK_SIZE at a time).
MAX_BLOCK_ROWS = 1_000
# Significant digits of a double shown in a cell (the download is exact).
DOUBLE_DIGITS = 6


# -- the grid --------------------------------------------------------------------------------


def _filter_params(kind: str, language: str) -> tuple[str, dict[str, Any]]:
    """The column filter of a kind of column and its options: exactly the conditions app/export.py
    turns into SQL (FILTER_TYPES); booleans get Yes / No options."""
    options: list[Any] = list(FILTER_TYPES[kind][1])
    params: dict[str, Any] = {"maxNumConditions": 2}
    if kind == BOOLEAN:
        # Named functions of assets/30_explorer_grid.js (AG Grid drops an option without a predicate).
        options = [
            "empty",
            *(
                {
                    "displayKey": key,
                    "displayName": t(f"explorer.{label}", language),
                    "numberOfInputs": 0,
                    "predicate": {"function": predicate},
                }
                for key, label, predicate in (("true", "yes", "isTrue"), ("false", "no", "isFalse"))
            ),
            "blank",
            "notBlank",
        ]
        params["maxNumConditions"] = 1
    if kind in (NUMBER, DATE):
        params["inRangeInclusive"] = True  # as the SQL's BETWEEN
    filter_name = {NUMBER: "agNumberColumnFilter", DATE: "agDateColumnFilter"}.get(kind, "agTextColumnFilter")
    return filter_name, {**params, "filterOptions": options, "defaultOption": options[0]}


def column_definitions(table: str, language: str) -> list[dict[str, Any]]:
    """AG Grid columns: translated headers (the tooltip names the column), typed filters, numbers right-aligned."""
    definitions = []
    for name, kind in table_columns(table).items():
        filter_name, filter_params = _filter_params(kind, language)
        tooltip = "explorer.weekday_tooltip" if name == "weekday" else "explorer.column_tooltip"
        definition: dict[str, Any] = {
            "field": name,
            "colId": name,
            "headerName": t(f"explorer.column.{name}", language),
            "headerTooltip": t(tooltip, language, column=name, kind=t(f"explorer.kind.{kind}", language)),
            "filter": filter_name,
            "filterParams": filter_params,
        }
        if kind == NUMBER:
            definition["type"] = "rightAligned"
        if kind == LIST:
            definition["sortable"] = False  # lists have no useful order
        if kind in (TEXT, LIST):
            definition.update(width=220, tooltipField=name)
        definitions.append(definition)
    return definitions


def state_view(state: Any, filters: Filters) -> TableView:
    """The view a grid state ({"table", "sort", "filter"}: URL parameters) describes, with the global filters."""
    if not isinstance(state, dict) or not isinstance(state.get("table"), str):
        raise InvalidInput("grid state", state)
    texts = [state.get(key) for key in ("filter", "sort")]
    if not all(text is None or isinstance(text, str) for text in texts):
        raise InvalidInput("grid state", state)
    return TableView.parse(state["table"], parse_filter_text(texts[0]), parse_sort_text(texts[1]), filters)


def grid_state(view: TableView) -> dict[str, str]:
    """The grid's state as URL parameters: the table, its sort and column filters (global filters apart)."""
    query = view.url_query()
    return {"table": view.table, **{key: query[key] for key in ("sort", "filter") if key in query}}


class GridSetup(NamedTuple):
    """What the grid setup callback sets, in its outputs' order."""

    grid: Component | None
    scope: str
    state: dict[str, str] | None
    table: str


def grid_setup(table: Any, language: str, filters_search: Any, trigger: Any, search: Any, state: Any) -> GridSetup:
    """A new grid for the table: when the tab opens, with the table, sort and filters of the page URL
    (``?tab=explorer&table=…&sort=…&filter=…``); on a new table, unsorted and unfiltered; on new
    global filters, with the sort and filters it had."""
    filters = Filters.from_query(parse_search(filters_search))
    table = table if isinstance(table, str) else ""
    start = {"table": table}
    if trigger is None:  # the tab opens: the URL's grid state, if it describes a table of the dataset
        query = parse_search(search)
        url_table = (query.get("table") or [""])[0]
        if url_table in get_repository().tables():
            table = url_table
        start = {"table": table, **{key: query[key][0] for key in ("sort", "filter") if query.get(key)}}
    elif trigger == ids.FILTERS_STORE and isinstance(state, dict) and state.get("table") == table:
        start = state
    try:
        view = state_view(start, filters)
    except (ViewError, InvalidInput):  # a shared link with a stale or broken grid state: the plain table
        view = TableView.parse(table, None, None, filters)
    initial: dict[str, Any] = {}
    if view.sort:
        initial["sort"] = {"sortModel": view.sort_model}
    if view.column_filters:
        initial["filter"] = {"filterModel": view.filter_model}
    scope = "explorer.scope.filtered" if view.global_filters_apply else "explorer.scope.raw"
    context = {"table": view.table, "filters": filters_search if isinstance(filters_search, str) else ""}
    # A new key remounts the grid: its datasource starts again with the new table or filters.
    new_grid = html.Div(
        ui.grid(column_definitions(view.table, language), language, context, initial),
        key=f"{view.table}|{context['filters']}",
    )
    return GridSetup(new_grid, t(scope, language), grid_state(view), view.table)


@callback(
    Output(ui.GRID_CONTAINER, "children"),
    Output(ui.SCOPE, "children"),
    Output(ui.GRID_STATE, "data"),
    Output(ui.TABLE, "value"),
    Input(ui.TABLE, "value"),
    Input(ids.FILTERS_STORE, "data"),
    State(ids.LANG_STORE, "data"),
    State(ids.URL, "search"),
    State(ui.GRID_STATE, "data"),
    prevent_initial_call=False,
)
def setup_grid(table: Any, filters_search: Any, language: Any, search: Any, state: Any):
    language = normalize_language(language)
    try:
        setup = grid_setup(table, language, filters_search, ctx.triggered_id, search, state)
    except ViewError as exc:
        return None, exc.text(language), None, no_update
    return setup.grid, setup.scope, setup.state, setup.table if setup.table != table else no_update


# -- blocks of rows -------------------------------------------------------------------------


class RowsBlock(NamedTuple):
    """What the rows callback sets, in its outputs' order."""

    response: dict[str, Any]
    status: str
    error: Component | None
    state: dict[str, str] | None


def _problem(message: str) -> RowsBlock:
    alert = dbc.Alert(message, color="warning", className="py-2 small mb-2", id="explorer-error-alert")
    return RowsBlock({"rowData": [], "rowCount": 0}, "", alert, None)


def _block_bounds(request: dict[str, Any]) -> tuple[int, int]:
    start, end = request.get("startRow"), request.get("endRow")
    if type(start) is not int or type(end) is not int or not 0 <= start < end or end - start > MAX_BLOCK_ROWS:
        raise InvalidInput("getRowsRequest", request)
    return start, end


def _double(value: float, language: str) -> str:
    text = f"{value:.{DOUBLE_DIGITS}g}"
    return text.replace(".", ",") if language == "fr" else text


def display_rows(rows: list[dict[str, Any]], view: TableView, language: str) -> list[dict[str, Any]]:
    """Cells as the grid shows them: booleans Yes / No (Oui / Non), weekdays by name, doubles with six
    significant digits and the language's decimal mark; other cells as the page query made them."""
    formats = {}
    for column, kind in view.columns.items():
        if kind == BOOLEAN:
            formats[column] = lambda v: t("explorer.yes" if v else "explorer.no", language)
        elif column == "weekday":
            formats[column] = lambda v: t(f"weekday.{v}", language) if v in range(1, 8) else str(v)
        elif schema.TABLES[view.table][column] == "DOUBLE":
            formats[column] = lambda v: _double(v, language)
    return [
        {
            column: (formats[column](value) if column in formats and value is not None else value)
            for column, value in row.items()
        }
        for row in rows
    ]


def rows_block(request: Any, language: str) -> RowsBlock:
    """Rows ``startRow`` to ``endRow`` of the view a grid request describes (its table and global filters
    in the grid's context, its sort and filter models), the row count, the status line and the grid state;
    an invalid request is explained, not run."""
    try:
        if not isinstance(request, dict) or not isinstance(request.get("context"), dict):
            raise InvalidInput("getRowsRequest", request)
        start, end = _block_bounds(request)
        context = request["context"]
        table, filters_search = context.get("table"), context.get("filters")
        view = TableView.parse(
            table if isinstance(table, str) else "",
            request.get("filterModel") or None,
            request.get("sortModel") or None,
            Filters.from_query(parse_search(filters_search)),
        )
    except (ViewError, InvalidInput) as exc:
        return _problem(exc.text(language))
    total = count_rows(view)
    rows = display_rows(page_rows(view, start, end - start, CELL_CHARS), view, language) if start < total else []
    status = (
        t("explorer.status", language, total=fmt_number(total, language), count=total)
        if total
        else t("explorer.status_empty", language)
    )
    return RowsBlock({"rowData": rows, "rowCount": total}, status, None, grid_state(view))


@callback(
    Output(ui.GRID, "getRowsResponse"),
    Output(ui.STATUS, "children"),
    Output(ui.ERROR, "children"),
    Output(ui.GRID_STATE, "data", allow_duplicate=True),
    Input(ui.GRID, "getRowsRequest"),
    State(ids.LANG_STORE, "data"),
    State(ui.GRID_STATE, "data"),
    prevent_initial_call=True,
    error_outputs=lambda message, _values: (*_problem(message)[:3], no_update),
)
def load_rows(request: Any, language: Any, state: Any):
    if request is None:  # the grid just mounted: no block asked for yet
        return no_update, no_update, no_update, no_update
    # A failure (the dataset unreadable, say) shows as the error alert: see error_outputs.
    block = rows_block(request, normalize_language(language))
    return (
        block.response,
        block.status,
        block.error,
        block.state if block.state is not None and block.state != state else no_update,
    )


def download_links(state: Any, view: View) -> tuple[str | None, str | None, dict[str, str]]:
    """The CSV and Parquet links of the grid's view (its sort, column filters and the global filters)."""
    try:
        table_view = state_view(state, view.filters)
    except (ViewError, InvalidInput):
        return None, None, {"display": "none"}
    return (export_path(table_view, "csv", view.language), export_path(table_view, "parquet", view.language), {})


@callback(Output(ids.EXPLORER_URL_STATE, "data"), Input(ui.GRID_STATE, "data"), prevent_initial_call=True)
def share_grid_state(state: Any):
    """The grid's state for the shell, which writes it into the URL (sync_url)."""
    return state if isinstance(state, dict) else no_update


@callback(
    Output(ui.DOWNLOAD_CSV, "href"),
    Output(ui.DOWNLOAD_PARQUET, "href"),
    Output(ui.DOWNLOADS, "style"),
    Input(ui.GRID_STATE, "data"),
    Input(ids.FILTERS_STORE, "data"),
    State(ids.LANG_STORE, "data"),
    prevent_initial_call=False,
)
def update_downloads(state: Any, filters_search: Any, language: Any):
    csv, parquet, style = download_links(state, View.from_stores(filters_search, language, None))
    return (get_relative_path(csv) if csv else None, get_relative_path(parquet) if parquet else None, style)


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
    lengths = (
        f"{_number(stats['min_length'], language)}–{_number(stats['max_length'], language)} "
        f"({fmt_number(stats['mean_length'], language, 1)})"
        if kind == LIST and non_null
        else "–"
    )
    cells: list[Component | str] = [
        html.Code(stats["column"]),
        t(f"explorer.kind.{kind}", language),
        fmt_number(stats["nulls"], language),
        _share(stats["nulls"], n_rows, language),
        _distinct(stats["n_distinct"], kind, language),
        "–" if kind == LIST else _range_value(stats["low"], kind, language),
        "–" if kind == LIST else _range_value(stats["high"], kind, language),
        outlier_text,
        lengths,
    ]
    return html.Tr(
        [html.Td(cell, className="text-end" if 2 <= i <= 4 or i == 7 else None) for i, cell in enumerate(cells)]
    )


def quality_notes(stats, n_rows: int, language: str) -> list[str]:
    """Interpretation generated from the numbers: size, completeness and far-out values."""
    notes = [t("explorer.quality.rows", language, rows=fmt_number(n_rows, language))]
    if n_rows < SMALL_SAMPLE:
        notes.append(t("explorer.quality.small", language))
    incomplete = stats[stats["nulls"] > 0]
    if len(incomplete):
        worst = incomplete.loc[incomplete["nulls"].idxmax()]
        notes.append(
            t(
                "explorer.quality.nulls_note",
                language,
                count=len(incomplete),
                total=len(stats),
                column=worst["column"],
                share=_share(worst["nulls"], n_rows, language),
            )
        )
    else:
        notes.append(t("explorer.quality.no_nulls", language))
    numeric = stats[stats["kind"] == NUMBER]
    with_outliers = numeric[numeric["outliers"].fillna(0) > 0]
    if len(with_outliers):
        worst = with_outliers.loc[with_outliers["outliers"].idxmax()]
        notes.append(
            t(
                "explorer.quality.outliers_note",
                language,
                count=len(with_outliers),
                total=len(numeric),
                column=worst["column"],
                outliers=fmt_number(worst["outliers"], language),
                share=_share(worst["outliers"], n_rows - worst["nulls"], language),
            )
        )
    else:
        notes.append(t("explorer.quality.no_outliers", language))
    return notes


def quality_panel(view: View, state: Any) -> Component:
    """Per-column quality of the grid's view (table, column filters, global filters) and what stands out."""
    language = view.language
    if state is None:  # before the grid is set up
        return html.Div()
    try:
        table_view = state_view(state, view.filters)
    except (ViewError, InvalidInput) as exc:
        return html.Div(exc.text(language), className="chart-empty")
    n_rows, stats = quality_summary(table_view)
    if n_rows == 0:
        return html.Div(t("chart.empty", language), className="chart-empty")
    headers = ["column", "kind", "nulls", "nulls_share", "distinct", "min", "max", "outliers", "lengths"]
    table_component = dbc.Table(
        [
            html.Thead(html.Tr([html.Th(t(f"explorer.quality.{key}", language)) for key in headers])),
            html.Tbody(
                [
                    _quality_row({str(k): v for k, v in row.items()}, n_rows, language)
                    for row in stats.to_dict("records")
                ]
            ),
        ],
        size="sm",
        striped=True,
        hover=True,
        responsive=True,
        className="mb-2",
        id="explorer-quality-table",
    )
    notes = [html.P(note, className="mb-1") for note in quality_notes(stats, n_rows, language)]
    method = html.P(t("explorer.quality.method", language), className="mb-0 small")
    notes_block = html.Div([*notes, method], className="interpretation", id="explorer-quality-notes")
    return html.Div([table_component, notes_block])


@note_callback(ui.QUALITY, Input(ui.GRID_STATE, "data"))
def quality_content(view: View, state: Any) -> Component:
    """The quality panel as the browser receives it, memoized like every chart and text (a new sort
    is a new key, whose statistics queries the repository has already memoized)."""
    return quality_panel(view, state)
