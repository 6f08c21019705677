"""Every component id of the app shell and of shared widgets, in one place.

Tab modules keep their own ids in their layout module as constants prefixed by the tab
name; pattern-matching ids (dicts) are built by the helpers below so their keys never drift
(``name`` may be a wildcard, ALL or MATCH, in a callback's dependencies).
"""

from typing import Any

URL = "url"
LANGUAGE = "language-switch"
THEME = "theme-switch"
THEME_STORE = "theme-store"
TABS = "tabs"
TAB_CONTENT = "tab-content"
ENV_BADGE = "env-badge"
DEMO_BADGE = "demo-badge"
DATASET_INFO = "dataset-info"
ERROR_ALERT = "error-alert"

# Global filter bar.
FILTER_BAR = "filter-bar"
FILTER_SUB_YEARS = "filter-sub-years"
FILTER_INT_YEARS = "filter-int-years"
FILTER_MINUTES = "filter-minutes"
FILTER_ZERO = "filter-include-zero"
FILTER_TAGS = "filter-tags"
FILTER_INGREDIENTS = "filter-ingredients"
FILTER_RESET = "filter-reset"
FILTER_FOCUS = "filter-focus"
FILTER_FOCUS_CLEAR = "filter-focus-clear"
FILTER_OUTLIER_NOTE = "filter-outlier-note"
# Small screens: the filter bar becomes a drawer opened by a button that counts the active filters.
FILTER_DRAWER = "filter-drawer"
FILTER_DRAWER_TITLE = "filter-drawer-title"
FILTER_TOGGLE = "filter-toggle"
FILTER_CLOSE = "filter-close"
FILTER_BACKDROP = "filter-backdrop"

GRAPH_TYPE = "graph"
CSV_BUTTON_TYPE = "graph-csv"
CSV_DOWNLOAD_TYPE = "graph-csv-download"


def graph(name: Any) -> dict[str, Any]:
    """Id of a chart; every chart uses it so the theme switch and CSV export reach them all."""
    return {"type": GRAPH_TYPE, "name": name}


def csv_button(name: Any) -> dict[str, Any]:
    return {"type": CSV_BUTTON_TYPE, "name": name}


def csv_download(name: Any) -> dict[str, Any]:
    return {"type": CSV_DOWNLOAD_TYPE, "name": name}


# Stores derived from the URL: chart callbacks listen to them, not to the URL itself.
FILTERS_STORE = "filters-store"
LANG_STORE = "language-store"
# The Explorer grid's table, sort and filter ({"table", "sort", "filter"}: strings), copied from the
# tab's own store so that sync_url can put it in the URL (a shell-level store cannot be an output of
# the tab's callbacks: on other tabs their inputs do not exist).
EXPLORER_URL_STATE = "explorer-url-state"
# The current tab's controls that differ from their defaults: {"tab": key, "query": {id: text}}.
TAB_CONTROLS_STATE = "tab-controls-state"
