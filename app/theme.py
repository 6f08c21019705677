"""The "Back to the Kitchen" theme: palette, Plotly templates for dark and light mode."""

from __future__ import annotations

import copy

import plotly.graph_objects as go
import plotly.io as pio

THEMES = ("dark", "light")
PALETTE = ("#FF8C00", "#FFD700", "#E24E1B", "#1E90FF", "#00CED1", "#FFA07A", "#B0E0E6", "#DAA520")
PRIMARY = "#FF8C00"
ACCENT = "#FFD700"
ACCENT_RED = "#E24E1B"

_SURFACES = {
    "dark": {"paper": "#333333", "plot": "#333333", "text": "#F0F0F0", "grid": "#4A4A4A"},
    "light": {"paper": "#FFFFFF", "plot": "#FFFFFF", "text": "#1E1E1E", "grid": "#E3E3E3"},
}


def _template(mode: str) -> go.layout.Template:
    surface = _SURFACES[mode]
    axis = {"gridcolor": surface["grid"], "zerolinecolor": surface["grid"], "linecolor": surface["grid"],
            "automargin": True}
    return go.layout.Template(layout={
        "colorway": list(PALETTE),
        "paper_bgcolor": surface["paper"],
        "plot_bgcolor": surface["plot"],
        "font": {"color": surface["text"], "family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"},
        "xaxis": axis,
        "yaxis": axis,
        "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
        "hoverlabel": {"font": {"family": "system-ui, sans-serif"}},
        "legend": {"orientation": "h", "y": -0.2},
        "colorscale": {"sequential": [[0, "#1E1E1E" if mode == "dark" else "#FFF5E6"], [1, PRIMARY]]},
    })


TEMPLATES = {mode: _template(mode) for mode in THEMES}
for _mode, _tpl in TEMPLATES.items():
    pio.templates[f"kitchen_{_mode}"] = _tpl


def normalize_theme(theme: str | None) -> str:
    return theme if theme in THEMES else "dark"


def template_json(theme: str | None) -> dict:
    """The template as plain JSON, for a ``Patch`` on figures already in the browser."""
    return copy.deepcopy(TEMPLATES[normalize_theme(theme)].to_plotly_json())
