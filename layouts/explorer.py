"""Explorer tab: every table of the dataset in an AG Grid (infinite row model: blocks of rows sorted
and filtered on the server as the user scrolls), its data quality per column and a streamed download
of the current view."""

from __future__ import annotations

from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html

from app.i18n import fmt_number, register, t
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
        "en": "Click a header to sort, Shift+click another to sort by several columns; filter under the headers "
              "(the funnel offers more conditions); drag a header's edge to resize its column. Scrolling loads the "
              "next rows. Long texts and lists are truncated here, complete in the download.",
        "fr": "Cliquez un en-tête pour trier, Maj+clic sur un autre pour trier sur plusieurs colonnes ; filtrez "
              "sous les en-têtes (l'entonnoir propose d'autres conditions) ; tirez le bord d'un en-tête pour "
              "élargir sa colonne. Défiler charge les lignes suivantes. Textes longs et listes sont tronqués ici, "
              "complets dans le téléchargement."},
    "explorer.yes": {"en": "Yes", "fr": "Oui"},
    "explorer.no": {"en": "No", "fr": "Non"},
    "explorer.column_tooltip": {"en": "Column {column} ({kind})", "fr": "Colonne {column} ({kind})"},
    "explorer.weekday_tooltip": {"en": "Column {column}: filter by number, 1 = Monday … 7 = Sunday",
                                 "fr": "Colonne {column} : filtrez par numéro, 1 = lundi … 7 = dimanche"},
    "explorer.status": {"en": "{total} matching rows", "fr": "{total} lignes retenues"},
    "explorer.status_empty": {"en": "No row matches the filters.", "fr": "Aucune ligne ne correspond aux filtres."},
    "explorer.download": {"en": "Download this view:", "fr": "Télécharger cette vue :"},
    "explorer.download_title": {
        "en": "All matching rows in the grid's order, with its column filters and the global filters, complete "
              "(not truncated)",
        "fr": "Toutes les lignes retenues dans l'ordre de la grille, avec ses filtres de colonnes et les filtres "
              "globaux, complètes (non tronquées)"},
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

