"""Explorer tab layout."""

from __future__ import annotations

from dash import html

from app.i18n import register

register({
    "tab.explorer": {"en": "Explorer", "fr": "Explorateur"},
})


def layout(language: str) -> html.Div:
    return html.Div()
