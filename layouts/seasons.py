"""Seasons tab: recipes, reviews, ratings, recipe measures and items compared across the
meteorological seasons (shared analysis: app/analysis/calendar.py; controls: layouts/calendar_controls.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from app.analysis.calendar import ITEM_KINDS, MEASURES
from app.i18n import t
from layouts.calendar_controls import box_policy, kind_control, measure_control, note_block
from layouts.components import chart_card

# Columns whose chart keeps a readable width on phones and scrolls sideways in its card instead
# (a heatmap, two panels side by side, long item names): see .chart-wide in assets/10_kitchen.css.
WIDE = "chart-wide"

# Charts.
VOLUME = "seasons-volume"
RATINGS = "seasons-ratings"
MEASURE = "seasons-measure"
ITEMS = "seasons-items"

# Controls.
MEASURE_SELECT = "seasons-measure-select"
ITEM_KIND = "seasons-item-kind"
# The tab's controls kept in the URL (parameter = component id) with their defaults, left out of the URL.
URL_CONTROLS = {MEASURE_SELECT: MEASURES[0], ITEM_KIND: ITEM_KINDS[0]}

# Generated interpretation texts, one under each chart.
VOLUME_NOTE = "seasons-volume-note"
RATINGS_NOTE = "seasons-ratings-note"
MEASURE_NOTE = "seasons-measure-note"
ITEMS_NOTE = "seasons-items-note"


def layout(language: str) -> html.Div:
    lang = language
    return html.Div(
        [
            html.P(t("season.definition", lang), className="interpretation mx-0 mb-2", id="seasons-definition"),
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(
                            VOLUME,
                            t("seasons.volume", lang),
                            lang,
                            note=note_block(
                                VOLUME_NOTE, t("seasons.volume_dates", lang), t("calendar.click_hint", lang)
                            ),
                        ),
                        lg=6,
                    ),
                    dbc.Col(
                        chart_card(RATINGS, t("seasons.ratings", lang), lang, note=note_block(RATINGS_NOTE)),
                        lg=6,
                        className=WIDE,
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(
                            MEASURE,
                            t("seasons.measure", lang),
                            lang,
                            height=400,
                            note=html.Div(
                                [measure_control(MEASURE_SELECT, lang), note_block(MEASURE_NOTE, box_policy(lang))]
                            ),
                        ),
                        lg=5,
                    ),
                    dbc.Col(
                        chart_card(
                            ITEMS,
                            t("seasons.items", lang),
                            lang,
                            height=520,
                            note=html.Div(
                                [kind_control(ITEM_KIND, lang), note_block(ITEMS_NOTE, t("seasons.items_method", lang))]
                            ),
                        ),
                        lg=7,
                        className=WIDE,
                    ),
                ]
            ),
        ]
    )
