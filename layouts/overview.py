"""Overview tab: headline KPIs, table sizes, monthly activity and the rating distribution."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app.i18n import register, t
from app.theme import SPINNER_COLOR
from layouts.components import SPINNER_DELAY_MS, chart_card

KPIS = "overview-kpis"
ROW_COUNTS = "overview-row-counts"
INTERACTIONS_PER_MONTH = "overview-interactions-per-month"
RECIPES_PER_MONTH = "overview-recipes-per-month"
RATING_DISTRIBUTION = "overview-rating-distribution"
RATING_NOTE = "overview-rating-note"

register({
    "overview.kpi.recipes": {"en": "Recipes", "fr": "Recettes"},
    "overview.kpi.interactions": {"en": "Reviews", "fr": "Avis"},
    "overview.kpi.users": {"en": "Users", "fr": "Utilisateurs"},
    "overview.kpi.contributors": {"en": "Contributors", "fr": "Contributeurs"},
    "overview.kpi.span": {"en": "Date span", "fr": "Période"},
    "overview.kpi.span_detail": {"en": "recipes {recipes}", "fr": "recettes {recipes}"},
    "overview.kpi.mean_rating": {"en": "Mean rating (1–5)", "fr": "Note moyenne (1–5)"},
    "overview.kpi.mean_rating_detail": {"en": "{value} counting 0 as a rating", "fr": "{value} en comptant 0 comme une note"},
    "overview.kpi.without_stars": {"en": "Reviews without stars", "fr": "Avis sans étoiles"},
    "overview.kpi.without_stars_detail": {"en": "rating 0", "fr": "note 0"},
    "overview.kpi.per_recipe": {"en": "{value} reviews per recipe", "fr": "{value} avis par recette"},
    "overview.kpi.per_recipe_dates": {"en": "reviews filtered by review date, recipes by submission date",
                                      "fr": "avis filtrés par date d'avis, recettes par date de publication"},
    "overview.kpi.per_user": {"en": "{value} reviews per user", "fr": "{value} avis par utilisateur"},
    "overview.kpi.per_contributor": {"en": "{value} recipes per contributor", "fr": "{value} recettes par contributeur"},
    "overview.row_counts": {"en": "Rows per table", "fr": "Lignes par table"},
    "overview.table": {"en": "Table", "fr": "Table"},
    "overview.rows": {"en": "Rows", "fr": "Lignes"},
    "overview.interactions_per_month": {"en": "Reviews per month", "fr": "Avis par mois"},
    "overview.recipes_per_month": {"en": "Recipes submitted per month", "fr": "Recettes publiées par mois"},
    "overview.rating_distribution": {"en": "Rating distribution", "fr": "Distribution des notes"},
    "overview.axis.month": {"en": "Month", "fr": "Mois"},
    "overview.axis.reviews": {"en": "Reviews", "fr": "Avis"},
    "overview.axis.recipes": {"en": "Recipes", "fr": "Recettes"},
    "overview.axis.rating": {"en": "Rating (0 = no stars)", "fr": "Note (0 = sans étoiles)"},
    "overview.axis.mean_rating": {"en": "Mean rating", "fr": "Note moyenne"},
    "overview.rating_note": {
        "en": "{top_share} of the {total} reviews give {top_rating} stars; {zero_share} carry no stars. Ratings are strongly skewed towards the top of the scale.",
        "fr": "{top_share} des {total} avis donnent {top_rating} étoiles ; {zero_share} n'ont pas d'étoiles. Les notes sont fortement concentrées en haut de l'échelle."},
    "overview.peak_note": {
        "en": "Busiest month: {month} with {count} reviews.",
        "fr": "Mois le plus actif : {month} avec {count} avis."},
})


def layout(language: str) -> html.Div:
    return html.Div([
        dcc.Loading(html.Div(id=KPIS, className="mb-3", style={"minHeight": "120px"}), delay_show=SPINNER_DELAY_MS,
                    color=SPINNER_COLOR),
        dbc.Row([
            dbc.Col(chart_card(INTERACTIONS_PER_MONTH, t("overview.interactions_per_month", language), language), lg=6),
            dbc.Col(chart_card(RECIPES_PER_MONTH, t("overview.recipes_per_month", language), language), lg=6),
        ]),
        dbc.Row([
            dbc.Col(chart_card(RATING_DISTRIBUTION, t("overview.rating_distribution", language), language,
                               note=html.Span(id=RATING_NOTE)), lg=6),
            dbc.Col(dbc.Card([dbc.CardHeader(t("overview.row_counts", language)),
                              dbc.CardBody(html.Div(id=ROW_COUNTS))], className="chart-card mb-3"), lg=6),
        ]),
    ])
