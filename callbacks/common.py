"""What every chart callback shares: its inputs, the view state, errors and empty states."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, callback, html, no_update
from loguru import logger
from plotly.io.json import to_json_plotly

from app import ids
from app.errors import AppError
from app.filters import Filters, build_search, parse_search
from app.i18n import normalize_language
from app.repository import get_repository
from app.theme import normalize_theme
from layouts.components import empty_figure


@dataclass(frozen=True)
class View:
    """What a chart depends on besides its own controls: filters, language and theme."""

    filters: Filters = field(default_factory=Filters)
    language: str = "en"
    theme: str = "dark"

    @classmethod
    def from_stores(cls, filters_search: str | None, language: str | None, theme: str | None) -> "View":
        return cls(Filters.from_query(parse_search(filters_search)), normalize_language(language),
                   normalize_theme(theme))

    @property
    def template(self) -> str:
        return f"kitchen_{self.theme}"

    def aggregate(self, query: str, focus: bool = True, **params: Any) -> pd.DataFrame:
        """Run a named query with this view's filters bound as ``$f``."""
        filters = self.filters if focus else self.filters.without_focus()
        return get_repository().aggregate(query, f=filters.as_param(), **params)

    def styled(self, figure: go.Figure, **layout: Any) -> go.Figure:
        figure.update_layout(template=self.template, **layout)
        return figure

    def empty(self, message: str | None = None) -> go.Figure:
        return empty_figure(self.language, self.theme, message)


def view_inputs() -> list:
    """Filters drive every chart; language and theme are read as state (the tab re-renders on
    a language change, and a theme change patches figures in place)."""
    return [Input(ids.FILTERS_STORE, "data"), State(ids.LANG_STORE, "data"), State(ids.THEME_STORE, "data")]


def memoized_output(name: str, key: dict[str, Any], build: Callable[[], Any]) -> Any:
    """What ``build()`` sends to the browser, memoized by the repository under ``name`` and ``key``.

    The cache holds the JSON text Dash would send (compact: a figure as Python objects weighs
    several times its JSON), so a cached callback is one cache read and one parse, with no
    figure rebuilt, no statistic recomputed and no Plotly validation.
    """
    return json.loads(get_repository().memoize(name, key, lambda: to_json_plotly(build())))


@dataclass(frozen=True)
class _ViewOutput:
    """One output filled from the view: ``function(view, *control_values)``, and what shows on error."""

    output: Output
    label: str
    on_error: Callable[[View, AppError], Any]
    controls: tuple[Input | State, ...]
    function: Callable[..., Any]
    chart: str | None = None  # a note: the chart whose analysis it describes

    @property
    def cache_name(self) -> str:
        return f"output/{json.dumps(self.output.component_id, sort_keys=True)}.{self.output.component_property}"

    def render(self, view: View, values: tuple[Any, ...]) -> Any:
        key = {"f": view.filters.as_param(), "lang": view.language, "theme": view.theme, "values": values}
        try:
            return memoized_output(self.cache_name, key, lambda: self.function(view, *values))
        except AppError as exc:
            logger.warning("{} failed: {}", self.label, exc.user_message)
            return self.on_error(view, exc)


_pending: list[_ViewOutput] = []


def _view_callback(output: Output, label: str, on_error: Callable[[View, AppError], Any],
                   *controls: Input | State, chart: str | None = None) -> Callable:
    """Declare ``function(view, *control_values)`` as what fills ``output``.

    The function stays importable and callable with a View, which is how tests call it.
    ``register_view_callbacks`` registers the declared outputs once every tab is imported.
    """
    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        _pending.append(_ViewOutput(output, label, on_error, tuple(controls), function, chart))
        return function
    return decorate


def _controls_key(controls: tuple[Input | State, ...]) -> list[tuple[str, str, str]]:
    return [(type(c).__name__, json.dumps(c.component_id, sort_keys=True), c.component_property) for c in controls]


def _analysis_groups(outputs: list[_ViewOutput]) -> list[list[_ViewOutput]]:
    """A chart and its note with the same controls form one group: they read the same analysis,
    so one request computes it once for both. Every other output is alone."""
    charts = {o.output.component_id["name"]: o for o in outputs
              if o.output.component_property == "figure" and isinstance(o.output.component_id, dict)}
    note_of: dict[int, _ViewOutput] = {}
    for o in outputs:
        chart = charts.get(o.chart) if o.chart else None
        if chart is not None and id(chart) not in note_of and _controls_key(chart.controls) == _controls_key(o.controls):
            note_of[id(chart)] = o
    paired = {id(note) for note in note_of.values()}
    return [[o, note_of[id(o)]] if id(o) in note_of else [o] for o in outputs if id(o) not in paired]


def _register(group: list[_ViewOutput]) -> None:
    # Outputs compute when they mount, so the initial call is wanted.
    @callback(*(o.output for o in group), *view_inputs(), *group[0].controls, prevent_initial_call=False)
    def run(filters_search: str | None, language: str | None, theme: str | None, *values: Any) -> Any:
        view = View.from_stores(filters_search, language, theme)
        with get_repository().request_scope():  # the outputs of a group share their queries
            rendered = [o.render(view, values) for o in group]
        return rendered if len(group) > 1 else rendered[0]


def register_view_callbacks() -> int:
    """Register every declared output (once, after all tabs are imported); returns how many
    callbacks that made."""
    groups = _analysis_groups(_pending)
    for group in groups:
        _register(group)
    _pending.clear()
    return len(groups)


def figure_callback(name: str, *extra: Input | State) -> Callable:
    """Declare ``function(view, *extra_values) -> Figure`` as chart ``name``'s callback;
    an error shows as an empty figure carrying its message."""
    return _view_callback(Output(ids.graph(name), "figure"), f"Chart {name}",
                          lambda view, exc: view.empty(exc.user_message), *extra)


def note_callback(component_id: str, *extra: Input | State, chart: str | None = None) -> Callable:
    """Declare ``function(view, *extra_values) -> children`` as what fills ``component_id``
    (a generated text, search results, a detail card); an error shows as its message.

    ``chart``: the chart whose analysis the text describes (default: ``component_id`` without its
    ``-note`` suffix); with the same controls, both are computed in one request.
    """
    if chart is None and component_id.endswith("-note"):
        chart = component_id.removesuffix("-note")
    return _view_callback(Output(component_id, "children"), f"Content {component_id}",
                          lambda view, exc: html.Div(exc.user_message, className="interpretation mx-0"), *extra,
                          chart=chart)


def focus_value_of(click: dict | None) -> str | None:
    """The cross-filter value of a clicked point: its customdata (first item) or its x."""
    if not click or not click.get("points"):
        return None
    point = click["points"][0]
    custom = point.get("customdata")
    if isinstance(custom, list):
        custom = custom[0] if custom else None
    value = custom if custom is not None else point.get("x")
    return None if value is None else str(value)


def cross_filter(graph_name: str, dimension: str) -> None:
    """Clicking a point of chart ``graph_name`` sets the focus (dimension, value) in the URL,
    which cross-filters the tab's other charts; clicking the focused value again clears it."""
    @callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.graph(graph_name), "clickData"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def set_focus(click: dict | None, search: str | None) -> str:
        value = focus_value_of(click)
        if value is None:
            return no_update
        query = parse_search(search)
        filters = Filters.from_query(query)
        toggled = filters.without_focus() if filters.focus == (dimension, value) else filters.with_focus(dimension, value)
        others = {k: v for k, v in query.items() if k in ("tab", "lang")}
        return build_search({**others, **toggled.to_query()})
