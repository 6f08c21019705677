"""Shell callbacks: URL <-> widgets, translation, tab rendering, theme, CSV export."""

from __future__ import annotations

from typing import Any

from dash import ALL, MATCH, ClientsideFunction, Input, Output, Patch, State, clientside_callback, ctx, no_update

from app import ids
from app.filters import YEAR_FOCUS_DIMENSIONS, Filters, build_search, parse_search
from app.i18n import fmt_month, normalize_language, t
from app.repository import get_repository
from app.theme import template_json
from callbacks.common import callback, memoized_output, option, pattern_output_ids, strings, text_input
from layouts import url_controls
from layouts.components import error_alert
from layouts.registry import TAB_KEYS, TABS, Tab
from layouts.shell import (
    DRAWER_CLASS,
    SHELL_TEXTS,
    dataset_info,
    demo_badge_style,
    filter_toggle_label,
    minutes_to_positions,
    outlier_note,
    positions_to_minutes,
)

_WIDGETS = (
    (ids.FILTER_SUB_YEARS, "value"),
    (ids.FILTER_INT_YEARS, "value"),
    (ids.FILTER_MINUTES, "value"),
    (ids.FILTER_ZERO, "value"),
    (ids.FILTER_TAGS, "value"),
    (ids.FILTER_INGREDIENTS, "value"),
)


def _whole(value: Any) -> int | None:
    """An integral JSON number as an int; None for anything else."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _years_from_slider(value: Any, low: Any, high: Any) -> tuple[int | None, int | None]:
    """Slider value -> year bounds, a bound at the slider's end meaning 'unbounded'; anything but two
    whole numbers means no bounds (and so does an end of the slider that is not a number)."""
    pair = [_whole(v) for v in value] if isinstance(value, list) and len(value) == 2 else [None]
    whole = [v for v in pair if v is not None]
    if len(whole) != 2:
        return (None, None)
    first, last = sorted(whole)
    low, high = _whole(low), _whole(high)
    return (None if low is not None and first <= low else first, None if high is not None and last >= high else last)


def _slider_from_years(bounds: tuple[int | None, int | None], low: Any, high: Any) -> list[Any]:
    return [bounds[0] if bounds[0] is not None else low, bounds[1] if bounds[1] is not None else high]


def filters_from_widgets(
    sub_years,
    int_years,
    minute_positions,
    include_zero,
    tags,
    ingredients,
    sub_range: tuple[Any, Any],
    int_range: tuple[Any, Any],
    focus: tuple[tuple[str, str], ...],
) -> Filters:
    """The filters the widgets show; a widget value of the wrong type counts as its default."""
    return Filters(
        sub_years=_years_from_slider(sub_years, *sub_range),
        int_years=_years_from_slider(int_years, *int_range),
        minutes=positions_to_minutes(minute_positions),
        include_zero=include_zero if isinstance(include_zero, bool) else True,
        tags=tuple(strings(tags)),
        ingredients=tuple(strings(ingredients)),
        focus=focus,
    )


EXPLORER_TAB = "explorer"
GRID_KEYS = ("table", "sort", "filter")


def _grid_query(state: Any) -> dict[str, str]:
    """The Explorer grid's state as URL parameters (strings only: anything else is left out)."""
    if not isinstance(state, dict):
        return {}
    return {key: value for key in GRID_KEYS if isinstance(value := state.get(key), str) and value}


def _controls_query(state: Any, tab: str) -> dict[str, str]:
    """The URL parameters of ``tab``'s controls from the controls store (another tab's are dropped)."""
    if not isinstance(state, dict) or state.get("tab") != tab or not isinstance(state.get("query"), dict):
        return {}
    controls = next((entry.controls for entry in TABS if entry.key == tab), {})
    return {key: value for key, value in state["query"].items() if key in controls and isinstance(value, str)}


