"""Weekdays tab layout."""

from __future__ import annotations

from dash import html

from app.i18n import register

register({
    "tab.weekdays": {"en": "Weekdays", "fr": "Jours de la semaine"},
})


def layout(language: str) -> html.Div:
    return html.Div()
