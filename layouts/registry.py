"""The tabs the app shows, in order. A tab appears here only once it has content."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dash.development.base_component import Component

from layouts import explorer, overview, ratings, recipes, seasons, trends, users, weekdays


@dataclass(frozen=True)
class Tab:
    key: str
    title_key: str
    layout: Callable[[str], Component]  # language -> tab content
    controls: Mapping[str, Any] = field(default_factory=dict)  # kept in the URL: id -> default


TABS: tuple[Tab, ...] = (
    Tab("overview", "tab.overview", overview.layout),
    Tab("trends", "tab.trends", trends.layout, trends.URL_CONTROLS),
    Tab("seasons", "tab.seasons", seasons.layout, seasons.URL_CONTROLS),
    Tab("weekdays", "tab.weekdays", weekdays.layout, weekdays.URL_CONTROLS),
    Tab("ratings", "tab.ratings", ratings.layout, ratings.URL_CONTROLS),
    Tab("users", "tab.users", users.layout),
    Tab("recipes", "tab.recipes", recipes.layout, recipes.URL_CONTROLS),
    Tab("explorer", "tab.explorer", explorer.layout),
)
TAB_KEYS = tuple(tab.key for tab in TABS)
