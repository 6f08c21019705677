"""Trends tab: recipes by submission year — volume, time, complexity, nutrition, tags and ingredients."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from app.analysis.trends import MIN_ITEM_RECIPES, MIN_ITEM_SHARE  # the support of the tested items
from app.i18n import fmt_percent, t
from app.schema import MINUTES_OUTLIER_THRESHOLD, NUTRITION_COLUMNS
from app.stats import MIN_GROUP_SIZE
from app.tags import STRUCTURAL_TAGS
from layouts.components import button_group, chart_card, labelled

# Charts.
VOLUME = "trends-volume"
MINUTES = "trends-minutes"
COMPLEXITY = "trends-complexity"
NUTRITION = "trends-nutrition"
TOP_ITEMS = "trends-top-items"
DISTINCT_ITEMS = "trends-distinct-items"
MOVERS = "trends-movers"
MOVER_LINES = "trends-mover-lines"

# Controls.
BAND = "trends-band"
NUTRIENT = "trends-nutrient"
ITEM_KIND = "trends-item-kind"
STRUCTURAL = "trends-structural"
TOP_N = "trends-top-n"
GRANULARITY = "trends-granularity"
ROLLING = "trends-rolling"

# Texts naming the analysed item kind, switched with ITEM_KIND.
TOP_ITEMS_TITLE = "trends-top-items-title"
DISTINCT_ITEMS_TITLE = "trends-distinct-items-title"
MOVERS_TITLE = "trends-movers-title"
MOVERS_METHOD = "trends-movers-method"

# Generated interpretation texts, one under each chart.
VOLUME_NOTE = "trends-volume-note"
MINUTES_NOTE = "trends-minutes-note"
COMPLEXITY_NOTE = "trends-complexity-note"
NUTRITION_NOTE = "trends-nutrition-note"
TOP_ITEMS_NOTE = "trends-top-items-note"
DISTINCT_ITEMS_NOTE = "trends-distinct-items-note"
MOVERS_NOTE = "trends-movers-note"
MOVER_LINES_NOTE = "trends-mover-lines-note"

# Quantile bands of the minutes chart: value -> (lower, upper) quantile columns of the query.
BANDS = {"25-75": ("q25", "q75"), "10-90": ("q10", "q90"), "5-95": ("q05", "q95")}
DEFAULT_BAND = "25-75"
ITEM_KINDS = ("tags", "ingredients")
DEFAULT_ITEM_KIND = "tags"
# Per-year charts carry a legend of series and fitted lines under the plot.
LINE_HEIGHT = 460
# Top-N control of the item charts: bars of the most-frequent chart; the movers chart shows half as
# risers and half as fallers. The item query always ranks the largest N, so switching N hits the cache.
TOP_N_OPTIONS = (10, 20, 30)
DEFAULT_TOP_N = 20
# Period of the volume chart (statistics stay yearly) and its optional trailing rolling mean (periods).
GRANULARITIES = ("year", "quarter", "month")
DEFAULT_GRANULARITY = "year"
ROLLING_OPTIONS = (0, 3, 12)
DEFAULT_ROLLING = 0
# The tab's controls kept in the URL (parameter = component id) with their defaults, left out of the URL.
URL_CONTROLS = {
    GRANULARITY: DEFAULT_GRANULARITY,
    ROLLING: DEFAULT_ROLLING,
    BAND: DEFAULT_BAND,
    NUTRIENT: NUTRITION_COLUMNS[0],
    ITEM_KIND: DEFAULT_ITEM_KIND,
    STRUCTURAL: False,
    TOP_N: DEFAULT_TOP_N,
}


def item_texts(kind: str, language: str | None) -> tuple[str, str, str, str]:
    """Titles of the item charts and the movers' method note, for one item kind."""
    name = t(f"trends.kind.{kind}", language)
    names = {"kind": name, "Kind": name.capitalize()}
    return (
        t("trends.top_items", language, **names),
        t("trends.distinct_items", language, **names),
        t("trends.movers", language, **names),
        t(
            "trends.movers_method",
            language,
            kind=name,
            share=fmt_percent(MIN_ITEM_SHARE, language),
            min_recipes=MIN_ITEM_RECIPES,
        ),
    )


def _nutrient_options(language: str) -> list[dict]:
    return [{"label": t(f"trends.nutrient.{column}", language), "value": column} for column in NUTRITION_COLUMNS]


def _note(note_id: str, *static) -> html.Div:
    """A chart's generated text (filled by its callback) under its fixed explanations."""
    return html.Div([*(html.Div(text, className="small fst-italic mb-1") for text in static), html.Div(id=note_id)])


def _retitled_card(name: str, title: str, title_id: str, language: str, **options: Any) -> dbc.Card:
    """A chart card whose title the item-kind switch rewrites: a Span with its own id. chart_card
    renders any Dash child as the title though its annotation (layouts/components.py) says str."""
    title_span: Any = html.Span(title, id=title_id)
    return chart_card(name, title_span, language, **options)


