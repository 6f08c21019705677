"""Explorer tab: every table of the dataset in an AG Grid (infinite row model: blocks of rows sorted
and filtered on the server as the user scrolls), its data quality per column and a streamed download
of the current view."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from app.i18n import fmt_number, t
from app.repository import get_repository
from app.theme import SPINNER_COLOR
from layouts.components import SPINNER_DELAY_MS

TABLE = "explorer-table"
SCOPE = "explorer-scope"
GRID = "explorer-grid"
GRID_CONTAINER = "explorer-grid-container"
# The grid's state as URL parameters ({"table", "sort", "filter"}, see app/export.py url_query): read
# from the page URL when the tab opens, written as the user sorts and filters.
GRID_STATE = "explorer-grid-state"  # copied to the shell's ids.EXPLORER_URL_STATE for the URL
STATUS = "explorer-status"
ERROR = "explorer-error"
DOWNLOADS = "explorer-downloads"
DOWNLOAD_CSV = "explorer-download-csv"
DOWNLOAD_PARQUET = "explorer-download-parquet"
QUALITY = "explorer-quality"

PAGE_SIZE = 25  # rows in view at once
ROW_HEIGHT = 30
# Rows per block the grid asks the server for as it scrolls (AG Grid's cacheBlockSize).
BLOCK_SIZE = 100
# Height of the grid (header, filter row, PAGE_SIZE rows of 30 px, the scrollbar): fixed, and reserved
# before the grid arrives, so the quality card below does not jump down when it does.
GRID_MIN_HEIGHT = f"{ROW_HEIGHT * (PAGE_SIZE + 2) + 46}px"
DEFAULT_TABLE = "recipes"


# AG Grid's own texts in French (the filters, the loading and empty overlays); English is its default.
GRID_LOCALE_FR = {
    "filterOoo": "Filtrer…",
    "equals": "Égal à",
    "notEqual": "Différent de",
    "blank": "Vide",
    "notBlank": "Non vide",
    "empty": "Choisir…",
    "lessThan": "Inférieur à",
    "greaterThan": "Supérieur à",
    "lessThanOrEqual": "Inférieur ou égal à",
    "greaterThanOrEqual": "Supérieur ou égal à",
    "inRange": "Entre",
    "inRangeStart": "De",
    "inRangeEnd": "À",
    "contains": "Contient",
    "notContains": "Ne contient pas",
    "startsWith": "Commence par",
    "endsWith": "Se termine par",
    "dateFormatOoo": "aaaa-mm-jj",
    "before": "Avant",
    "after": "Après",
    "andCondition": "ET",
    "orCondition": "OU",
    "applyFilter": "Appliquer",
    "resetFilter": "Réinitialiser",
    "clearFilter": "Effacer",
    "cancelFilter": "Annuler",
    "loadingOoo": "Chargement…",
    "loadingError": "Erreur",
    "noRowsToShow": "Aucune ligne",
    "filterConditions": "Conditions",
    "ariaFilterInput": "Saisie du filtre",
    "ariaFilteringOperator": "Opérateur de filtre",
    "ariaFilterValue": "Valeur du filtre",
    "ariaFilterFromValue": "Filtrer à partir de",
    "ariaFilterToValue": "Filtrer jusqu'à",
    "ariaColumn": "Colonne",
    "ariaSortableColumn": "Appuyez sur Entrée pour trier",
    "ariaFilterColumn": "Appuyez sur Ctrl+Entrée pour filtrer",
    "ariaMenuColumn": "Appuyez sur Alt+Bas pour le menu",
    "ariaFilterList": "Filtre",
    "ariaSearchFilterValues": "Rechercher des valeurs",
}

# The grid's colours follow the theme through the shell's CSS variables (AG Grid's theming parameters,
# evaluated by dash-ag-grid's own expression parser: no eval, which the page's CSP forbids).
GRID_THEME = {
    "function": (
        "themeQuartz.withParams({backgroundColor: 'var(--kitchen-card)', foregroundColor: 'var(--kitchen-text)', "
        "headerBackgroundColor: 'var(--bs-tertiary-bg)', headerTextColor: 'var(--kitchen-primary-text)', "
        "borderColor: 'var(--kitchen-border)', "
        "chromeBackgroundColor: 'var(--kitchen-card)', oddRowBackgroundColor: 'var(--kitchen-main)', "
        "accentColor: 'var(--kitchen-primary)', fontFamily: 'var(--bs-font-sans-serif)', fontSize: 13, "
        "headerFontWeight: 600, "
        "rowHeight: " + str(ROW_HEIGHT) + ", headerHeight: 34, spacing: 5})"
    )
}


def grid(
    column_defs: list[dict[str, Any]], language: str, context: dict[str, Any], initial_state: dict[str, Any]
) -> dag.AgGrid:
    """The Explorer's grid: its rows come block by block from the server (infinite row model), which
    sorts and filters them; ``context`` (the table and global filters) comes back with each request;
    ``initial_state`` holds the sort and filter models to start with."""
    options: dict[str, Any] = {
        "cacheBlockSize": BLOCK_SIZE,
        "maxConcurrentDatasourceRequests": 1,  # one block at a time: each response answers the latest request
        "blockLoadDebounceMillis": 100,
        "infiniteInitialRowCount": 1,
        "rowHeight": ROW_HEIGHT,
        "context": context,  # sent back with every block request: the table and global filters it shows
        "theme": GRID_THEME,
        "tooltipShowDelay": 400,
        "suppressCellFocus": False,
        "enableCellTextSelection": True,
    }
    if initial_state:
        options["initialState"] = initial_state
    if language == "fr":
        options["localeText"] = GRID_LOCALE_FR
    return dag.AgGrid(
        id=GRID,
        columnDefs=column_defs,
        rowModelType="infinite",
        defaultColDef={
            "sortable": True,
            "resizable": True,
            "floatingFilter": True,
            "cellDataType": False,
            "suppressHeaderMenuButton": True,
            "minWidth": 80,
            "width": 140,
        },
        dashGridOptions=options,
        style={"height": GRID_MIN_HEIGHT, "width": "100%"},
        className="explorer-grid",
    )


def table_options(language: str) -> list[dict[str, str]]:
    """The dataset's tables with their row counts."""
    counts = get_repository().manifest().get("row_counts", {})
    return [
        {
            "label": t("explorer.table_option", language, table=table, rows=fmt_number(counts.get(table), language)),
            "value": table,
        }
        for table in get_repository().tables()
    ]


