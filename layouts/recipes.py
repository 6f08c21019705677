"""Recipes tab layout."""

from __future__ import annotations

from dash import html

from app.i18n import register

register({
    "tab.recipes": {"en": "Recipes", "fr": "Recettes"},
})


def layout(language: str) -> html.Div:
    return html.Div()
