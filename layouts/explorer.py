"""Explorer tab: every table of the dataset, paged, sorted and filtered on the server, its
data quality per column and a streamed download of the current view."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dash_table, dcc, html

from app.i18n import fmt_number, register, t
from app.repository import get_repository
from layouts.components import SPINNER_DELAY_MS

TABLE = "explorer-table"
SCOPE = "explorer-scope"
GRID = "explorer-grid"
STATUS = "explorer-status"
ERROR = "explorer-error"
DOWNLOADS = "explorer-downloads"
DOWNLOAD_CSV = "explorer-download-csv"
DOWNLOAD_PARQUET = "explorer-download-parquet"
QUALITY = "explorer-quality"

PAGE_SIZE = 25
DEFAULT_TABLE = "recipes"

register({
    "tab.explorer": {"en": "Explorer", "fr": "Explorateur"},
    "explorer.title": {"en": "Raw tables", "fr": "Tables brutes"},
    "explorer.table": {"en": "Table", "fr": "Table"},
    "explorer.table_option": {"en": "{table} ({rows} rows)", "fr": "{table} ({rows} lignes)"},
    "explorer.scope.filtered": {
        "en": "The global filters (years, minutes, rating 0, tags, ingredients, cross-filter) apply to this table.",
        "fr": "Les filtres globaux (années, minutes, note 0, tags, ingrédients, filtre croisé) s'appliquent à cette table."},
    "explorer.scope.raw": {
        "en": "This table is shown raw: the global filters apply only to recipes and interactions.",
        "fr": "Cette table est affichée brute : les filtres globaux ne s'appliquent qu'aux recettes et aux interactions."},
    "explorer.help": {
        "en": "Sort by clicking a header; filter by typing under it, then Enter: > 30, <= 5, = 2008 (exact), "
              "cake (contains, ignoring case), >= 2008-01-01, is blank. Long texts and lists are truncated here, "
              "complete in the download.",
        "fr": "Triez en cliquant un en-tête ; filtrez en tapant dessous, puis Entrée : > 30, <= 5, = 2008 (exact), "
              "gâteau (contient, sans tenir compte de la casse), >= 2008-01-01, is blank. Textes longs et listes "
              "sont tronqués ici, complets dans le téléchargement."},
    "explorer.placeholder.number": {"en": "e.g. > 30", "fr": "ex. > 30"},
    "explorer.placeholder.text": {"en": "contains…", "fr": "contient…"},
    "explorer.placeholder.date": {"en": "e.g. >= 2008-01-01", "fr": "ex. >= 2008-01-01"},
    "explorer.placeholder.boolean": {"en": "true / false", "fr": "true / false"},
    "explorer.placeholder.list": {"en": "contains…", "fr": "contient…"},
    "explorer.status": {"en": "Rows {first}–{last} of {total} matching", "fr": "Lignes {first} à {last} sur {total} retenues"},
    "explorer.status_empty": {"en": "No row matches the filters.", "fr": "Aucune ligne ne correspond aux filtres."},
    "explorer.download": {"en": "Download this view:", "fr": "Télécharger cette vue :"},
    "explorer.download_title": {
        "en": "All matching rows, with the column filters, sort and global filters, complete (not truncated)",
        "fr": "Toutes les lignes retenues, avec filtres de colonnes, tri et filtres globaux, complètes (non tronquées)"},
    "explorer.quality.title": {"en": "Data quality of the current view", "fr": "Qualité des données de la vue actuelle"},
    "explorer.quality.column": {"en": "Column", "fr": "Colonne"},
    "explorer.quality.kind": {"en": "Type", "fr": "Type"},
    "explorer.quality.nulls": {"en": "Empty cells", "fr": "Cellules vides"},
    "explorer.quality.nulls_share": {"en": "Empty %", "fr": "% vides"},
    "explorer.quality.distinct": {"en": "Distinct", "fr": "Distinctes"},
    "explorer.quality.min": {"en": "Min", "fr": "Min"},
    "explorer.quality.max": {"en": "Max", "fr": "Max"},
    "explorer.quality.outliers": {"en": "Far-out values", "fr": "Valeurs extrêmes"},
    "explorer.quality.lengths": {"en": "List length: min–max (mean)", "fr": "Longueur des listes : min–max (moyenne)"},
    "explorer.kind.number": {"en": "number", "fr": "nombre"},
    "explorer.kind.text": {"en": "text", "fr": "texte"},
    "explorer.kind.date": {"en": "date", "fr": "date"},
    "explorer.kind.boolean": {"en": "true/false", "fr": "vrai/faux"},
    "explorer.kind.list": {"en": "list", "fr": "liste"},
    "explorer.quality.rows": {"en": "{rows} rows in this view.", "fr": "{rows} lignes dans cette vue."},
    "explorer.quality.small": {
        "en": "Fewer than 30 rows: quartiles, fences and distinct counts say little here.",
        "fr": "Moins de 30 lignes : quartiles, bornes et décomptes de valeurs distinctes ne disent pas grand-chose ici."},
    "explorer.quality.nulls_note": {
        "en": "Columns with empty cells: {count} of {total}; the most incomplete: {column} ({share} empty).",
        "fr": "Colonnes avec des cellules vides : {count} sur {total} ; la moins complète : {column} ({share} vides)."},
    "explorer.quality.no_nulls": {"en": "No column has empty cells.", "fr": "Aucune colonne n'a de cellule vide."},
    "explorer.quality.outliers_note": {
        "en": "Numeric columns with far-out values: {count} of {total}; the most: {column}, {outliers} values ({share}).",
        "fr": "Colonnes numériques avec des valeurs extrêmes : {count} sur {total} ; le plus : {column}, {outliers} valeurs ({share})."},
    "explorer.quality.no_outliers": {"en": "No numeric column holds far-out values.",
                                     "fr": "Aucune colonne numérique n'a de valeur extrême."},
    "explorer.quality.method": {
        "en": "Far-out values lie below Q1 − 3·IQR or above Q3 + 3·IQR (Tukey's outer fences, IQR = Q3 − Q1). "
              "Distinct counts are exact, except for text columns: ≈ marks a HyperLogLog estimate. "
              "Computed in SQL over every row of the view.",
        "fr": "Les valeurs extrêmes sont sous Q1 − 3·IQR ou au-dessus de Q3 + 3·IQR (bornes extérieures de Tukey, IQR = Q3 − Q1). "
              "Les valeurs distinctes sont comptées exactement, sauf pour les colonnes de texte : ≈ marque une "
              "estimation HyperLogLog. Calculé en SQL sur toutes les lignes de la vue."},
})

# DataTable colours follow the theme through the shell's CSS variables.
_CELL_STYLE = {
    "backgroundColor": "var(--kitchen-card)", "color": "var(--kitchen-text)",
    "border": "1px solid var(--kitchen-border)", "fontFamily": "var(--bs-font-sans-serif)",
    "fontSize": ".82rem", "padding": "4px 8px", "maxWidth": "360px", "overflow": "hidden", "textAlign": "left",
    "textOverflow": "ellipsis", "whiteSpace": "nowrap",
}
_HEADER_STYLE = {"backgroundColor": "var(--bs-tertiary-bg)", "color": "#FF8C00", "fontWeight": 600,
                 "border": "1px solid var(--kitchen-border)"}
_FILTER_STYLE = {"backgroundColor": "var(--kitchen-main)", "color": "var(--kitchen-text)",
                 "border": "1px solid var(--kitchen-border)"}
_NUMBERS_RIGHT = [{"if": {"column_type": "numeric"}, "textAlign": "right"}]
_TABLE_CSS = [
    # Text filters ignore case and equality is exact: the table's case toggle would mislead.
    {"selector": ".dash-filter--case", "rule": "display: none;"},
    {"selector": ".dash-filter input", "rule": "color: var(--kitchen-text) !important; text-align: left !important;"},
    {"selector": ".dash-filter input::placeholder", "rule": "color: var(--kitchen-muted) !important; opacity: .8;"},
    {"selector": ".previous-next-container, .page-number", "rule": "color: var(--kitchen-text);"},
    {"selector": ".previous-next-container button",
     "rule": "background: var(--kitchen-card); color: var(--kitchen-text); border: 1px solid var(--kitchen-border);"},
    {"selector": ".previous-next-container button:disabled", "rule": "opacity: .4;"},
    {"selector": ".current-page", "rule": "background: var(--kitchen-main); color: var(--kitchen-text);"},
    {"selector": ".column-header--sort", "rule": "color: #FF8C00;"},
]


def table_options(language: str) -> list[dict[str, str]]:
    """The dataset's tables with their row counts."""
    counts = get_repository().manifest().get("row_counts", {})
    return [{"label": t("explorer.table_option", language, table=table, rows=fmt_number(counts.get(table), language)),
             "value": table} for table in get_repository().tables()]


