"""Figure pieces several tabs draw the same way: rating axes with their reference line, and the
shading of cross-filtered years or groups on charts that show every one of them."""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import numpy as np
import plotly.graph_objects as go

from app.i18n import fmt_number, t
from app.theme import color as role_color
from app.theme import palette

if TYPE_CHECKING:
    from callbacks.common import View


def rating_axis(values, low: float = 1.0, high: float = 5.0) -> dict:
    """A y axis for mean ratings holding every plotted value (means, CI whiskers and bands, the
    reference line) with a little margin, clipped to the scale [low, high] (1–5 stars).

    A mean rating moves by hundredths, so autoscaling zooms to 4.655–4.665 and leaves out greyed
    points and whiskers; a fixed 1–5 hides the differences. Tick labels get enough decimals for the
    span, and at most 6 ticks, so that no two labels read the same.
    """
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if not len(values):
        return {"range": [low, high], "tickformat": ".1f"}
    bottom, top = max(low, values.min()), min(high, values.max())
    pad = max(0.05 * (top - bottom), 0.005)
    bottom, top = max(low, bottom - pad), min(high, top + pad)
    decimals = int(np.clip(math.ceil(-math.log10((top - bottom) / 6)), 1, 4))
    return {"range": [bottom, top], "tickformat": f".{decimals}f", "nticks": 6, "tickmode": "auto"}


def mean_reference(
    value: float,
    language: str,
    yref: str = "y",
    xref: str = "x domain",
    key: str = "ratings.legend.overall_mean",
    *,
    theme: str,
) -> dict:
    """A dotted horizontal line across the plot at the overall mean rating, so that a month or group
    reads against the whole; a layout shape labelled in the legend (a label on the line itself would
    sit on the data it crosses)."""
    return {
        "type": "line",
        "xref": xref,
        "x0": 0,
        "x1": 1,
        "yref": yref,
        "y0": value,
        "y1": value,
        "line": {"color": role_color("reference", theme), "dash": "dot", "width": 2},
        "layer": "above",
        "showlegend": True,
        "name": t(key, language, value=fmt_number(value, language, 3)),
    }


def shade_focused_years(figure: go.Figure, view: View, dimension: str, dates: bool = False) -> go.Figure:
    """Shade, behind the data, the years focused on ``dimension`` in a chart whose x axis shows
    years (or dates, with ``dates``) and which therefore ignores that focus: the cross-filter stays
    visible where it would otherwise collapse the chart to one point."""
    years = view.focus_years(dimension)
    if years is not None:
        first, last = years
        x0, x1 = (f"{first}-01-01", f"{last + 1}-01-01") if dates else (first - 0.5, last + 0.5)
        figure.add_vrect(x0=x0, x1=x1, fillcolor=palette(view.theme)["focus"], line_width=0, layer="below")
    return figure


def shade_categories(figure: go.Figure, view: View, positions: Collection[int], xref: str = "x") -> go.Figure:
    """Shade, behind the data, the categories at ``positions`` of a categorical x axis (the focused
    groups of a chart that shows every group)."""
    for position in positions:
        figure.add_shape(
            type="rect",
            xref=xref,
            yref=f"{xref.replace('x', 'y')} domain",
            x0=position - 0.5,
            x1=position + 0.5,
            y0=0,
            y1=1,
            fillcolor=palette(view.theme)["focus"],
            line_width=0,
            layer="below",
        )
    return figure


def ci_error_bars(value: Any, low: Any, high: Any, decimals: int | None = None, **style: Any) -> dict[str, Any]:
    """Plotly's asymmetric error bars (``error_y`` or ``error_x``) for a confidence interval
    [low, high] around ``value``, each a number or an array; ``decimals`` rounds the two lengths (a
    lighter figure); ``style`` adds color, thickness, width."""
    above = np.asarray(high, dtype=float) - np.asarray(value, dtype=float)
    below = np.asarray(value, dtype=float) - np.asarray(low, dtype=float)
    if decimals is not None:
        above, below = above.round(decimals), below.round(decimals)
    return {"type": "data", "symmetric": False, "array": above, "arrayminus": below, **style}