@callback(
    Output(ids.URL, "search"),
    Output(ids.TABS, "active_tab"),
    Output(ids.LANGUAGE, "value"),
    *(Output(component, prop) for component, prop in _WIDGETS),
    Output(ids.FILTER_INGREDIENTS, "options"),
    Output(ids.FILTERS_STORE, "data"),
    Output(ids.LANG_STORE, "data"),
    Input(ids.URL, "search"),
    Input(ids.TABS, "active_tab"),
    Input(ids.LANGUAGE, "value"),
    *(Input(component, prop) for component, prop in _WIDGETS),
    Input(ids.FILTER_RESET, "n_clicks"),
    Input(ids.FILTER_FOCUS_CLEAR, "n_clicks"),
    Input(ids.EXPLORER_URL_STATE, "data"),
    Input(ids.TAB_CONTROLS_STATE, "data"),
    State(ids.FILTER_SUB_YEARS, "min"),
    State(ids.FILTER_SUB_YEARS, "max"),
    State(ids.FILTER_INT_YEARS, "min"),
    State(ids.FILTER_INT_YEARS, "max"),
    State(ids.FILTERS_STORE, "data"),
    State(ids.LANG_STORE, "data"),
    prevent_initial_call=False,  # the first call reads the shared URL into the widgets
)
def sync_url(
    search,
    tab,
    language,
    sub_years,
    int_years,
    minute_positions,
    include_zero,
    tags,
    ingredients,
    _reset,
    _clear_focus,
    grid_state,
    controls_state,
    sub_min,
    sub_max,
    int_min,
    int_max,
    filters_store,
    language_store,
):
    """One callback owns the URL and the widgets both ways, so they never loop."""
    query = parse_search(search)
    url_filters = Filters.from_query(query)
    trigger = ctx.triggered_id
    current_tab, current_language = tab, language
    from_url = trigger in (None, ids.URL)
    if from_url:  # page load or history navigation: the URL wins and is left as it is
        filters = url_filters
        tab = (query.get("tab") or [TAB_KEYS[0]])[0]
        language = normalize_language((query.get("lang") or ["en"])[0])
    elif trigger == ids.FILTER_RESET:
        filters = Filters()
    elif trigger == ids.FILTER_FOCUS_CLEAR:
        filters = url_filters.without_focus()
    else:
        filters = filters_from_widgets(
            sub_years,
            int_years,
            minute_positions,
            include_zero,
            tags,
            ingredients,
            (sub_min, sub_max),
            (int_min, int_max),
            url_filters.focus,
        )
    tab = option(tab, TAB_KEYS, TAB_KEYS[0])
    language = normalize_language(language)
    new_search = build_search(
        {
            "tab": tab if tab != TAB_KEYS[0] else None,
            "lang": language if language != "en" else None,
            **filters.to_query(),
            **(_grid_query(grid_state) if tab == EXPLORER_TAB else {}),
            **_controls_query(controls_state, tab),
        }
    )
    filters_search = build_search(filters.to_query())
    widget_values = [
        _slider_from_years(filters.sub_years, sub_min, sub_max),
        _slider_from_years(filters.int_years, int_min, int_max),
        minutes_to_positions(filters.minutes),
        filters.include_zero,
        list(filters.tags),
        list(filters.ingredients),
    ]
    return (
        no_update if from_url or new_search == (search or "") else new_search,
        # Setting an output, even to its value, fires its listeners: the tab would re-render.
        tab if trigger is None or tab != current_tab else no_update,
        language if trigger is None or language != current_language else no_update,
        *widget_values,
        [{"label": i, "value": i} for i in filters.ingredients] if from_url else no_update,
        filters_search if filters_search != filters_store else no_update,
        language if language != language_store else no_update,
    )


