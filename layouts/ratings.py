"""Ratings & reviews tab layout."""

from __future__ import annotations

from dash import html

from app.i18n import register

register({
    "tab.ratings": {"en": "Ratings & reviews", "fr": "Notes et avis"},
})


def layout(language: str) -> html.Div:
    return html.Div()