def layout(language: str) -> html.Div:
    options = table_options(language)
    tables = [option["value"] for option in options]
    download_link = {"className": "btn btn-sm btn-outline-primary ms-2", "download": "",
                     "title": t("explorer.download_title", language)}
    grid = dash_table.DataTable(
        id=GRID, columns=[], data=[], page_action="custom", page_current=0, page_size=PAGE_SIZE, page_count=0,
        sort_action="custom", sort_mode="single", sort_by=[], filter_action="custom", filter_query="",
        style_table={"overflowX": "auto"}, style_cell=_CELL_STYLE, style_cell_conditional=_NUMBERS_RIGHT,
        style_header=_HEADER_STYLE,
        style_filter=_FILTER_STYLE, css=_TABLE_CSS,
    )
    return html.Div([
        dbc.Card([
            dbc.CardHeader(t("explorer.title", language)),
            dbc.CardBody([
                dbc.Row([
                    dbc.Col([html.Label(t("explorer.table", language), htmlFor=TABLE, className="small text-secondary"),
                             dcc.Dropdown(id=TABLE, options=options, clearable=False, persistence=True,
                                          persistence_type="session",
                                          value=DEFAULT_TABLE if DEFAULT_TABLE in tables else tables[0])], md=4),
                    dbc.Col(html.Div(id=SCOPE, className="interpretation mt-4"), md=8),
                ], className="g-2"),
                html.Div(t("explorer.help", language), className="interpretation mx-0"),
                html.Div(id=ERROR),
                html.Div([
                    html.Span(id=STATUS, className="me-auto small"),
                    html.Div([
                        html.Span(t("explorer.download", language), className="small text-secondary"),
                        html.A("CSV", id=DOWNLOAD_CSV, **download_link),
                        html.A("Parquet", id=DOWNLOAD_PARQUET, **download_link),
                    ], id=DOWNLOADS),
                ], className="d-flex align-items-center flex-wrap gap-2 mb-2"),
                dcc.Loading(grid, delay_show=SPINNER_DELAY_MS, color="#FF8C00"),
            ]),
        ], className="chart-card mb-3"),
        dbc.Card([
            dbc.CardHeader(t("explorer.quality.title", language)),
            dbc.CardBody(dcc.Loading(html.Div(id=QUALITY, style={"minHeight": "120px"}), delay_show=SPINNER_DELAY_MS,
                                     color="#FF8C00")),
        ], className="chart-card mb-3"),
    ])
