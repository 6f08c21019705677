"""The tabs the app shows, in order. A tab appears here only once it has content."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from dash.development.base_component import Component

from layouts import overview


@dataclass(frozen=True)
class Tab:
    key: str
    title_key: str
    layout: Callable[[str], Component]  # language -> tab content


TABS: tuple[Tab, ...] = (
    Tab("overview", "tab.overview", overview.layout),
)
TAB_KEYS = tuple(tab.key for tab in TABS)
