"""The page served to each browser session: the shell filled with the dataset's bounds."""

from __future__ import annotations

from dash import html

from app.errors import AppError
from app.repository import get_repository
from app.settings import Settings
from layouts.components import error_alert
from layouts.shell import shell


def serve_layout(settings: Settings) -> html.Div:
    repository = get_repository()
    try:
        bounds = repository.aggregate("shell/bounds").iloc[0]
        tags = repository.aggregate("shell/tag_options")
    except AppError as exc:
        return html.Div(error_alert(exc.user_message, "en"), className="container mt-5")
    tag_options = [{"label": f"{tag} ({n:,})", "value": tag} for tag, n in tags.itertuples(index=False)]
    return shell(
        settings,
        "en",
        (int(bounds.sub_year_min), int(bounds.sub_year_max)),
        (int(bounds.int_year_min), int(bounds.int_year_max)),
        tag_options,
    )