def _section(title: str, *extra) -> html.Div:
    return html.Div(
        [html.H5(title, className="mb-0 me-3"), *extra], className="d-flex align-items-center flex-wrap gap-2 mt-2 mb-2"
    )


def layout(language: str) -> html.Div:
    lang = language
    kind_options = [{"label": t(f"trends.kind_title.{kind}", lang), "value": kind} for kind in ITEM_KINDS]
    band_options = [{"label": f"{band.replace('-', '–')} %", "value": band} for band in BANDS]
    top_title, distinct_title, movers_title, movers_method = item_texts(DEFAULT_ITEM_KIND, lang)
    granularity_options = [{"label": t(f"trends.granularity.{g}", lang), "value": g} for g in GRANULARITIES]
    rolling_options = [
        {"label": t("trends.rolling.n", lang, n=n) if n else t("trends.rolling.off", lang), "value": n}
        for n in ROLLING_OPTIONS
    ]
    top_n_options = [{"label": str(n), "value": n} for n in TOP_N_OPTIONS]
    weights_note = t("trends.weights_note", lang, min_n=MIN_GROUP_SIZE)
    return html.Div(
        [
            _section(t("trends.section.volume", lang)),
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(
                            VOLUME,
                            t("trends.volume", lang),
                            lang,
                            height=LINE_HEIGHT,
                            note=html.Div(
                                [
                                    html.Div(
                                        [
                                            labelled(
                                                t("trends.granularity", lang),
                                                button_group(GRANULARITY, granularity_options, DEFAULT_GRANULARITY),
                                            ),
                                            labelled(
                                                t("trends.rolling", lang),
                                                button_group(ROLLING, rolling_options, DEFAULT_ROLLING),
                                            ),
                                        ],
                                        className="d-flex flex-wrap",
                                    ),
                                    _note(VOLUME_NOTE, t("trends.click_hint", lang, min_n=MIN_GROUP_SIZE)),
                                ]
                            ),
                            selectable=True,
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        chart_card(
                            MINUTES,
                            t("trends.minutes", lang),
                            lang,
                            height=LINE_HEIGHT,
                            note=html.Div(
                                [
                                    labelled(t("trends.band", lang), button_group(BAND, band_options, DEFAULT_BAND)),
                                    _note(
                                        MINUTES_NOTE,
                                        t("trends.minutes_policy", lang, threshold=MINUTES_OUTLIER_THRESHOLD),
                                        weights_note,
                                    ),
                                ]
                            ),
                        ),
                        lg=6,
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(
                            COMPLEXITY,
                            t("trends.complexity", lang),
                            lang,
                            height=LINE_HEIGHT,
                            note=_note(COMPLEXITY_NOTE, t("trends.complexity_definition", lang), weights_note),
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        chart_card(
                            NUTRITION,
                            t("trends.nutrition", lang),
                            lang,
                            height=LINE_HEIGHT,
                            note=html.Div(
                                [
                                    labelled(
                                        t("trends.nutrient_label", lang),
                                        dbc.Select(
                                            id=NUTRIENT,
                                            options=_nutrient_options(lang),
                                            value=NUTRITION_COLUMNS[0],
                                            size="sm",
                                            style={"maxWidth": "18rem"},
                                        ),
                                    ),
                                    _note(NUTRITION_NOTE, t("trends.nutrition_policy", lang), weights_note),
                                ]
                            ),
                        ),
                        lg=6,
                    ),
                ]
            ),
            _section(
                t("trends.section.items", lang),
                button_group(ITEM_KIND, kind_options, DEFAULT_ITEM_KIND),
                labelled(t("trends.top_n", lang), button_group(TOP_N, top_n_options, DEFAULT_TOP_N)),
                dbc.Switch(id=STRUCTURAL, label=t("trends.structural", lang), value=False, className="ms-3 mt-2"),
            ),
            html.Div(
                t("trends.structural_help", lang, tags=", ".join(STRUCTURAL_TAGS)), className="small fst-italic mb-2"
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _retitled_card(
                            TOP_ITEMS, top_title, TOP_ITEMS_TITLE, lang, height=480, note=_note(TOP_ITEMS_NOTE)
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        _retitled_card(
                            DISTINCT_ITEMS,
                            distinct_title,
                            DISTINCT_ITEMS_TITLE,
                            lang,
                            height=480,
                            note=_note(DISTINCT_ITEMS_NOTE, weights_note),
                        ),
                        lg=6,
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        _retitled_card(
                            MOVERS,
                            movers_title,
                            MOVERS_TITLE,
                            lang,
                            height=560,
                            note=_note(MOVERS_NOTE, html.Span(movers_method, id=MOVERS_METHOD)),
                        ),
                        lg=7,
                    ),
                    dbc.Col(
                        chart_card(
                            MOVER_LINES,
                            t("trends.mover_lines", lang),
                            lang,
                            height=560,
                            note=_note(MOVER_LINES_NOTE, weights_note),
                        ),
                        lg=5,
                    ),
                ]
            ),
        ]
    )
