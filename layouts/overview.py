"""Overview tab: headline KPIs, table sizes, monthly activity and the rating distribution."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app.i18n import t
from app.theme import SPINNER_COLOR
from layouts.components import SPINNER_DELAY_MS, chart_card

KPIS = "overview-kpis"
ROW_COUNTS = "overview-row-counts"
INTERACTIONS_PER_MONTH = "overview-interactions-per-month"
RECIPES_PER_MONTH = "overview-recipes-per-month"
RATING_DISTRIBUTION = "overview-rating-distribution"
RATING_NOTE = "overview-rating-note"


def layout(language: str) -> html.Div:
    return html.Div(
        [
            dcc.Loading(
                html.Div(id=KPIS, className="mb-3", style={"minHeight": "120px"}),
                delay_show=SPINNER_DELAY_MS,
                color=SPINNER_COLOR,
            ),
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(INTERACTIONS_PER_MONTH, t("overview.interactions_per_month", language), language),
                        lg=6,
                    ),
                    dbc.Col(chart_card(RECIPES_PER_MONTH, t("overview.recipes_per_month", language), language), lg=6),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(
                            RATING_DISTRIBUTION,
                            t("overview.rating_distribution", language),
                            language,
                            note=html.Span(id=RATING_NOTE),
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        dbc.Card(
                            [dbc.CardHeader(t("overview.row_counts", language)), dbc.CardBody(html.Div(id=ROW_COUNTS))],
                            className="chart-card mb-3",
                        ),
                        lg=6,
                    ),
                ]
            ),
        ]
    )