@callback(
    *(Output(component, prop) for component, prop, _ in SHELL_TEXTS),
    Output(ids.FILTER_OUTLIER_NOTE, "children"),
    Output(ids.DEMO_BADGE, "style"),
    Output(ids.DATASET_INFO, "children"),
    Input(ids.LANG_STORE, "data"),
    prevent_initial_call=True,
)
def translate_shell(language: str | None):
    """Translate the shell in place; the tab content re-renders on its own."""
    manifest = get_repository().manifest()
    texts = [t(key, language) for _, _, key in SHELL_TEXTS]
    return (*texts, outlier_note(language), demo_badge_style(manifest), dataset_info(manifest, language))


@callback(
    Output(ids.FILTER_TOGGLE, "children"),
    Input(ids.FILTERS_STORE, "data"),
    Input(ids.LANG_STORE, "data"),
    prevent_initial_call=True,
)
def count_filters(filters_search: Any, language: Any):
    """The drawer button says how many filters are active (each tag and ingredient counts), so a
    phone user sees that the charts are filtered while the drawer is closed."""
    query = Filters.from_query(parse_search(filters_search)).to_query()
    active = sum(len(value) if isinstance(value, list) else 1 for value in query.values())
    return filter_toggle_label(active, normalize_language(language))


@callback(
    Output(ids.FILTER_DRAWER, "className"),
    Input(ids.FILTER_TOGGLE, "n_clicks"),
    Input(ids.FILTER_CLOSE, "n_clicks"),
    Input(ids.FILTER_BACKDROP, "n_clicks"),
    prevent_initial_call=True,
)
def toggle_drawer(_open, _close, _backdrop):
    """Open the small screens' filter drawer from its button; close it from its close button or a tap
    beside it. Only the class changes (wide screens ignore "show"), so the filters keep their state."""
    return DRAWER_CLASS + (" show" if ctx.triggered_id == ids.FILTER_TOGGLE else "")


@callback(
    Output(ids.FILTER_FOCUS, "children"),
    Output(ids.FILTER_FOCUS_CLEAR, "style"),
    Input(ids.FILTERS_STORE, "data"),
    State(ids.LANG_STORE, "data"),
    prevent_initial_call=True,
)
def show_focus(filters_search: str | None, language: str | None):
    """The badge naming every cross-filter, its value and the date it reads; hidden without one."""
    focus = Filters.from_query(parse_search(filters_search)).focus
    if not focus:
        return "", {"display": "none"}
    parts = []
    for dimension, value in focus:
        if dimension in YEAR_FOCUS_DIMENSIONS:
            shown = value.replace("-", "–")
        elif dimension == "month":
            shown = fmt_month(int(value), language)
        else:
            shown = t(f"{dimension}.{value}", language)
        part = t("filters.focus_part", language, dimension=t(f"dim.{dimension}", language), value=shown)
        if dimension in YEAR_FOCUS_DIMENSIONS:
            part += f" ({t(f'filters.focus_dates.{dimension}', language)})"
        parts.append(part)
    if any(dimension not in YEAR_FOCUS_DIMENSIONS for dimension, _ in focus):
        parts[-1] += f" ({t('filters.focus_dates.calendar', language)})"
    return t("filters.focus", language, parts=" · ".join(parts)), {}


def _tab_error(message: str, values: dict[str, Any]) -> tuple[None, Any, Any]:
    return None, error_alert(message, normalize_language(values.get(f"{ids.LANG_STORE}.data"))), no_update


@callback(
    Output(ids.TAB_CONTENT, "children"),
    Output(ids.ERROR_ALERT, "children"),
    Output(ids.TAB_CONTROLS_STATE, "data"),
    Input(ids.TABS, "active_tab"),
    Input(ids.LANG_STORE, "data"),
    State(ids.URL, "search"),
    prevent_initial_call=True,  # the stores are empty until sync_url has read the URL
    error_outputs=_tab_error,  # a tab that cannot be built (the dataset unreadable, say) shows an alert
)
def render_tab(tab: Any, language: Any, search: Any):
    """Tab content is rendered on demand, under the delayed spinner, its controls set from the URL."""
    selected = next((entry for entry in TABS if entry.key == tab), TABS[0])
    language = normalize_language(language)
    # Layouts depend on the tab, the language and the served dataset only: built once each; the
    # controls' values from the URL are set on the copy each request parses from the cache.
    layout = memoized_output(f"layout/{selected.key}", {"lang": language}, lambda: selected.layout(language))
    applied = url_controls.apply(layout, selected.controls, parse_search(search))
    return layout, None, {"tab": selected.key, "query": url_controls.query_of(applied, selected.controls)}


