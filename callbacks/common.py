"""What every chart callback shares: its inputs, the view state, errors and empty states."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

import dash
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, ctx, html, no_update
from dash.exceptions import MissingCallbackContextException
from loguru import logger
from plotly.io.json import to_json_plotly

from app import ids
from app.errors import AppError, EmptySelection
from app.filters import FILTER_KEYS, YEAR_FOCUS_DIMENSIONS, Filters, build_search, parse_search
from app.i18n import normalize_language, plotly_separators, t
from app.repository import get_repository
from app.theme import normalize_theme
from layouts.components import empty_figure

# The start of the log line of an unexpected callback failure (tests/test_fuzz.py looks for it).
UNEXPECTED = "Unexpected error in callback"
_LOGGED_CHARS = 1000


# -- inputs from the browser ------------------------------------------------------------------
# Every value a callback receives comes from the browser and may be any JSON (None, a bool, a number,
# a string, a list, a dict, nested). Callbacks read them through these helpers: a wrong type falls
# back to the default, or raises InvalidInput, which the callback shows as its error state.


class InvalidInput(AppError):
    """A value from the browser of a type or shape the callback cannot use."""

    def __init__(self, what: str, value: Any = None) -> None:
        self.what = what
        super().__init__(f"Invalid {what}: {excerpt(value, 80)}")

    def text(self, language: str | None) -> str:
        return t("input.invalid", language)


def option(value: Any, options: Collection[str], default: str) -> str:
    """A dropdown or radio value: one of ``options``, else ``default``."""
    return value if isinstance(value, str) and value in options else default


def count_option(value: Any, options: Collection[int], default: int) -> int:
    """A numeric control's value (a Top-N, a rolling window): one of ``options``, else ``default``
    (a boolean is no number here, though Python counts False as 0)."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value in options else default


def text_input(value: Any) -> str:
    """A text box's value: its string, or '' (None, or any other JSON value)."""
    return value if isinstance(value, str) else ""


def strings(values: Any) -> list[str]:
    """A multi-select's value: its strings (anything but a list of strings holds none)."""
    return [v for v in values if isinstance(v, str)] if isinstance(values, list) else []


def integer(value: Any, low: int, high: int, what: str) -> int | None:
    """An integer between ``low`` and ``high`` (an id, a page): None stays None, an integral number
    or a string of ASCII digits is read, anything else raises InvalidInput."""
    if (isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,30}", value.strip())) or (
        isinstance(value, float) and value.is_integer()
    ):
        value = int(value)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise InvalidInput(what, value)
    return value


def pattern_output_ids(fallback: Any) -> list[Any]:
    """The ids of a pattern-matching (ALL) output, as the browser listed them for this request: a
    callback must return exactly one value per id. Called as a plain function (tests), ``fallback``."""
    try:
        outputs = ctx.outputs_list
    except MissingCallbackContextException:
        outputs = [{"id": i} for i in fallback] if isinstance(fallback, list) else []
    return [o.get("id") if isinstance(o, dict) else None for o in outputs] if isinstance(outputs, list) else []


