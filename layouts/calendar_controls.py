"""Controls and fixed notes shared by the Seasons and Weekdays layouts: the recipe-measure selector,
the tags/ingredients switch, the note blocks under the charts and their fixed explanations."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from app.analysis.calendar import ITEM_KINDS, MEASURES
from app.i18n import t
from app.schema import MINUTES_OUTLIER_THRESHOLD
from layouts.components import button_group, labelled


def measure_title(measure: str, language: str) -> str:
    """A recipe measure's name with its unit (selector option, axis title)."""
    return t(f"calendar.measure.{measure}", language)


def measure_control(component_id: str, language: str) -> html.Div:
    """Selector of the recipe measure compared between groups."""
    options = [{"label": measure_title(m, language), "value": m} for m in MEASURES]
    return labelled(
        t("calendar.measure_label", language),
        dbc.Select(id=component_id, options=options, value=MEASURES[0], size="sm", style={"maxWidth": "20rem"}),
    )


def kind_control(component_id: str, language: str) -> html.Div:
    """Tags / ingredients switch of the item analyses."""
    options = [{"label": t(f"calendar.kind_title.{kind}", language), "value": kind} for kind in ITEM_KINDS]
    return labelled(
        t("calendar.kind_label", language),
        button_group(component_id, options, ITEM_KINDS[0]),
    )


def note_block(note_id: str, *static: str) -> html.Div:
    """A chart's fixed explanations above its generated text (filled by a note callback)."""
    return html.Div([*(html.Div(text, className="small fst-italic mb-1") for text in static), html.Div(id=note_id)])


def box_policy(language: str) -> str:
    return t("calendar.box_policy", language, threshold=MINUTES_OUTLIER_THRESHOLD)
