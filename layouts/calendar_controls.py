"""Controls and fixed notes shared by the Seasons and Weekdays layouts: the recipe-measure selector,
the tags/ingredients switch, the note blocks under the charts and their fixed explanations."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from app.analysis.calendar import ITEM_KINDS, MEASURES
from app.i18n import register, t
from app.schema import MINUTES_OUTLIER_THRESHOLD

register({
    "calendar.measure_label": {"en": "Measure", "fr": "Mesure"},
    "calendar.kind_label": {"en": "Analyse", "fr": "Analyser"},
    "calendar.kind_title.tags": {"en": "Tags", "fr": "Tags"},
    "calendar.kind_title.ingredients": {"en": "Ingredients", "fr": "Ingrédients"},
    "calendar.measure.minutes": {"en": "Preparation time (minutes)", "fr": "Temps de préparation (minutes)"},
    "calendar.measure.complexity": {"en": "Complexity (steps + ingredients)",
                                    "fr": "Complexité (étapes + ingrédients)"},
    "calendar.measure.calories": {"en": "Calories (kcal)", "fr": "Calories (kcal)"},
    "calendar.measure.total_fat_pdv": {"en": "Total fat (% DV)", "fr": "Lipides (% VQ)"},
    "calendar.measure.sugar_pdv": {"en": "Sugar (% DV)", "fr": "Sucres (% VQ)"},
    "calendar.measure.sodium_pdv": {"en": "Sodium (% DV)", "fr": "Sodium (% VQ)"},
    "calendar.measure.protein_pdv": {"en": "Protein (% DV)", "fr": "Protéines (% VQ)"},
    "calendar.measure.sat_fat_pdv": {"en": "Saturated fat (% DV)", "fr": "Graisses saturées (% VQ)"},
    "calendar.measure.carbs_pdv": {"en": "Carbohydrates (% DV)", "fr": "Glucides (% VQ)"},
    "calendar.box_policy": {
        "en": "Boxes: quartiles and median (line), mean (dashed); whiskers reach 1.5 × IQR, capped at the data range. "
              "Preparation time excludes recipes over {threshold} minutes; % DV = percent of daily value.",
        "fr": "Boîtes : quartiles et médiane (trait), moyenne (tirets) ; moustaches à 1,5 × IQR, bornées par les données. "
              "Le temps de préparation exclut les recettes de plus de {threshold} minutes ; % VQ = pourcentage de la valeur quotidienne."},
    "calendar.click_hint": {
        "en": "Click a bar to cross-filter on its group: this tab's charts highlight it, the other tabs show only "
              "its recipes and reviews; click it again to clear.",
        "fr": "Cliquez sur une barre pour filtrer sur son groupe : les graphiques de cet onglet le mettent en "
              "évidence, les autres onglets ne montrent que ses recettes et avis ; cliquez à nouveau pour effacer."},
})


def measure_title(measure: str, language: str) -> str:
    """A recipe measure's name with its unit (selector option, axis title)."""
    return t(f"calendar.measure.{measure}", language)


def _control(label: str, control: Any) -> html.Div:
    return html.Div([html.Span(label, className="me-2 small text-secondary"), control],
                    className="d-flex align-items-center flex-wrap gap-1 mx-3 mt-2")


def measure_control(component_id: str, language: str) -> html.Div:
    """Selector of the recipe measure compared between groups."""
    options = [{"label": measure_title(m, language), "value": m} for m in MEASURES]
    return _control(t("calendar.measure_label", language),
                    dbc.Select(id=component_id, options=options, value=MEASURES[0], size="sm",
                               style={"maxWidth": "20rem"}))


def kind_control(component_id: str, language: str) -> html.Div:
    """Tags / ingredients switch of the item analyses."""
    options = [{"label": t(f"calendar.kind_title.{kind}", language), "value": kind} for kind in ITEM_KINDS]
    return _control(t("calendar.kind_label", language),
                    dbc.RadioItems(id=component_id, options=options, value=ITEM_KINDS[0], inline=True,
                                   className="btn-group", inputClassName="btn-check",
                                   labelClassName="btn btn-outline-primary btn-sm", labelCheckedClassName="active"))


def note_block(note_id: str, *static: str) -> html.Div:
    """A chart's fixed explanations above its generated text (filled by a note callback)."""
    return html.Div([*(html.Div(text, className="small fst-italic mb-1") for text in static), html.Div(id=note_id)])


def box_policy(language: str) -> str:
    return t("calendar.box_policy", language, threshold=MINUTES_OUTLIER_THRESHOLD)