def excerpt(value: Any, limit: int = _LOGGED_CHARS) -> str:
    """``value`` as (shortened) JSON, for a log line or a message."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


def error_message(error: Exception, language: str | None) -> str:
    """What the user reads for a failed output."""
    if isinstance(error, InvalidInput):
        return error.text(language)
    if isinstance(error, AppError):
        return error.user_message
    return t("input.unexpected", language)


def report_error(label: str, error: Exception, inputs: Any) -> None:
    """Log a failed output once: an expected error (invalid input, missing data) as a warning, an
    unexpected one with its traceback and the inputs that caused it."""
    if isinstance(error, AppError):
        logger.warning("{} failed: {}", label, error.user_message)
    else:
        logger.opt(exception=error).error("{} {}: {!r}; inputs: {}", UNEXPECTED, label, error, excerpt(inputs))


def _request_values() -> dict[str, Any]:
    """The inputs and states of the callback being run, by prop id ('component.property')."""
    try:
        return {**ctx.inputs, **ctx.states}
    except MissingCallbackContextException:  # called as a plain function
        return {}


def callback(
    *dependencies: Any, error_outputs: Callable[[str, dict[str, Any]], Any] | None = None, **options: Any
) -> Callable:
    """``dash.callback`` whose failures never answer HTTP 500.

    An exception the function lets through (InvalidInput, another AppError, or an unexpected one,
    logged with its traceback) turns into ``error_outputs(message, values)``, the callback's error
    state for the message in the request's language (``values``: the request's inputs and states
    by prop id), or into no update without ``error_outputs``.
    """

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        label = f"Callback {function.__module__}.{function.__name__}"

        def on_error(error: Exception) -> Any:
            values = _request_values()
            report_error(label, error, values)
            if error_outputs is None:
                return None  # Dash sends no update
            return error_outputs(error_message(error, values.get(f"{ids.LANG_STORE}.data")), values)

        return dash.callback(*dependencies, on_error=on_error, **options)(function)

    return decorate


@dataclass(frozen=True)
class View:
    """What a chart depends on besides its own controls: filters, language and theme."""

    filters: Filters = field(default_factory=Filters)
    language: str = "en"
    theme: str = "dark"

    @classmethod
    def from_stores(cls, filters_search: Any, language: Any, theme: Any) -> View:
        """The view of the stores' values, whatever they hold (bad values mean the defaults)."""
        return cls(
            Filters.from_query(parse_search(filters_search)), normalize_language(language), normalize_theme(theme)
        )

    @property
    def template(self) -> str:
        return f"kitchen_{self.theme}"

    def aggregate(self, query: str, ignoring_focus: Collection[str] = (), **params: Any) -> pd.DataFrame:
        """Run a named query with this view's filters bound as ``$f``.

        ``ignoring_focus``: the cross-filter dimensions the chart's own axis shows (its years, its
        calendar groups). Such a chart shows all of them and highlights the focused ones instead of
        collapsing to them; every other focus filters it.
        """
        filters = self.filters.without_focus(*ignoring_focus) if ignoring_focus else self.filters
        return get_repository().aggregate(query, f=filters.as_param(), **params)

    def focus_years(self, dimension: str) -> tuple[int, int] | None:
        """The (first, last) years focused on ``dimension`` ('year': submission, 'review_year')."""
        return self.filters.focus_years(dimension)

    def styled(self, figure: go.Figure, **layout: Any) -> go.Figure:
        """The theme's template, and the language's decimal mark and thousands separator for ticks,
        hovers and bar texts (1,234.5 / 1 234,5, as the texts around the chart write them)."""
        # A chart's own layout comes last, so it may override either.
        figure.update_layout({"template": self.template, "separators": plotly_separators(self.language), **layout})
        return figure

    def empty(self, message: str | None = None) -> go.Figure:
        """The empty state, or an error's message, with the same separators as any chart."""
        figure = empty_figure(self.language, self.theme, message)
        figure.update_layout(separators=plotly_separators(self.language))
        return figure


def view_inputs() -> list:
    """Filters drive every chart; language and theme are read as state (the tab re-renders on
    a language change; a theme change patches the template in place at once, then writes the
    filters back, so every chart is rebuilt, from the cache, in the theme's own colours)."""
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
    on_error: Callable[[View, str], Any]  # what shows for an error message
    on_empty: Callable[[View, str], Any]  # what shows for an EmptySelection's reason
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
        except EmptySelection as empty:  # nothing to show under these filters: the empty state, no error
            return self.on_empty(view, empty.reason or t("chart.empty", view.language))
        except Exception as exc:  # every failure shows as this output's error state
            report_error(self.label, exc, {"view": view.filters.to_query(), "values": values})
            return self.on_error(view, error_message(exc, view.language))


_pending: list[_ViewOutput] = []


def _view_callback(
    output: Output,
    label: str,
    on_error: Callable[[View, str], Any],
    on_empty: Callable[[View, str], Any],
    *controls: Input | State,
    chart: str | None = None,
) -> Callable:
    """Declare ``function(view, *control_values)`` as what fills ``output``.

    The function stays importable and callable with a View, which is how tests call it; called so,
    an ``EmptySelection`` it raises gives the empty state too, as in the app.
    ``register_view_callbacks`` registers the declared outputs once every tab is imported.
    """

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        _pending.append(_ViewOutput(output, label, on_error, on_empty, tuple(controls), function, chart))

        @functools.wraps(function)
        def called(view: View, *values: Any, **options: Any) -> Any:
            try:
                return function(view, *values, **options)
            except EmptySelection as empty:
                return on_empty(view, empty.reason or t("chart.empty", view.language))

        return called

    return decorate


def _controls_key(controls: tuple[Input | State, ...]) -> list[tuple[str, str, str]]:
    return [(type(c).__name__, json.dumps(c.component_id, sort_keys=True), c.component_property) for c in controls]


