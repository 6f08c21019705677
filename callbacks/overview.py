"""Overview callbacks: every figure computed live from the filtered data."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import plotly.graph_objects as go
from dash import html

from app.analysis import overview as analysis
from app.filters import REVIEW_YEAR, SUBMISSION_YEAR
from app.i18n import fmt_count, fmt_number, fmt_percent, t
from app.repository import get_repository
from app.theme import color, rating_color
from callbacks.common import View, figure_callback, note_callback
from callbacks.figures import shade_focused_years
from layouts import overview as ui
from layouts.components import kpi_card

# Each point is a month: the hover names it ("mars 2005" with the French locale), not its first day.
MONTH_HOVER = "%b %Y"


def _date_span(first: Any, last: Any) -> str:
    if first is None or last is None or first != first:
        return "–"
    return f"{first:%Y-%m} → {last:%Y-%m}"


@note_callback(ui.KPIS)
def kpi_cards(view: View) -> dbc.Row:
    frame = view.aggregate("overview/kpis")
    row: Any = frame.iloc[0]
    kpis = analysis.kpi_ratios(frame)
    lang = view.language

    def ratio(value: float | None) -> str:
        return "–" if value is None else fmt_number(value, lang, 2)

    # Reviews selected by their own date (review years, a review-year or calendar cross-filter) are not
    # the reviews of the recipes counted (selected by submission date): their ratio would mean nothing.
    per_recipe = (
        t("overview.kpi.per_recipe_dates", lang)
        if view.filters.review_level
        else t("overview.kpi.per_recipe", lang, value=ratio(kpis.reviews_per_recipe))
    )
    cards = [
        kpi_card(t("overview.kpi.recipes", lang), fmt_count(kpis.n_recipes, lang), per_recipe, "kpi-recipes"),
        kpi_card(
            t("overview.kpi.interactions", lang),
            fmt_count(kpis.n_interactions, lang),
            t("overview.kpi.per_user", lang, value=ratio(kpis.reviews_per_user)),
            "kpi-interactions",
        ),
        kpi_card(t("overview.kpi.users", lang), fmt_count(kpis.n_users, lang), None, "kpi-users"),
        kpi_card(
            t("overview.kpi.contributors", lang),
            fmt_count(kpis.n_contributors, lang),
            t("overview.kpi.per_contributor", lang, value=ratio(kpis.recipes_per_contributor)),
            "kpi-contributors",
        ),
        kpi_card(
            t("overview.kpi.span", lang),
            _date_span(row.first_interaction, row.last_interaction),
            t("overview.kpi.span_detail", lang, recipes=_date_span(row.first_submitted, row.last_submitted)),
            "kpi-span",
        ),
        kpi_card(
            t("overview.kpi.mean_rating", lang),
            fmt_number(row.mean_rating_without_zeros, lang, 3),
            t("overview.kpi.mean_rating_detail", lang, value=fmt_number(row.mean_rating_with_zeros, lang, 3)),
            "kpi-mean-rating",
        ),
        kpi_card(
            t("overview.kpi.without_stars", lang),
            fmt_percent(row.share_without_stars, lang),
            t("overview.kpi.without_stars_detail", lang),
            "kpi-without-stars",
        ),
    ]
    return dbc.Row([dbc.Col(card, xs=6, md=4, xl=True, className="mb-2") for card in cards], className="g-2")


@note_callback(ui.ROW_COUNTS)
def row_counts_table(view: View) -> dbc.Table:
    frame = get_repository().aggregate("overview/row_counts")
    lang = view.language
    header = html.Thead(
        html.Tr([html.Th(t("overview.table", lang)), html.Th(t("overview.rows", lang), className="text-end")])
    )
    body = html.Tbody(
        [
            html.Tr([html.Td(name), html.Td(fmt_count(n, lang), className="text-end")])
            for name, n in frame.itertuples(index=False)
            if n > 0
        ]
    )
    return dbc.Table([header, body], size="sm", striped=True, className="mb-0", id="overview-row-table")


@figure_callback(ui.INTERACTIONS_PER_MONTH)
def interactions_per_month(view: View) -> go.Figure:
    # Monthly series show every month and shade the years a cross-filter focuses on their date.
    frame = view.aggregate("overview/interactions_per_month", ignoring_focus=[REVIEW_YEAR])
    peak = analysis.peak_month(frame)
    lang = view.language
    figure = go.Figure()
    figure.add_scatter(x=frame["month"], y=frame["n_interactions"], mode="lines", name=t("overview.axis.reviews", lang))
    figure.add_scatter(
        x=frame["month"],
        y=frame["mean_rating"],
        mode="lines",
        yaxis="y2",
        name=t("overview.axis.mean_rating", lang),
        line={"width": 1, "dash": "dot"},
    )
    return view.styled(
        shade_focused_years(figure, view, REVIEW_YEAR, dates=True),
        xaxis_title=t("overview.axis.month", lang),
        xaxis_hoverformat=MONTH_HOVER,
        yaxis_title=t("overview.axis.reviews", lang),
        yaxis2={
            "title": t("overview.axis.mean_rating", lang),
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "range": [1, 5],
            "tickmode": "linear",
            "dtick": 1,
        },
        title={
            "text": t(
                "overview.peak_note", lang, month=f"{peak.month:%Y-%m}", count=fmt_count(peak.n_interactions, lang)
            ),
            "font": {"size": 12},
        },
    )


@figure_callback(ui.RECIPES_PER_MONTH)
def recipes_per_month(view: View) -> go.Figure:
    frame = view.aggregate("overview/recipes_per_month", ignoring_focus=[SUBMISSION_YEAR])
    if frame.empty:
        return view.empty()
    lang = view.language
    figure = go.Figure(
        go.Bar(
            x=frame["month"],
            y=frame["n_recipes"],
            name=t("overview.axis.recipes", lang),
            marker_color=color("accent", view.theme),
        )
    )
    return view.styled(
        shade_focused_years(figure, view, SUBMISSION_YEAR, dates=True),
        xaxis_title=t("overview.axis.month", lang),
        xaxis_hoverformat=MONTH_HOVER,
        yaxis_title=t("overview.axis.recipes", lang),
        bargap=0,
    )


@figure_callback(ui.RATING_DISTRIBUTION)
def rating_distribution(view: View) -> go.Figure:
    frame = view.aggregate("overview/rating_distribution")
    shares = analysis.rating_shares(frame).shares
    lang = view.language
    figure = go.Figure(
        go.Bar(
            x=frame["rating"].astype(str),
            y=frame["n_interactions"],
            marker_color=[rating_color(r, view.theme) for r in frame["rating"]],
            text=[fmt_percent(s, lang) for s in shares],
            textposition="outside",
            name=t("overview.axis.reviews", lang),
        )
    )
    return view.styled(
        figure,
        xaxis_title=t("overview.axis.rating", lang),
        yaxis_title=t("overview.axis.reviews", lang),
        showlegend=False,
    )


@note_callback(ui.RATING_NOTE, chart=ui.RATING_DISTRIBUTION)
def rating_note(view: View) -> str:
    ratings = analysis.rating_shares(view.aggregate("overview/rating_distribution"))
    lang = view.language
    return t(
        "overview.rating_note",
        lang,
        top_share=fmt_percent(ratings.top_share, lang),
        total=fmt_count(ratings.total, lang),
        top_rating=ratings.top_rating,
        zero_share=fmt_percent(ratings.zero_share, lang),
    )
