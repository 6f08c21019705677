"""Weekdays tab: recipes, reviews, ratings, recipe measures and items compared across the days
of the week and between weekend and weekdays (shared analysis: app/analysis/calendar.py;
controls: layouts/calendar_controls.py)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from app.analysis.calendar import ITEM_KINDS, MEASURES
from app.i18n import register, t
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

register({
    "tab.weekdays": {"en": "Weekdays", "fr": "Jours de la semaine"},
    "weekdays.volume": {"en": "Recipes and reviews per day of the week", "fr": "Recettes et avis par jour de la semaine"},
    "weekdays.daytype": {"en": "Weekend against weekdays", "fr": "Week-end contre semaine"},
    "weekdays.volume_dates": {
        "en": "Recipes by submission date, reviews by review date (ISO weeks: Monday first).",
        "fr": "Recettes selon leur date de publication, avis selon leur date (semaines ISO : lundi en premier)."},
    "weekdays.measure": {"en": "Recipe profile: weekend against weekdays", "fr": "Profil des recettes : week-end contre semaine"},
    "weekdays.ratings": {"en": "Ratings per day of the week (review date)", "fr": "Notes par jour de la semaine (date de l'avis)"},
    "weekdays.items": {"en": "Tags and ingredients of the weekend and of weekdays",
                       "fr": "Tags et ingrédients du week-end et de la semaine"},
    "weekdays.items_method": {
        "en": "Per item, a two-proportion z-test of its share among weekend recipes against weekday recipes; "
              "the largest share differences in each direction among items significant after Benjamini–Hochberg correction.",
        "fr": "Pour chaque élément, un test z comparant sa part parmi les recettes du week-end et de la semaine ; "
              "les plus grands écarts dans chaque sens parmi les éléments significatifs après correction de Benjamini–Hochberg."},
})


def layout(language: str) -> html.Div:
    lang = language
    dates = t("weekdays.volume_dates", lang)
    return html.Div([
        dbc.Row([
            dbc.Col(chart_card(VOLUME, t("weekdays.volume", lang), lang, note=note_block(
                VOLUME_NOTE, dates, t("calendar.click_hint", lang))), lg=7),
            dbc.Col(chart_card(DAYTYPE, t("weekdays.daytype", lang), lang, note=note_block(
                DAYTYPE_NOTE, t("calendar.click_hint", lang))), lg=5),
        ]),
        dbc.Row([
            dbc.Col(chart_card(MEASURE, t("weekdays.measure", lang), lang, height=400, note=html.Div([
                measure_control(MEASURE_SELECT, lang), note_block(MEASURE_NOTE, box_policy(lang))])), lg=5),
            dbc.Col(chart_card(RATINGS, t("weekdays.ratings", lang), lang, note=note_block(RATINGS_NOTE)), lg=7,
                    className=WIDE),
        ]),
        dbc.Row([
            dbc.Col(chart_card(ITEMS, t("weekdays.items", lang), lang, height=560, note=html.Div([
                kind_control(ITEM_KIND, lang), note_block(ITEMS_NOTE, t("weekdays.items_method", lang))])), lg=12,
                    className=WIDE),
        ]),
    ])
