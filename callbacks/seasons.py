"""Seasons tab callbacks: thin wiring of the shared calendar-group analyses (app/analysis/calendar.py)
to their figures and sentences (callbacks/calendar_groups.py) and the layout."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import Input

from app.analysis.calendar import SEASON
from callbacks import calendar_groups as groups
from callbacks.calendar_groups import note_callback
from callbacks.common import View, cross_filter, figure_callback
from layouts import seasons as ui

cross_filter(ui.VOLUME, SEASON.name)


@figure_callback(ui.VOLUME)
def volume(view: View) -> go.Figure:
    return groups.volume_figure(view, SEASON)


@note_callback(ui.VOLUME_NOTE)
def volume_note(view: View) -> list[str]:
    return groups.volume_lines(view, SEASON)


@figure_callback(ui.RATINGS)
def ratings(view: View) -> go.Figure:
    return groups.ratings_figure(view, SEASON)


@note_callback(ui.RATINGS_NOTE)
def ratings_note(view: View) -> list[str]:
    return groups.rating_lines(view, SEASON)


@figure_callback(ui.MEASURE, Input(ui.MEASURE_SELECT, "value"))
def measure(view: View, measure_name: str | None) -> go.Figure:
    return groups.measure_figure(view, SEASON, measure_name)


@note_callback(ui.MEASURE_NOTE, Input(ui.MEASURE_SELECT, "value"))
def measure_note(view: View, measure_name: str | None) -> list[str]:
    return groups.measure_lines(view, SEASON, measure_name)


@figure_callback(ui.ITEMS, Input(ui.ITEM_KIND, "value"))
def items(view: View, kind: str | None) -> go.Figure:
    return groups.items_heatmap(view, SEASON, kind)


@note_callback(ui.ITEMS_NOTE, Input(ui.ITEM_KIND, "value"))
def items_note(view: View, kind: str | None) -> list[str]:
    return groups.items_across_lines(view, SEASON, kind)
