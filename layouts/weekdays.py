"""Weekdays tab: recipes, reviews, ratings, recipe measures and items compared across the days
of the week and between weekend and weekdays (shared analysis: app/analysis/calendar.py;
controls: layouts/calendar_controls.py)."""

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
VOLUME = "weekdays-volume"
DAYTYPE = "weekdays-daytype"
MEASURE = "weekdays-measure"
RATINGS = "weekdays-ratings"
ITEMS = "weekdays-items"

# Controls.
MEASURE_SELECT = "weekdays-measure-select"
ITEM_KIND = "weekdays-item-kind"
# The tab's controls kept in the URL (parameter = component id) with their defaults, left out of the URL.
URL_CONTROLS = {MEASURE_SELECT: MEASURES[0], ITEM_KIND: ITEM_KINDS[0]}

# Generated interpretation texts, one under each chart.
VOLUME_NOTE = "weekdays-volume-note"
DAYTYPE_NOTE = "weekdays-daytype-note"
MEASURE_NOTE = "weekdays-measure-note"
RATINGS_NOTE = "weekdays-ratings-note"
ITEMS_NOTE = "weekdays-items-note"


def layout(language: str) -> html.Div:
    lang = language
    dates = t("weekdays.volume_dates", lang)
    return html.Div(
        [
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(
                            VOLUME,
                            t("weekdays.volume", lang),
                            lang,
                            note=note_block(VOLUME_NOTE, dates, t("calendar.click_hint", lang)),
                        ),
                        lg=7,
                    ),
                    dbc.Col(
                        chart_card(
                            DAYTYPE,
                            t("weekdays.daytype", lang),
                            lang,
                            note=note_block(DAYTYPE_NOTE, t("calendar.click_hint", lang)),
                        ),
                        lg=5,
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(
                            MEASURE,
                            t("weekdays.measure", lang),
                            lang,
                            height=400,
                            note=html.Div(
                                [measure_control(MEASURE_SELECT, lang), note_block(MEASURE_NOTE, box_policy(lang))]
                            ),
                        ),
                        lg=5,
                    ),
                    dbc.Col(
                        chart_card(RATINGS, t("weekdays.ratings", lang), lang, note=note_block(RATINGS_NOTE)),
                        lg=7,
                        className=WIDE,
                    ),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        chart_card(
                            ITEMS,
                            t("weekdays.items", lang),
                            lang,
                            height=560,
                            note=html.Div(
                                [
                                    kind_control(ITEM_KIND, lang),
                                    note_block(ITEMS_NOTE, t("weekdays.items_method", lang)),
                                ]
                            ),
                        ),
                        lg=12,
                        className=WIDE,
                    ),
                ]
            ),
        ]
    )
