"""Waiting on what a person would see: rendered charts, texts, URL changes."""

from __future__ import annotations

from typing import Any

# Generous: CI shares two cores between gunicorn, nginx, Chromium and pytest.
CHART_TIMEOUT_MS = 60_000


def wait_for_charts(page: Any, count: int) -> None:
    """Until ``count`` Plotly charts have drawn at least one trace."""
    page.wait_for_function(
        """n => Array.from(document.querySelectorAll('.js-plotly-plot'))
                  .filter(el => el.data && el.data.length > 0).length >= n""",
        arg=count,
        timeout=CHART_TIMEOUT_MS,
    )


def chart_data(page: Any, name: str) -> list[dict]:
    """The traces of chart ``name`` as the browser holds them."""
    return page.evaluate(
        """name => {
            const el = document.querySelector(`[id*='"name":"${name}"'] .js-plotly-plot`);
            return el && el.data ? el.data.map(t => ({name: t.name, type: t.type})) : null;
        }""",
        name,
    )
