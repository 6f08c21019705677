"""Seasons tab layout."""

from __future__ import annotations

from dash import html

from app.i18n import register

register({
    "tab.seasons": {"en": "Seasons", "fr": "Saisons"},
})


def layout(language: str) -> html.Div:
    return html.Div()
