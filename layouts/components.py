"""Building blocks shared by every tab: chart cards, KPI cards, empty and error states."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import dcc, html
from dash.development.base_component import Component

from app import ids
from app.i18n import plotly_locale, t
from app.theme import SPINNER_COLOR, TRANSPARENT, normalize_theme

GRAPH_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "responsive": True,
    # No button sends a chart elsewhere: plotly.js 4 shows "Share chart..." (sendChartToCloud, to
    # cloud.plotly.com) unless showSendToCloud is false, and Chart Studio's button when asked for;
    # removing them by name as well keeps them out whatever a future bundle defaults to. Selection
    # tools are removed too, but from the charts that select years (``selectable``).
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "sendChartToCloud", "sendDataToCloud", "editInChartStudio"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
# The spinner appears only when a chart takes longer than this, so fast updates never flash.
SPINNER_DELAY_MS = 300


SELECTION_TOOLS = ("select2d", "lasso2d")


def graph_config(name: str, language: str, selectable: bool = False) -> dict[str, Any]:
    """A chart's config: its PNG named after it, and plotly.js's texts (modebar titles, month and
    day names of date axes and hovers) in the page language; ``selectable`` keeps the box and lasso
    selection tools (for the charts on which a selection cross-filters)."""
    removed = [
        button for button in GRAPH_CONFIG["modeBarButtonsToRemove"] if not (selectable and button in SELECTION_TOOLS)
    ]
    return {
        **GRAPH_CONFIG,
        "locale": plotly_locale(language),
        "modeBarButtonsToRemove": removed,
        "toImageButtonOptions": {**GRAPH_CONFIG["toImageButtonOptions"], "filename": name},
    }


def chart_card(
    name: str, title: str, language: str, height: int = 360, note: Any = None, selectable: bool = False
) -> dbc.Card:
    """A card holding one chart, its PNG export (mode bar) and its CSV download button."""
    graph = dcc.Graph(
        id=ids.graph(name),
        figure=placeholder_figure(),
        # Dash types config as a TypedDict of these keys; the dict is built from shared defaults.
        config=graph_config(name, language, selectable),  # type: ignore[arg-type]
        style={"height": f"{height}px"},
    )
    header = dbc.CardHeader(
        [
            html.Span(title),
            dbc.Button(
                t("chart.csv", language),
                id=ids.csv_button(name),
                size="sm",
                color="secondary",
                outline=True,
                title=t("chart.csv_title", language),
                className="ms-2",
            ),
            dcc.Download(id=ids.csv_download(name)),
        ]
    )
    body: list[Component] = [dcc.Loading(graph, delay_show=SPINNER_DELAY_MS, color=SPINNER_COLOR)]
    if note is not None:
        body.append(html.Div(note, className="interpretation"))
    return dbc.Card([header, dbc.CardBody(body, className="p-1")], className="chart-card mb-3")


def button_group(component_id: Any, options: list[dict[str, Any]], value: Any) -> dbc.RadioItems:
    """A choice among a few options as a row of toggle buttons (the tab controls, the language)."""
    return dbc.RadioItems(
        id=component_id,
        options=options,
        value=value,
        inline=True,
        className="btn-group",
        inputClassName="btn-check",
        labelClassName="btn btn-outline-primary btn-sm",
        labelCheckedClassName="active",
    )


def labelled(label: str, control: Any, spacing: str = "mx-3 mt-2") -> html.Div:
    """A control with its label before it; ``spacing``: the Bootstrap margin classes around the pair."""
    return html.Div(
        [html.Span(label, className="me-2 small text-secondary"), control],
        className=f"d-flex align-items-center flex-wrap gap-1 {spacing}",
    )


def kpi_card(label: str, value: str, detail: str | None = None, card_id: str | None = None) -> dbc.Card:
    children = [html.Div(label, className="kpi-label"), html.Div(value, className="kpi-value")]
    if detail:
        children.append(html.Div(detail, className="kpi-detail"))
    extra = {"id": card_id} if card_id else {}
    return dbc.Card(dbc.CardBody(children), className="kpi-card h-100", **extra)


def placeholder_figure() -> go.Figure:
    """An empty, axis-less figure shown until the chart's callback answers."""
    figure = go.Figure()
    figure.update_layout(
        xaxis={"visible": False}, yaxis={"visible": False}, paper_bgcolor=TRANSPARENT, plot_bgcolor=TRANSPARENT
    )
    return figure


def empty_figure(language: str, theme: str | None, message: str | None = None) -> go.Figure:
    """The clear empty state when the filters select nothing."""
    figure = go.Figure()
    figure.update_layout(
        template=f"kitchen_{normalize_theme(theme)}",
        xaxis={"visible": False},
        yaxis={"visible": False},
        annotations=[
            {
                "text": message or t("chart.empty", language),
                "showarrow": False,
                "font": {"size": 16},
                "xref": "paper",
                "yref": "paper",
                "x": 0.5,
                "y": 0.5,
            }
        ],
    )
    return figure


def error_alert(message: str, language: str) -> dbc.Alert:
    return dbc.Alert([html.Strong(t("app.error_title", language) + " — "), message], color="danger", className="mt-3")
