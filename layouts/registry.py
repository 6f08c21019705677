"""The tabs the app shows, in order. A tab appears here only once it has content."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from dash.development.base_component import Component

from layouts import explorer, overview, ratings, recipes, seasons, trends, users, weekdays


@dataclass(frozen=True)
class Tab:
    key: str
    title_key: str
    layout: Callable[[str], Component]  # language -> tab content


TABS: tuple[Tab, ...] = (
    Tab("overview", "tab.overview", overview.layout),
    Tab("trends", "tab.trends", trends.layout),
    Tab("seasons", "tab.seasons", seasons.layout),
    Tab("weekdays", "tab.weekdays", weekdays.layout),
    Tab("ratings", "tab.ratings", ratings.layout),
    Tab("users", "tab.users", users.layout),
    Tab("recipes", "tab.recipes", recipes.layout),
    Tab("explorer", "tab.explorer", explorer.layout),
)
TAB_KEYS = tuple(tab.key for tab in TABS)
