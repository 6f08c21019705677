"""The "Back to the Kitchen" theme: palettes, named colour roles and Plotly templates per mode.

Every colour a chart uses comes from here: a named role (``color("primary", view.theme)``) with a
value per mode, chosen so that marks reach 3:1 and texts 4.5:1 (WCAG 2.1) against the plot
background of their mode (tests/test_contrast.py checks it). The light mode has its own, darker
palette: the dark mode's yellows and oranges are unreadable on white.
"""

from __future__ import annotations

import copy

import plotly.graph_objects as go
import plotly.io as pio

THEMES = ("dark", "light")

# Colour roles per mode. Marks (bars, lines, markers) use every role but "band" (a translucent area
# behind a line), "on_primary" (text on a primary-coloured surface) and the surfaces.
ROLES: dict[str, dict[str, str]] = {
    "dark": {
        "primary": "#FF8C00",  # the main series
        "accent": "#FFD700",  # a second series
        "highlight": "#E24E1B",  # what needs attention (a focused year, a fitted trend)
        "secondary": "#1E90FF",  # the contrasting series (below average, a second group)
        "tertiary": "#00CED1",
        "positive": "#FF8C00",
        "negative": "#E24E1B",
        "neutral": "#9A9A9A",  # neither up nor down; error bars
        "muted": "#8C8C8C",  # too few data to say (small groups, non-significant values)
        "dimmed": "#B07A40",  # the other points while one is focused
        "reference": "#BDBDBD",  # reference lines and their error bars
        "band": "rgba(255, 140, 0, 0.25)",
        "focus": "rgba(255, 215, 0, 0.16)",  # the shade behind cross-filtered years or groups
        "on_primary": "#1E1E1E",
        "rating_0": "#B0E0E6",
        "rating_1": "#E24E1B",
        "rating_2": "#FFA07A",
        "rating_3": "#DAA520",
        "rating_4": "#FFD700",
        "rating_5": "#FF8C00",
        "scale_low": "#1E1E1E",  # the low end of sequential colour scales
        "paper": "#333333",
        "plot": "#333333",
        "text": "#F0F0F0",
        "grid": "#4A4A4A",
    },
    "light": {
        "primary": "#A35200",
        "accent": "#8A6D00",
        "highlight": "#B3261E",
        "secondary": "#1565C0",
        "tertiary": "#00796B",
        "positive": "#A35200",
        "negative": "#B3261E",
        "neutral": "#707070",
        "muted": "#767676",
        "dimmed": "#C07F40",
        "reference": "#5A5A5A",
        "band": "rgba(163, 82, 0, 0.2)",
        "focus": "rgba(138, 109, 0, 0.14)",
        "on_primary": "#FFFFFF",
        "rating_0": "#3D6F80",
        "rating_1": "#B3261E",
        "rating_2": "#C2410C",
        "rating_3": "#A0522D",
        "rating_4": "#8A6D00",
        "rating_5": "#A35200",
        "scale_low": "#FFF5E6",
        "paper": "#FFFFFF",
        "plot": "#FFFFFF",
        "text": "#1E1E1E",
        "grid": "#E3E3E3",
    },
}
SURFACE_ROLES = ("paper", "plot", "text", "grid", "scale_low", "on_primary", "band", "focus")
MARK_ROLES = tuple(role for role in ROLES["dark"] if role not in SURFACE_ROLES)

# The colorway: series colours in order, per mode.
COLORWAYS: dict[str, tuple[str, ...]] = {
    mode: tuple(
        ROLES[mode][role]
        for role in ("primary", "accent", "highlight", "secondary", "tertiary", "rating_2", "rating_0", "rating_3")
    )
    for mode in THEMES
}

# The spinners' colour follows the page's mode through the CSS variable.
SPINNER_COLOR = "var(--kitchen-primary)"
TRANSPARENT = "rgba(0, 0, 0, 0)"

# The dark mode's values, for code that has no view (the spinner is themed by CSS instead).
PALETTE = COLORWAYS["dark"]
PRIMARY = ROLES["dark"]["primary"]
ACCENT = ROLES["dark"]["accent"]
ACCENT_RED = ROLES["dark"]["highlight"]


def normalize_theme(theme: str | None) -> str:
    return theme if theme in THEMES else "dark"


def color(role: str, theme: str | None) -> str:
    """The colour of ``role`` in ``theme`` (an unknown theme is the dark one)."""
    return ROLES[normalize_theme(theme)][role]


def palette(theme: str | None) -> dict[str, str]:
    """Every role's colour in ``theme``."""
    return ROLES[normalize_theme(theme)]


def rating_color(rating: int, theme: str | None) -> str:
    return color(f"rating_{int(rating)}", theme)


def _template(mode: str) -> go.layout.Template:
    roles = ROLES[mode]
    axis = {"gridcolor": roles["grid"], "zerolinecolor": roles["grid"], "linecolor": roles["grid"], "automargin": True}
    return go.layout.Template(
        layout={
            "colorway": list(COLORWAYS[mode]),
            "paper_bgcolor": roles["paper"],
            "plot_bgcolor": roles["plot"],
            "font": {"color": roles["text"], "family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"},
            "xaxis": axis,
            "yaxis": axis,
            "margin": {"l": 50, "r": 20, "t": 40, "b": 40},
            "hoverlabel": {"font": {"family": "system-ui, sans-serif"}},
            "legend": {"orientation": "h", "y": -0.2},
            "colorscale": {"sequential": [[0, roles["scale_low"]], [1, roles["primary"]]]},
        }
    )


TEMPLATES = {mode: _template(mode) for mode in THEMES}
for _mode, _tpl in TEMPLATES.items():
    pio.templates[f"kitchen_{_mode}"] = _tpl


def template_json(theme: str | None) -> dict:
    """The template as plain JSON, for a ``Patch`` on figures already in the browser."""
    return copy.deepcopy(TEMPLATES[normalize_theme(theme)].to_plotly_json())
