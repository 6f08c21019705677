"""Trends tab layout."""

from __future__ import annotations

from dash import html

from app.i18n import register

register({
    "tab.trends": {"en": "Trends", "fr": "Tendances"},
})


def layout(language: str) -> html.Div:
    return html.Div()