def _analysis_groups(outputs: list[_ViewOutput]) -> list[list[_ViewOutput]]:
    """A chart and its note with the same controls form one group: they read the same analysis,
    so one request computes it once for both. Every other output is alone."""
    charts = {
        o.output.component_id["name"]: o
        for o in outputs
        if o.output.component_property == "figure" and isinstance(o.output.component_id, dict)
    }
    note_of: dict[int, _ViewOutput] = {}
    for o in outputs:
        chart = charts.get(o.chart) if o.chart else None
        if (
            chart is not None
            and id(chart) not in note_of
            and _controls_key(chart.controls) == _controls_key(o.controls)
        ):
            note_of[id(chart)] = o
    paired = {id(note) for note in note_of.values()}
    return [[o, note_of[id(o)]] if id(o) in note_of else [o] for o in outputs if id(o) not in paired]


def _register(group: list[_ViewOutput]) -> None:
    def error_outputs(message: str, values: dict[str, Any]) -> Any:
        view = View.from_stores(None, values.get(f"{ids.LANG_STORE}.data"), values.get(f"{ids.THEME_STORE}.data"))
        shown = [o.on_error(view, message) for o in group]
        return shown if len(group) > 1 else shown[0]

    # Outputs compute when they mount, so the initial call is wanted.
    @callback(
        *(o.output for o in group),
        *view_inputs(),
        *group[0].controls,
        prevent_initial_call=False,
        error_outputs=error_outputs,
    )
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
    return _view_callback(
        Output(ids.graph(name), "figure"),
        f"Chart {name}",
        lambda view, message: view.empty(message),
        lambda view, reason: view.empty(reason),
        *extra,
    )


def note_callback(
    component_id: str,
    *extra: Input | State,
    chart: str | None = None,
    empty: Callable[[View, str], Any] = lambda view, reason: reason,
) -> Callable:
    """Declare ``function(view, *extra_values) -> children`` as what fills ``component_id``
    (a generated text, search results, a detail card); an error shows as its message, an empty
    selection as its reason (a sentence like any other; ``empty`` shapes it like the tab's texts).

    ``chart``: the chart whose analysis the text describes (default: ``component_id`` without its
    ``-note`` suffix); with the same controls, both are computed in one request.
    """
    if chart is None and component_id.endswith("-note"):
        chart = component_id.removesuffix("-note")
    return _view_callback(
        Output(component_id, "children"),
        f"Content {component_id}",
        lambda view, message: html.Div(message, className="interpretation mx-0"),
        empty,
        *extra,
        chart=chart,
    )


def _point_value(point: Any) -> str | None:
    """A point's cross-filter value: its customdata (first item) or its x, as text."""
    if not isinstance(point, dict):
        return None
    custom = point.get("customdata")
    if isinstance(custom, list):
        custom = custom[0] if custom else None
    value = custom if custom is not None else point.get("x")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value)


def focus_value_of(click: Any) -> str | None:
    """The cross-filter value of a clicked point: its customdata (first item) or its x; None when
    ``click`` is not Plotly's clickData with such a number or text."""
    points = click.get("points") if isinstance(click, dict) else None
    if not isinstance(points, list) or not points:
        return None
    return _point_value(points[0])


def year_range_of(selection: Any) -> str | None:
    """The 'first-last' years of a box or lasso selection (Plotly's selectedData) on a chart whose
    points carry their year; None when nothing with a year is selected."""
    points = selection.get("points") if isinstance(selection, dict) else None
    years = [
        int(value)
        for value in map(_point_value, points if isinstance(points, list) else [])
        if value is not None and value.isdigit() and len(value) <= 4
    ]
    if not years:
        return None
    return f"{min(years)}-{max(years)}"


def cross_filter(graph_name: str, dimension: str) -> None:
    """Clicking a point of chart ``graph_name`` focuses ``dimension`` on its value in the URL (the
    other focused dimensions stay: they combine); clicking the focused value again clears it. On a
    year dimension a box or lasso selection focuses the selected years' range."""
    inputs = [Input(ids.graph(graph_name), "clickData")]
    if dimension in YEAR_FOCUS_DIMENSIONS:
        inputs.append(Input(ids.graph(graph_name), "selectedData"))

    @callback(
        Output(ids.URL, "search", allow_duplicate=True),
        *inputs,
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def set_focus(click: Any, *rest: Any) -> Any:  # the new URL search, or no_update
        *selection, search = rest
        selected = any(prop.endswith(".selectedData") for prop in ctx.triggered_prop_ids)
        value = year_range_of(selection[0]) if selection and selected else focus_value_of(click)
        query = parse_search(search)
        filters = Filters.from_query(query)
        try:
            changed = filters.with_focus(dimension, value) if selected else filters.toggled_focus(dimension, value)
        except ValueError:  # not a value of this dimension (no point, a stray click): nothing changes
            return no_update
        others = {k: v for k, v in query.items() if k not in FILTER_KEYS}  # tab, language, controls
        return build_search({**others, **changed.to_query()})
