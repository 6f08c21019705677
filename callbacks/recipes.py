"""Recipes callbacks: ratings by buckets of recipe attributes, nutrition and a healthiness score,
rating lift of tags and ingredients, and the recipe search with its detail card.

Every number comes from the filtered data (app.analysis.recipes); texts are generated from those numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, html, no_update

from app import ids
from app.analysis import recipes as analysis
from app.analysis.recipes import BOX_LEVELS as BOX_LEVELS
from app.analysis.recipes import (
    BUCKETS,
    ITEM_KINDS,
    MIN_SUPPORT,
    MINUTES_BUCKETS,
    GroupComparison,
    LiftTable,
    band_counts,
    compare_groups,
    rating_summary,
)
from app.analysis.recipes import INGREDIENT_BUCKETS as INGREDIENT_BUCKETS
from app.analysis.recipes import STEPS_BUCKETS as STEPS_BUCKETS
from app.analysis.recipes import Buckets as Buckets
from app.analysis.recipes import weighted_quantiles as weighted_quantiles
from app.errors import EmptySelection
from app.filters import build_search, parse_search
from app.i18n import fmt_count, fmt_measure, fmt_number, fmt_p, fmt_percent, fmt_signed, t
from app.schema import MINUTES_OUTLIER_THRESHOLD, NUTRITION_COLUMNS
from app.stats import MIN_GROUP_SIZE
from app.theme import palette
from callbacks.common import (
    InvalidInput,
    View,
    callback,
    figure_callback,
    integer,
    note_callback,
    option,
    pattern_output_ids,
    text_input,
)
from callbacks.figures import ci_error_bars
from layouts import recipes as ui

# The selected search result in the theme's orange rather than Bootstrap's blue.
_ACTIVE_RESULT_STYLE = {
    "--bs-list-group-active-bg": "var(--kitchen-primary)",
    "--bs-list-group-active-border-color": "var(--kitchen-primary)",
    "--bs-list-group-active-color": "var(--kitchen-on-primary)",
}

# Detail card: reviews shown, the characters kept of each, the URL parameter of the shown recipe.
RECENT_REVIEWS = 5
REVIEW_CHARS = 280
RECIPE_PARAM = "recipe"
MAX_RECIPE_ID = 2**63 - 1  # recipe ids are BIGINT


def _rows(frame: pd.DataFrame) -> Iterator[Any]:
    """The rows of ``frame`` as named tuples (typed Any: their fields are the frame's columns)."""
    return frame.itertuples()


# -- ratings per group --------------------------------------------------------------------------


def comparison_sentences(comparison: GroupComparison, groups: str, language: str) -> list[str]:
    """The test, its verdict and the groups too small to conclude on, as sentences."""
    sentences = []
    test = comparison.test
    if test is None:
        sentences.append(t("recipes.verdict.untestable", language, min=MIN_GROUP_SIZE))
    else:
        sentences.append(
            t(
                "recipes.test",
                language,
                groups=groups,
                statistic=fmt_number(test.statistic, language, 1),
                p=fmt_p(test.p_value, language),
                effect=fmt_number(test.effect, language, 3),
            )
        )
        if test.significant:
            sentences.append(
                t(
                    "recipes.verdict.significant",
                    language,
                    groups=groups,
                    strength=t(f"recipes.strength.{comparison.magnitude}", language),
                )
            )
        else:
            sentences.append(t("recipes.verdict.not_significant", language, groups=groups))
    if comparison.too_small:
        sentences.append(
            t("recipes.small_groups", language, labels=", ".join(comparison.too_small), min=MIN_GROUP_SIZE)
        )
    return sentences


def mean_rating_figure(view: View, summary: pd.DataFrame, x_title: str) -> go.Figure:
    """Mean rating per group with its 95 % CI, over the number of ratings (bars, right axis)."""
    lang = view.language
    labels = [str(label) for label in summary.index]
    texts = [
        t(
            "recipes.point_text",
            lang,
            n=fmt_count(row.n, lang),
            low=fmt_number(row.ci_low, lang, 2),
            high=fmt_number(row.ci_high, lang, 2),
        )
        for row in _rows(summary)
    ]
    colors = palette(view.theme)
    figure = go.Figure()
    # Faint bars behind the means, outlined in the full colour (the outline is what reaches 3:1).
    figure.add_bar(
        x=labels,
        y=summary["n"].tolist(),
        name=t("recipes.legend.n", lang),
        yaxis="y2",
        width=0.5,
        marker={"color": colors["accent"], "opacity": 0.25, "line": {"color": colors["accent"], "width": 1.5}},
        hovertemplate="%{x}: %{y}<extra></extra>",
    )
    figure.add_scatter(
        x=labels,
        y=summary["mean"].tolist(),
        text=texts,
        mode="markers+lines",
        name=t("recipes.legend.mean", lang),
        marker={"size": 10, "color": colors["primary"]},
        line={"color": colors["primary"], "width": 1},
        error_y=ci_error_bars(summary["mean"], summary["ci_low"], summary["ci_high"], color=colors["primary"]),
        hovertemplate="%{x}: %{y:.3f}<br>%{text}<extra></extra>",
    )
    return view.styled(
        figure,
        xaxis_title=x_title,
        yaxis={"title": t("recipes.axis.mean_rating", lang), "tickformat": ".2f"},
        yaxis2={
            "title": t("recipes.axis.ratings", lang),
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "rangemode": "tozero",
        },
        hovermode="closest",
        xaxis={"type": "category"},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        margin={"t": 30},
    )


# -- ratings by bucket of preparation time, steps, ingredients ---------------------------------


def _dimension(value: str | None) -> str:
    """The selector's dimension, preparation time when unknown."""
    return option(value, BUCKETS, MINUTES_BUCKETS.attribute)


def bucket_counts(view: View, dimension: str) -> pd.DataFrame:
    """Rating counts (columns 1..5) per bucket label of ``dimension``, every bucket present."""
    buckets = BUCKETS[dimension]
    return analysis.bucket_table(view.aggregate("recipes/rating_by_bucket", **buckets.query_params()), buckets)


@figure_callback(ui.RATING_BY_BUCKET, Input(ui.BUCKET_DIMENSION, "value"))
def rating_by_bucket(view: View, dimension: str | None) -> go.Figure:
    dimension = _dimension(dimension)
    summary = rating_summary(analysis.rated(bucket_counts(view, dimension)))
    return mean_rating_figure(view, summary, t(f"recipes.axis.{dimension}", view.language))


@note_callback(ui.BUCKET_NOTE, Input(ui.BUCKET_DIMENSION, "value"), chart=ui.RATING_BY_BUCKET)
def bucket_note(view: View, dimension: str | None) -> str:
    dimension = _dimension(dimension)
    lang = view.language
    comparison = compare_groups(analysis.rated(bucket_counts(view, dimension)))
    groups = t(f"recipes.groups.{dimension}", lang)
    sentences = []
    if comparison.extremes is not None:
        low, high = comparison.extremes
        means = comparison.testable["mean"]
        sentences.append(
            t(
                "recipes.bucket_note",
                lang,
                groups=groups,
                low_label=low,
                high_label=high,
                low_mean=fmt_number(means[low], lang, 2),
                high_mean=fmt_number(means[high], lang, 2),
                n=fmt_count(comparison.summary["n"].sum(), lang),
            )
        )
    sentences += comparison_sentences(comparison, groups, lang)
    if dimension == MINUTES_BUCKETS.attribute:
        sentences.append(t("recipes.outlier_note", lang, threshold=MINUTES_OUTLIER_THRESHOLD))
    return " ".join(sentences)


# -- nutrition profile ------------------------------------------------------------------------


def nutrition_quantiles(view: View) -> pd.DataFrame:
    """Per nutrient (contract order): n, mean, p5, q1, median, q3, p95; n = 0 when no recipe."""
    return analysis.nutrient_quantiles(view.aggregate("recipes/nutrition_profile"))


@figure_callback(ui.NUTRITION_PROFILE)
def nutrition_profile(view: View) -> go.Figure:
    profile = analysis.profiled(nutrition_quantiles(view))
    lang = view.language
    colors = palette(view.theme)
    figure = go.Figure()
    # Calories (kcal) on a narrow left panel, the six %DV on the right one: two scales, one figure.
    for axis, nutrients, color, unit in (
        ("", ["calories"], colors["accent"], "recipes.axis.kcal"),
        ("2", list(NUTRITION_COLUMNS[1:]), colors["primary"], "recipes.axis.pdv"),
    ):
        part = profile.loc[nutrients]
        figure.add_box(
            x=[t(f"recipes.nutrient.{n}", lang) for n in nutrients],
            q1=part["q1"].tolist(),
            median=part["median"].tolist(),
            q3=part["q3"].tolist(),
            lowerfence=part["p5"].tolist(),
            upperfence=part["p95"].tolist(),
            mean=part["mean"].tolist(),
            name=t(unit, lang),
            marker_color=color,
            boxpoints=False,
            xaxis=f"x{axis}",
            yaxis=f"y{axis}",
        )
    return view.styled(
        figure,
        showlegend=False,
        xaxis={"domain": [0, 0.14]},
        yaxis={"title": t("recipes.axis.kcal", lang), "rangemode": "tozero"},
        xaxis2={"domain": [0.26, 1]},
        yaxis2={"title": t("recipes.axis.pdv", lang), "rangemode": "tozero", "anchor": "x2"},
    )


@note_callback(ui.NUTRITION_NOTE, chart=ui.NUTRITION_PROFILE)
def nutrition_note(view: View) -> str:
    summary = analysis.nutrition_summary(nutrition_quantiles(view))
    lang = view.language
    return t(
        "recipes.nutrition_note",
        lang,
        n=fmt_count(summary.n, lang),
        calories=fmt_number(summary.calories, lang),
        calories_q1=fmt_number(summary.calories_q1, lang),
        calories_q3=fmt_number(summary.calories_q3, lang),
        top=t(f"recipes.nutrient.{summary.top}", lang),
        top_value=fmt_percent(summary.top_value / 100, lang, 0),
        bottom=t(f"recipes.nutrient.{summary.bottom}", lang),
        bottom_value=fmt_percent(summary.bottom_value / 100, lang, 0),
    )


# -- healthiness score ------------------------------------------------------------------------


def score_frequencies(view: View) -> pd.DataFrame:
    """Per distinct score: n_recipes, n_1..n_5, and its 5-point bin and 20-point band."""
    return analysis.score_bins(view.aggregate("recipes/health_score"))


@figure_callback(ui.SCORE_DISTRIBUTION)
def score_distribution(view: View) -> go.Figure:
    recipes = analysis.recipes_per_bin(score_frequencies(view))
    lang = view.language
    width = analysis.SCORE_BIN_WIDTH
    starts = recipes.index.to_numpy() * width
    colors = palette(view.theme)
    figure = go.Figure(
        go.Bar(
            x=(starts + width / 2).tolist(),
            y=recipes.tolist(),
            width=width * 0.92,
            text=[f"{s}–{s + width}" for s in starts],
            textposition="none",
            name=t("recipes.axis.recipes", lang),
            marker={
                "color": starts.tolist(),
                "colorscale": [[0, colors["highlight"]], [0.5, colors["accent"]], [1, colors["primary"]]],
                "cmin": 0,
                "cmax": 100,
            },
            hovertemplate="%{text}: %{y}<extra></extra>",
        )
    )
    return view.styled(
        figure,
        xaxis={"title": t("recipes.axis.score", lang), "range": [0, 100], "dtick": 10},
        yaxis_title=t("recipes.axis.recipes", lang),
        showlegend=False,
    )


@figure_callback(ui.RATING_BY_SCORE)
def rating_by_score(view: View) -> go.Figure:
    summary = rating_summary(analysis.rated(band_counts(score_frequencies(view))))
    return mean_rating_figure(view, summary, t("recipes.axis.score", view.language))


@note_callback(ui.SCORE_NOTE, chart=ui.RATING_BY_SCORE)
def score_note(view: View) -> str:
    summary = analysis.score_summary(score_frequencies(view))
    lang = view.language
    sentences = [
        t(
            "recipes.score_note",
            lang,
            median=fmt_measure(summary.median, lang, 1),
            q1=fmt_measure(summary.q1, lang, 1),
            q3=fmt_measure(summary.q3, lang, 1),
            n=fmt_count(summary.n_recipes, lang),
        )
    ]
    bands = summary.difference
    if bands is not None:
        sentences.append(
            t(
                "recipes.score_difference",
                lang,
                high_label=bands.high_label,
                high_mean=fmt_number(bands.high_mean, lang, 2),
                low_label=bands.low_label,
                low_mean=fmt_number(bands.low_mean, lang, 2),
                difference=fmt_signed(bands.difference, lang),
                low=fmt_signed(bands.ci_low, lang),
                high=fmt_signed(bands.ci_high, lang),
            )
        )
    sentences += comparison_sentences(summary.comparison, t("recipes.groups.score", lang), lang)
    return " ".join(sentences)


# -- rating lift of tags and ingredients ------------------------------------------------------


def _kind(value: str | None) -> str:
    """The selector's item kind, tags when unknown."""
    return option(value, ITEM_KINDS, ui.LIFT_KINDS[0])


def item_lifts(view: View, kind: str) -> LiftTable:
    """Every item with at least MIN_SUPPORT ratings: its lift over the overall mean with a 95 % CI,
    and a Welch test of its ratings against all others, FDR-corrected over the items. EmptySelection,
    saying so, when no item reaches MIN_SUPPORT ratings."""
    frame = view.aggregate("recipes/item_lift", kind=kind, min_support=MIN_SUPPORT)
    try:
        return analysis.lift_table(frame)
    except EmptySelection:
        raise EmptySelection(
            t(
                "recipes.lift_none",
                view.language,
                kind=t(f"recipes.kind_plural.{kind}", view.language),
                min_support=MIN_SUPPORT,
            )
        ) from None


@figure_callback(ui.ITEM_LIFT, Input(ui.LIFT_KIND, "value"))
def item_lift(view: View, kind: str | None) -> go.Figure:
    table = item_lifts(view, _kind(kind))
    lang = view.language
    shown = analysis.shown_lifts(table.items)
    palette_ = palette(view.theme)
    figure = go.Figure()
    for significant in (True, False):
        part = shown[shown["significant"] == significant]
        texts = [
            t(
                "recipes.lift_text",
                lang,
                n=fmt_count(row.n, lang),
                recipes=fmt_count(row.n_recipes, lang),
                mean=fmt_number(row.mean, lang, 3),
                q=fmt_p(row.q_value, lang, "q"),
            )
            for row in _rows(part)
        ]
        colors = (
            [palette_["positive"] if lift > 0 else palette_["negative"] for lift in part["lift"]]
            if significant
            else palette_["muted"]
        )
        figure.add_bar(
            y=part["item"].tolist(),
            x=part["lift"].tolist(),
            orientation="h",
            text=texts,
            textposition="none",
            name=t("recipes.legend.significant" if significant else "recipes.legend.not_significant", lang),
            marker_color=colors,
            error_x=ci_error_bars(part["lift"], part["ci_low"], part["ci_high"], color=palette_["reference"]),
            hovertemplate="%{y}: %{x:+.3f}<br>%{text}<extra></extra>",
        )
    return view.styled(
        figure,
        barmode="overlay",
        xaxis={"title": t("recipes.axis.lift", lang), "zeroline": True},
        yaxis={"categoryorder": "array", "categoryarray": list(shown["item"]), "automargin": True},
        legend={"orientation": "h", "y": -0.12},
        margin={"l": 160},
    )


def _lift_sentence(row: pd.Series, direction_key: str, language: str) -> str:
    return t(
        "recipes.lift_extreme",
        language,
        direction=t(direction_key, language),
        item=row["item"],
        lift=fmt_signed(row["lift"], language),
        low=fmt_signed(row["ci_low"], language),
        high=fmt_signed(row["ci_high"], language),
        n=fmt_count(row["n"], language),
        verdict="" if row["significant"] else t("recipes.lift_not_significant", language),
    )


@note_callback(ui.LIFT_NOTE, Input(ui.LIFT_KIND, "value"), chart=ui.ITEM_LIFT)
def lift_note(view: View, kind: str | None) -> str:
    kind = _kind(kind)
    lang = view.language
    table = item_lifts(view, kind)
    sentences = [
        t(
            "recipes.lift_note",
            lang,
            n_items=fmt_count(len(table.items), lang),
            kind=t(f"recipes.kind_plural.{kind}", lang),
            min_support=MIN_SUPPORT,
            overall=fmt_number(table.overall_mean, lang, 3),
            total=fmt_count(table.total_ratings, lang),
            n_significant=fmt_count(len(table.significant), lang),
            n_positive=fmt_count(table.n_positive, lang),
            n_negative=fmt_count(table.n_negative, lang),
        )
    ]
    if table.significant.empty:
        sentences.append(t("recipes.lift_no_significant", lang))
    if table.highest is not None:
        sentences.append(_lift_sentence(table.highest, "recipes.lift_highest", lang))
    if table.lowest is not None:
        sentences.append(_lift_sentence(table.lowest, "recipes.lift_lowest", lang))
    sentences.append(t("recipes.lift_method", lang, min_support=MIN_SUPPORT))
    return " ".join(sentences)


# -- recipe search and detail card ------------------------------------------------------------


def search_recipes(view: View, text: Any) -> pd.DataFrame | None:
    """Matching recipes, or None when the text is too short to search (or not a text)."""
    needle = text_input(text).strip().lower()
    if len(needle) < ui.SEARCH_MIN_CHARS:
        return None
    return view.aggregate("recipes/search", text=needle, limit=ui.SEARCH_LIMIT)


@note_callback(ui.SEARCH_RESULTS, Input(ui.SEARCH_INPUT, "value"), State(ui.SELECTED_RECIPE, "data"))
def search_results(view: View, text: Any, selected: Any = None) -> html.Div | dbc.ListGroup:
    """Up to SEARCH_LIMIT matching recipes as a clickable list, the selected one highlighted."""
    lang, text, selected = view.language, text_input(text), recipe_id_of(selected)
    found = search_recipes(view, text)
    if found is None:
        return html.Div(t("recipes.search_short", lang, min=ui.SEARCH_MIN_CHARS), className="interpretation mx-0")
    if found.empty:
        return html.Div(t("recipes.search_none", lang, text=text.strip()), className="interpretation mx-0")
    items = []
    for row in _rows(found):
        meta = t(
            "recipes.result_meta",
            lang,
            n=fmt_count(row.n_interactions, lang),
            count=row.n_interactions,
            rating=fmt_number(row.mean_rating, lang, 2),
            minutes=fmt_number(row.minutes, lang),
        )
        badge = (
            []
            if row.name_match
            else [dbc.Badge(t("recipes.result_ingredient", lang), color="secondary", className="ms-2")]
        )
        items.append(
            dbc.ListGroupItem(
                [
                    html.Div([html.Span(row.name, className="fw-semibold"), *badge]),
                    html.Small(meta, className="text-secondary"),
                ],
                id=ui.search_result_id(row.recipe_id),
                action=True,
                n_clicks=0,
                active=bool(row.recipe_id == selected),
                className="recipes-result",
            )
        )
    return dbc.ListGroup(items, className="mt-2", style=_ACTIVE_RESULT_STYLE)


def recipe_id_of(value: Any) -> int | None:
    """A recipe id (an integer, or its digits), None when absent or invalid."""
    try:
        return integer(value, 0, MAX_RECIPE_ID, "recipe id")
    except InvalidInput:
        return None


def recipe_in_search(search: Any) -> int | None:
    """The recipe id of a ``?recipe=`` URL parameter, None when absent or invalid."""
    values = parse_search(search).get(RECIPE_PARAM) or []
    return recipe_id_of(values[0]) if values else None


def search_with_recipe(search: str | None, recipe_id: int) -> str:
    """The URL query with ``recipe=`` set, every other parameter (tab, language, filters) kept."""
    return build_search({**parse_search(search), RECIPE_PARAM: str(recipe_id)})


@callback(
    Output(ui.SELECTED_RECIPE, "data"),
    Output(ids.URL, "search", allow_duplicate=True),
    Input({"type": ui.SEARCH_RESULT_TYPE, "recipe": ALL}, "n_clicks"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def select_recipe(clicks, search):
    """The clicked result becomes the selection and lands in the URL, so the card can be shared;
    a re-rendered list (every count at 0) selects nothing."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0]["value"]:
        return no_update, no_update
    recipe_id = recipe_id_of(trigger.get("recipe"))
    if recipe_id is None:
        return no_update, no_update
    return recipe_id, search_with_recipe(search, recipe_id)


@callback(
    Output(ui.SELECTED_RECIPE, "data", allow_duplicate=True),
    Input(ids.URL, "search"),
    State(ui.SELECTED_RECIPE, "data"),
    prevent_initial_call="initial_duplicate",
)
def select_recipe_from_url(search, selected):
    """A shared link opens its recipe's card; a URL without ``recipe=`` keeps the selection."""
    recipe_id = recipe_in_search(search)
    return recipe_id if recipe_id is not None and recipe_id != selected else no_update


@callback(
    Output({"type": ui.SEARCH_RESULT_TYPE, "recipe": ALL}, "active"),
    Input(ui.SELECTED_RECIPE, "data"),
    State({"type": ui.SEARCH_RESULT_TYPE, "recipe": ALL}, "id"),
    prevent_initial_call=True,
)
def highlight_selected(selected, result_ids):
    return [isinstance(result, dict) and result.get("recipe") == selected for result in pattern_output_ids(result_ids)]


def _fact(label: str, value) -> html.Div:
    return html.Div(
        [html.Div(label, className="kpi-label"), html.Div(value, className="fw-semibold")], className="me-4 mb-2"
    )


def _stars(rating: int, language: str) -> str:
    return "★" * rating + "☆" * (5 - rating) if rating > 0 else t("recipes.detail.no_stars", language)


@note_callback(ui.DETAIL, Input(ui.SELECTED_RECIPE, "data"))
def recipe_card(view: View, recipe_id: Any):
    """Everything about one recipe: facts, description, ingredients, nutrition, tags, steps, reviews."""
    lang = view.language
    recipe_id = integer(recipe_id, 0, MAX_RECIPE_ID, "recipe id")
    if recipe_id is None:
        return html.Div(t("recipes.detail_empty", lang), className="interpretation mx-0")
    found = view.aggregate("recipes/recipe_detail", recipe_id=recipe_id)
    if found.empty:
        return html.Div(t("recipes.detail_missing", lang), className="interpretation mx-0")
    recipe = found.iloc[0]
    reviews = view.aggregate(
        "recipes/recipe_reviews", recipe_id=recipe_id, limit=RECENT_REVIEWS, max_chars=REVIEW_CHARS
    )
    rating = (
        t(
            "recipes.detail.rating_value",
            lang,
            mean=fmt_number(recipe.mean_rating, lang, 2),
            n=fmt_count(recipe.n_rated, lang),
            count=recipe.n_rated,
        )
        if recipe.n_rated
        else t("recipes.detail.no_rating", lang)
    )
    facts = html.Div(
        [
            _fact(
                t("recipes.detail.minutes", lang),
                t("recipes.detail.minutes_value", lang, minutes=fmt_number(recipe.minutes, lang)),
            ),
            _fact(t("recipes.detail.contributor", lang), str(recipe.contributor_id)),
            _fact(t("recipes.detail.submitted", lang), f"{recipe.submitted:%Y-%m-%d}"),
            _fact(t("recipes.detail.rating", lang), rating),
        ],
        className="d-flex flex-wrap",
    )
    nutrition = dbc.Table(
        html.Tbody(
            [
                html.Tr(
                    [
                        html.Td(t(f"recipes.nutrient.{column}", lang)),
                        html.Td(
                            f"{fmt_number(recipe[column], lang)} kcal"
                            if column == "calories"
                            else fmt_percent(recipe[column] / 100, lang, 0),
                            className="text-end",
                        ),
                    ]
                )
                for column in NUTRITION_COLUMNS
            ]
        ),
        size="sm",
        className="mb-0",
    )
    review_items = [
        html.Li(
            [
                html.Div(
                    [
                        html.Span(f"{review.date:%Y-%m-%d}", className="text-secondary me-2"),
                        html.Span(_stars(int(review.rating), lang)),
                    ]
                ),
                html.Div(review.review + ("…" if review.truncated else "")),
            ],
            className="mb-2",
        )
        for review in _rows(reviews)
    ]

    description = recipe.description if isinstance(recipe.description, str) and recipe.description else "–"

    def section(key: str, content) -> html.Div:
        return html.Div([html.H6(t(key, lang), className="mt-3"), content])

    return dbc.Card(
        [
            dbc.CardHeader(html.Span(recipe["name"], className="fs-5"), id=ui.DETAIL_NAME),
            dbc.CardBody(
                [
                    facts,
                    section("recipes.detail.description", html.P(description)),
                    dbc.Row(
                        [
                            dbc.Col(
                                section(
                                    "recipes.detail.ingredients", html.Ul([html.Li(i) for i in recipe.ingredients])
                                ),
                                md=6,
                            ),
                            dbc.Col(section("recipes.detail.nutrition", nutrition), md=6),
                        ]
                    ),
                    section(
                        "recipes.detail.tags",
                        html.Div(
                            [dbc.Badge(tag, color="secondary", className="me-1 mb-1") for tag in recipe.tags if tag]
                        ),
                    ),
                    section("recipes.detail.steps", html.Ol([html.Li(step) for step in recipe.steps])),
                    section(
                        "recipes.detail.reviews",
                        html.Ul(review_items, className="list-unstyled")
                        if review_items
                        else html.P(t("recipes.detail.no_reviews", lang)),
                    ),
                ]
            ),
        ],
        className="chart-card",
        id=ui.DETAIL_CARD,
    )


@figure_callback(ui.DETAIL_RATINGS, Input(ui.SELECTED_RECIPE, "data"))
def detail_ratings(view: View, recipe_id: Any) -> go.Figure:
    lang = view.language
    recipe_id = integer(recipe_id, 0, MAX_RECIPE_ID, "recipe id")
    if recipe_id is None:
        return view.empty(t("recipes.detail_empty", lang))
    frame = analysis.recipe_rating_counts(
        view.aggregate("recipes/recipe_ratings", recipe_id=recipe_id), view.filters.include_zero
    )
    counts = frame["n_interactions"].tolist()
    figure = go.Figure(
        go.Bar(
            x=frame["rating"].astype(str).tolist(),
            y=counts,
            text=counts,
            textposition="outside",
            cliponaxis=False,
            marker_color=palette(view.theme)["primary"],
            name=t("recipes.axis.reviews", lang),
        )
    )
    return view.styled(
        figure,
        xaxis_title=t("recipes.axis.rating", lang),
        yaxis_title=t("recipes.axis.reviews", lang),
        showlegend=False,
        margin={"t": 30},
    )
