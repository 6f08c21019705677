"""Users & contributors tab layout."""

from __future__ import annotations

from dash import html

from app.i18n import register

register({
    "tab.users": {"en": "Users & contributors", "fr": "Utilisateurs et contributeurs"},
})


def layout(language: str) -> html.Div:
    return html.Div()