def layout(language: str) -> html.Div:
    options = table_options(language)
    tables = [option["value"] for option in options]
    download_link: dict[str, Any] = {
        "className": "btn btn-sm btn-outline-primary ms-2",
        "download": "",
        "title": t("explorer.download_title", language),
    }
    return html.Div(
        [
            dbc.Card(
                [
                    dbc.CardHeader(t("explorer.title", language)),
                    dbc.CardBody(
                        [
                            dbc.Row(
                                [
                                    dbc.Col(
                                        [
                                            html.Label(
                                                t("explorer.table", language),
                                                htmlFor=TABLE,
                                                className="small text-secondary",
                                            ),
                                            dcc.Dropdown(
                                                id=TABLE,
                                                options=options,
                                                clearable=False,
                                                persistence=True,
                                                persistence_type="session",
                                                value=DEFAULT_TABLE if DEFAULT_TABLE in tables else tables[0],
                                            ),
                                        ],
                                        md=4,
                                    ),
                                    dbc.Col(html.Div(id=SCOPE, className="interpretation mt-4 reserve-line"), md=8),
                                ],
                                className="g-2",
                            ),
                            html.Div(t("explorer.help", language), className="interpretation mx-0"),
                            html.Div(id=ERROR),
                            html.Div(
                                [
                                    html.Span(id=STATUS, className="me-auto small"),
                                    html.Div(
                                        [
                                            html.Span(
                                                t("explorer.download", language), className="small text-secondary"
                                            ),
                                            html.A("CSV", id=DOWNLOAD_CSV, **download_link),
                                            html.A("Parquet", id=DOWNLOAD_PARQUET, **download_link),
                                        ],
                                        id=DOWNLOADS,
                                    ),
                                    # As tall as the download buttons, which come with the grid: nothing below
                                    # moves then.
                                ],
                                className="d-flex align-items-center flex-wrap gap-2 mb-2",
                                style={"minHeight": "2rem"},
                            ),
                            dcc.Store(id=GRID_STATE),
                            dcc.Loading(
                                html.Div(id=GRID_CONTAINER, style={"minHeight": GRID_MIN_HEIGHT}),
                                delay_show=SPINNER_DELAY_MS,
                                color=SPINNER_COLOR,
                                parent_style={"minHeight": GRID_MIN_HEIGHT},
                                # Only a new grid: its own loading rows show while blocks come in. (Dash types
                                # target_components as a TypedDict keyed by the component ids it lists.)
                                target_components={GRID_CONTAINER: "children"},  # type: ignore[arg-type]
                            ),
                        ]
                    ),
                ],
                className="chart-card mb-3",
            ),
            dbc.Card(
                [
                    dbc.CardHeader(t("explorer.quality.title", language)),
                    dbc.CardBody(
                        dcc.Loading(
                            html.Div(id=QUALITY, style={"minHeight": "120px"}),
                            delay_show=SPINNER_DELAY_MS,
                            color=SPINNER_COLOR,
                        )
                    ),
                ],
                className="chart-card mb-3",
            ),
        ]
    )