# Column headers: (English, French) per column name of app/schema.py (the tooltip gives the name).
COLUMN_LABELS = {
    "recipe_id": ("Recipe id", "Id recette"), "name": ("Name", "Nom"), "minutes": ("Minutes", "Minutes"),
    "minutes_outlier": ("Over a day", "Plus d'un jour"), "contributor_id": ("Contributor id", "Id contributeur"),
    "submitted": ("Submitted", "Publiée le"), "year": ("Year", "Année"), "month": ("Month", "Mois"),
    "weekday": ("Weekday", "Jour"), "is_weekend": ("Weekend", "Week-end"), "season": ("Season", "Saison"),
    "tags": ("Tags", "Tags"), "n_tags": ("Tags (count)", "Tags (nombre)"), "steps": ("Steps", "Étapes"),
    "n_steps": ("Steps (count)", "Étapes (nombre)"), "description": ("Description", "Description"),
    "ingredients": ("Ingredients", "Ingrédients"), "n_ingredients": ("Ingredients (count)", "Ingrédients (nombre)"),
    "calories": ("Calories", "Calories"), "total_fat_pdv": ("Total fat (%DV)", "Lipides (%AJR)"),
    "sugar_pdv": ("Sugar (%DV)", "Sucres (%AJR)"), "sodium_pdv": ("Sodium (%DV)", "Sodium (%AJR)"),
    "protein_pdv": ("Protein (%DV)", "Protéines (%AJR)"), "sat_fat_pdv": ("Saturated fat (%DV)", "Graisses saturées (%AJR)"),
    "carbs_pdv": ("Carbohydrates (%DV)", "Glucides (%AJR)"), "complexity": ("Complexity", "Complexité"),
    "n_interactions": ("Reviews", "Avis"), "n_rated": ("Rated reviews", "Avis notés"),
    "mean_rating": ("Mean rating", "Note moyenne"),
    **{f"n_rated_{stars}": (f"{stars}-star reviews", f"Avis {stars} étoile{'s' if stars > 1 else ''}")
       for stars in range(1, 6)},
    "user_id": ("User id", "Id utilisateur"), "date": ("Date", "Date"), "rating": ("Rating", "Note"),
    "review": ("Review", "Avis"), "review_length": ("Review length", "Longueur de l'avis"),
    "recipe_year": ("Recipe year", "Année de la recette"), "recipe_minutes": ("Recipe minutes", "Minutes de la recette"),
    "tag": ("Tag", "Tag"), "ingredient": ("Ingredient", "Ingrédient"), "i": ("Recipe index", "Index recette"),
    "name_tokens": ("Name tokens", "Jetons du nom"), "ingredient_tokens": ("Ingredient tokens", "Jetons des ingrédients"),
    "steps_tokens": ("Step tokens", "Jetons des étapes"), "techniques": ("Techniques", "Techniques"),
    "calorie_level": ("Calorie level", "Niveau calorique"), "ingredient_ids": ("Ingredient ids", "Id ingrédients"),
    "u": ("User index", "Index utilisateur"), "items": ("Items", "Éléments"), "n_items": ("Items (count)", "Éléments (nombre)"),
    "ratings": ("Ratings", "Notes"), "n_ratings": ("Ratings (count)", "Notes (nombre)"), "word": ("Word", "Mot"),
    "n": ("Count", "Nombre"), "raw_ingr": ("Raw ingredient", "Ingrédient brut"), "raw_words": ("Raw words", "Mots bruts"),
    "processed": ("Processed", "Traité"), "len_proc": ("Processed length", "Longueur traitée"),
    "replaced": ("Replaced", "Remplacé"), "count": ("Count", "Nombre"), "id": ("Id", "Id"),
}
register({f"explorer.column.{name}": {"en": en, "fr": fr} for name, (en, fr) in COLUMN_LABELS.items()})

# AG Grid's own texts in French (the filters, the loading and empty overlays); English is its default.
GRID_LOCALE_FR = {
    "filterOoo": "Filtrer…", "equals": "Égal à", "notEqual": "Différent de", "blank": "Vide", "notBlank": "Non vide",
    "empty": "Choisir…", "lessThan": "Inférieur à", "greaterThan": "Supérieur à",
    "lessThanOrEqual": "Inférieur ou égal à", "greaterThanOrEqual": "Supérieur ou égal à", "inRange": "Entre",
    "inRangeStart": "De", "inRangeEnd": "À", "contains": "Contient", "notContains": "Ne contient pas",
    "startsWith": "Commence par", "endsWith": "Se termine par", "dateFormatOoo": "aaaa-mm-jj", "before": "Avant",
    "after": "Après", "andCondition": "ET", "orCondition": "OU", "applyFilter": "Appliquer",
    "resetFilter": "Réinitialiser", "clearFilter": "Effacer", "cancelFilter": "Annuler", "loadingOoo": "Chargement…",
    "loadingError": "Erreur", "noRowsToShow": "Aucune ligne", "filterConditions": "Conditions",
    "ariaFilterInput": "Saisie du filtre", "ariaFilteringOperator": "Opérateur de filtre",
    "ariaFilterValue": "Valeur du filtre", "ariaFilterFromValue": "Filtrer à partir de",
    "ariaFilterToValue": "Filtrer jusqu'à", "ariaColumn": "Colonne", "ariaSortableColumn": "Appuyez sur Entrée pour trier",
    "ariaFilterColumn": "Appuyez sur Ctrl+Entrée pour filtrer", "ariaMenuColumn": "Appuyez sur Alt+Bas pour le menu",
    "ariaFilterList": "Filtre", "ariaSearchFilterValues": "Rechercher des valeurs",
}