def _controls_callback(tab: Tab) -> None:
    """A change of one of ``tab``'s URL controls writes the controls store (sync_url puts it in the URL)."""

    @callback(
        Output(ids.TAB_CONTROLS_STATE, "data", allow_duplicate=True),
        *(Input(component_id, "value") for component_id in tab.controls),
        prevent_initial_call=True,  # render_tab stores the values it set
    )
    def store_controls(*values: Any) -> dict[str, Any]:
        return {
            "tab": tab.key,
            "query": url_controls.query_of(dict(zip(tab.controls, values, strict=True)), tab.controls),
        }


for _tab in TABS:
    if _tab.controls:
        _controls_callback(_tab)


@callback(
    Output(ids.FILTER_INGREDIENTS, "options", allow_duplicate=True),
    Input(ids.FILTER_INGREDIENTS, "search_value"),
    State(ids.FILTER_INGREDIENTS, "value"),
    prevent_initial_call=True,
)
def search_ingredients(text: Any, selected: Any):
    """Server-side search: 14k ingredients are too many to ship as options."""
    text = text_input(text).strip()
    if len(text) < 2:
        return no_update
    frame = get_repository().aggregate("shell/ingredient_search", text=text, limit=30)
    names = list(dict.fromkeys([*strings(selected), *frame["ingredient"].tolist()]))
    return [{"label": name, "value": name} for name in names]


@callback(
    Output(ids.graph(ALL), "figure", allow_duplicate=True),
    Input(ids.THEME_STORE, "data"),
    State(ids.graph(ALL), "id"),
    prevent_initial_call=True,
)
def retheme_figures(theme: Any, graph_ids: Any):
    """A theme switch patches each figure's template at once (one patch per chart the browser listed
    as an output): backgrounds and texts change without waiting for ``rerender_for_theme``."""
    patches = []
    for _ in pattern_output_ids(graph_ids):
        patch = Patch()
        patch["layout"]["template"] = template_json(theme)
        patches.append(patch)
    return patches


@callback(
    Output(ids.FILTERS_STORE, "data", allow_duplicate=True),
    Input(ids.THEME_STORE, "data"),
    State(ids.FILTERS_STORE, "data"),
    prevent_initial_call=True,
)
def rerender_for_theme(_theme: Any, filters_search: Any):
    """The charts' trace colours are the theme's roles (app/theme.py), set when a figure is built, so
    the template patch alone would leave them in the other mode's palette: writing the filters back
    unchanged re-runs every chart of the tab with the new theme (a cache read once each mode has been
    shown), while the patch above recolours backgrounds and texts at once. Before the URL has filled
    the store, nothing is rendered yet, so nothing is re-run."""
    return filters_search if isinstance(filters_search, str) else no_update


clientside_callback(
    ClientsideFunction(namespace="kitchen", function_name="syncTheme"),
    Output(ids.THEME, "value"),
    Output(ids.THEME_STORE, "data"),
    Input(ids.THEME, "value"),
    Input(ids.THEME_STORE, "data"),
)

clientside_callback(
    ClientsideFunction(namespace="kitchen", function_name="figureCsv"),
    Output(ids.csv_download(MATCH), "data"),
    Input(ids.csv_button(MATCH), "n_clicks"),
    State(ids.graph(MATCH), "figure"),
    State(ids.graph(MATCH), "id"),
    prevent_initial_call=True,
)
