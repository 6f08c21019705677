"""Recipes tab: ratings by preparation time / steps / ingredients, nutrition and a healthiness
score, tags and ingredients ranked by rating lift, and a recipe search with a detail card."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from app.i18n import t
from app.theme import SPINNER_COLOR
from layouts.components import SPINNER_DELAY_MS, button_group, chart_card

# Charts.
RATING_BY_BUCKET = "recipes-rating-by-bucket"
NUTRITION_PROFILE = "recipes-nutrition-profile"
SCORE_DISTRIBUTION = "recipes-score-distribution"
RATING_BY_SCORE = "recipes-rating-by-score"
ITEM_LIFT = "recipes-item-lift"
DETAIL_RATINGS = "recipes-detail-ratings"
# Controls and generated texts.
BUCKET_DIMENSION = "recipes-bucket-dimension"
BUCKET_NOTE = "recipes-bucket-note"
NUTRITION_NOTE = "recipes-nutrition-note"
SCORE_NOTE = "recipes-score-note"
LIFT_KIND = "recipes-lift-kind"
LIFT_NOTE = "recipes-lift-note"
SEARCH_INPUT = "recipes-search"
SEARCH_RESULTS = "recipes-search-results"
SEARCH_RESULT_TYPE = "recipes-search-result"  # pattern-matching id type of one result
SELECTED_RECIPE = "recipes-selected"
DETAIL = "recipes-detail"
DETAIL_CARD = "recipes-detail-card"
DETAIL_NAME = "recipes-detail-name"
SCORE_FORMULA = "recipes-score-formula"

# Selector values: recipe attributes bucketed against ratings, item kinds ranked by lift.
BUCKET_DIMENSIONS = ("minutes", "n_steps", "n_ingredients")
LIFT_KINDS = ("tags", "ingredients")
# The tab's controls kept in the URL (parameter = component id) with their defaults, left out of the URL.
URL_CONTROLS = {BUCKET_DIMENSION: BUCKET_DIMENSIONS[0], LIFT_KIND: LIFT_KINDS[0]}
SEARCH_LIMIT = 20
SEARCH_MIN_CHARS = 2


def search_result_id(recipe_id: int) -> dict:
    return {"type": SEARCH_RESULT_TYPE, "recipe": int(recipe_id)}


def _section_header(title: str, control=None) -> html.Div:
    """A section title with the section's selector, if any, on the right."""
    return html.Div(
        [html.H5(title, className="mb-0 me-3"), control],
        className="d-flex flex-wrap align-items-center justify-content-between mt-2 mb-2 gap-2",
    )


def _selector(component_id: str, values: tuple[str, ...], key_prefix: str, language: str) -> dbc.RadioItems:
    """A button-group selector (its choice is kept in the URL: URL_CONTROLS)."""
    return button_group(
        component_id, [{"label": t(f"{key_prefix}.{v}", language), "value": v} for v in values], values[0]
    )


def _score_card(language: str) -> dbc.Card:
    return dbc.Card(
        [
            dbc.CardHeader(t("recipes.score.title", language)),
            dbc.CardBody(
                [
                    html.Pre(t("recipes.score.formula", language), className="fs-5 mb-2", id=SCORE_FORMULA),
                    html.P(t("recipes.score.explain", language)),
                    html.P(t("recipes.score.caveat", language), className="interpretation mx-0"),
                ]
            ),
        ],
        className="chart-card mb-3 h-100",
    )


def _search_panel(language: str) -> html.Div:
    return html.Div(
        [
            dbc.Input(
                id=SEARCH_INPUT,
                type="search",
                debounce=300,
                autocomplete="off",
                placeholder=t("recipes.search_placeholder", language),
                persistence=True,
                persistence_type="session",
            ),
            html.Div(t("recipes.search_hint", language, limit=SEARCH_LIMIT), className="interpretation mx-0"),
            dcc.Loading(html.Div(id=SEARCH_RESULTS), delay_show=SPINNER_DELAY_MS, color=SPINNER_COLOR),
        ]
    )


def layout(language: str) -> html.Div:
    return html.Div(
        [
            # Kept in the browser session so a language switch (which re-renders the tab) keeps the card.
            dcc.Store(id=SELECTED_RECIPE, storage_type="session"),
            _section_header(
                t("recipes.section.buckets", language),
                _selector(BUCKET_DIMENSION, BUCKET_DIMENSIONS, "recipes.dimension", language),
            ),
            chart_card(RATING_BY_BUCKET, t("recipes.bucket_chart", language), language, note=html.Span(id=BUCKET_NOTE)),
            _section_header(t("recipes.section.nutrition", language)),
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(
                            NUTRITION_PROFILE,
                            t("recipes.nutrition_chart", language),
                            language,
                            note=html.Span(id=NUTRITION_NOTE),
                        ),
                        lg=7,
                    ),
                    dbc.Col(_score_card(language), lg=5, className="mb-3"),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(SCORE_DISTRIBUTION, t("recipes.score_distribution", language), language, height=320),
                        lg=6,
                    ),
                    dbc.Col(
                        chart_card(RATING_BY_SCORE, t("recipes.score_rating", language), language, height=320), lg=6
                    ),
                ]
            ),
            html.Div(id=SCORE_NOTE, className="interpretation mt-0"),
            _section_header(
                t("recipes.section.lift", language), _selector(LIFT_KIND, LIFT_KINDS, "recipes.kind", language)
            ),
            chart_card(
                ITEM_LIFT, t("recipes.lift_chart", language), language, height=600, note=html.Span(id=LIFT_NOTE)
            ),
            _section_header(t("recipes.section.search", language)),
            dbc.Row(
                [
                    dbc.Col(_search_panel(language), lg=4, className="mb-3"),
                    dbc.Col(
                        [
                            dcc.Loading(
                                html.Div(id=DETAIL, className="mb-3"), delay_show=SPINNER_DELAY_MS, color=SPINNER_COLOR
                            ),
                            chart_card(DETAIL_RATINGS, t("recipes.detail_ratings", language), language, height=240),
                        ],
                        lg=8,
                    ),
                ]
            ),
        ]
    )