# The grid's colours follow the theme through the shell's CSS variables (AG Grid's theming parameters,
# evaluated by dash-ag-grid's own expression parser: no eval, which the page's CSP forbids).
GRID_THEME = {"function": (
    "themeQuartz.withParams({backgroundColor: 'var(--kitchen-card)', foregroundColor: 'var(--kitchen-text)', "
    "headerBackgroundColor: 'var(--bs-tertiary-bg)', headerTextColor: 'var(--kitchen-primary-text)', borderColor: 'var(--kitchen-border)', "
    "chromeBackgroundColor: 'var(--kitchen-card)', oddRowBackgroundColor: 'var(--kitchen-main)', "
    "accentColor: 'var(--kitchen-primary)', fontFamily: 'var(--bs-font-sans-serif)', fontSize: 13, headerFontWeight: 600, "
    "rowHeight: " + str(ROW_HEIGHT) + ", headerHeight: 34, spacing: 5})")}


def grid(column_defs: list[dict[str, Any]], language: str, context: dict[str, Any],
         initial_state: dict[str, Any]) -> dag.AgGrid:
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
        id=GRID, columnDefs=column_defs, rowModelType="infinite",
        defaultColDef={"sortable": True, "resizable": True, "floatingFilter": True, "cellDataType": False,
                       "suppressHeaderMenuButton": True, "minWidth": 80, "width": 140},
        dashGridOptions=options, style={"height": GRID_MIN_HEIGHT, "width": "100%"}, className="explorer-grid",
    )


def table_options(language: str) -> list[dict[str, str]]:
    """The dataset's tables with their row counts."""
    counts = get_repository().manifest().get("row_counts", {})
    return [{"label": t("explorer.table_option", language, table=table, rows=fmt_number(counts.get(table), language)),
             "value": table} for table in get_repository().tables()]


def layout(language: str) -> html.Div:
    options = table_options(language)
    tables = [option["value"] for option in options]
    download_link: dict[str, Any] = {"className": "btn btn-sm btn-outline-primary ms-2", "download": "",
                     "title": t("explorer.download_title", language)}
    return html.Div([
        dbc.Card([
            dbc.CardHeader(t("explorer.title", language)),
            dbc.CardBody([
                dbc.Row([
                    dbc.Col([html.Label(t("explorer.table", language), htmlFor=TABLE, className="small text-secondary"),
                             dcc.Dropdown(id=TABLE, options=options, clearable=False, persistence=True,
                                          persistence_type="session",
                                          value=DEFAULT_TABLE if DEFAULT_TABLE in tables else tables[0])], md=4),
                    dbc.Col(html.Div(id=SCOPE, className="interpretation mt-4 reserve-line"), md=8),
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
                # As tall as the download buttons, which come with the grid: nothing below moves then.
                ], className="d-flex align-items-center flex-wrap gap-2 mb-2", style={"minHeight": "2rem"}),
                dcc.Store(id=GRID_STATE),
                dcc.Loading(html.Div(id=GRID_CONTAINER, style={"minHeight": GRID_MIN_HEIGHT}),
                            delay_show=SPINNER_DELAY_MS, color=SPINNER_COLOR, parent_style={"minHeight": GRID_MIN_HEIGHT},
                            # Only a new grid: its own loading rows show while blocks come in. (Dash types
                            # target_components as a TypedDict keyed by the component ids it lists.)
                            target_components={GRID_CONTAINER: "children"},  # type: ignore[arg-type]
                            ),
            ]),
        ], className="chart-card mb-3"),
        dbc.Card([
            dbc.CardHeader(t("explorer.quality.title", language)),
            dbc.CardBody(dcc.Loading(html.Div(id=QUALITY, style={"minHeight": "120px"}), delay_show=SPINNER_DELAY_MS,
                                     color=SPINNER_COLOR)),
        ], className="chart-card mb-3"),
    ])
