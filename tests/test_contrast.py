"""WCAG 2.1 contrast of the theme in both modes: chart marks >= 3:1 and chart text >= 4.5:1 against the
plot background (app/theme.py), page texts >= 4.5:1 against their surfaces (assets/10_kitchen.css);
and no colour literal left in callbacks/ or layouts/ (every colour is a role of the theme)."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest

from app import theme

ROOT = Path(__file__).resolve().parent.parent
CSS = ROOT / "assets" / "10_kitchen.css"
MARK_MIN, TEXT_MIN = 3.0, 4.5

_HEX = re.compile(r"#([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})\b")
_RGBA = re.compile(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)")


def parse_color(value: str) -> tuple[float, float, float, float]:
    """``#RGB``, ``#RRGGBB``, ``rgb(...)`` or ``rgba(...)`` as (r, g, b, alpha), channels 0-255."""
    value = value.strip()
    if match := _HEX.fullmatch(value):
        digits = match.group(1)
        digits = "".join(c * 2 for c in digits) if len(digits) == 3 else digits
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16), 1.0)
    if match := _RGBA.fullmatch(value):
        r, g, b, a = match.groups()
        return (float(r), float(g), float(b), float(a) if a is not None else 1.0)
    raise ValueError(f"not a colour: {value!r}")


def composite(color: str, background: str) -> tuple[float, float, float]:
    """The opaque colour a translucent ``color`` shows over an opaque ``background``."""
    r, g, b, a = parse_color(color)
    br, bg, bb, _ = parse_color(background)
    return (r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a))


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG relative luminance of an sRGB colour (channels 0-255)."""

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio, the foreground composited over the background first."""
    high, low = sorted(
        (luminance(composite(foreground, background)), luminance(composite(background, background))), reverse=True
    )
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("rgba(0, 0, 0, 0)", "#FFFFFF") == pytest.approx(1.0)
    assert contrast("#FFD700", "#FFFFFF") < 1.5  # the old light theme's yellow marks


# -- charts --------------------------------------------------------------------------------------


def chart_pairs(mode: str) -> dict[str, tuple[str, str]]:
    """What must reach 3:1 (marks) or 4.5:1 (text) on the plot of ``mode``: label -> (colour, background)."""
    layout = theme.TEMPLATES[mode].layout
    plot, paper = layout.plot_bgcolor, layout.paper_bgcolor
    marks = {f"colorway[{i}]": (c, plot) for i, c in enumerate(layout.colorway)}
    marks |= {f"role {role}": (theme.color(role, mode), plot) for role in theme.MARK_ROLES}
    marks["sequential scale end"] = (layout.colorscale.sequential[-1][1], plot)
    texts = {"template text on plot": (layout.font.color, plot), "template text on paper": (layout.font.color, paper)}
    return {**{f"mark {k}": v for k, v in marks.items()}, **{f"text {k}": v for k, v in texts.items()}}


@pytest.mark.parametrize("mode", theme.THEMES)
def test_chart_marks_and_texts_reach_wcag_contrast(mode):
    ratios = {label: contrast(fg, bg) for label, (fg, bg) in chart_pairs(mode).items()}
    marks = {k: v for k, v in ratios.items() if k.startswith("mark ")}
    texts = {k: v for k, v in ratios.items() if k.startswith("text ")}
    lowest_mark, lowest_text = min(marks, key=marks.get), min(texts, key=texts.get)
    print(
        f"\n{mode}: marks min {marks[lowest_mark]:.2f} ({lowest_mark}), "
        f"text min {texts[lowest_text]:.2f} ({lowest_text})"
    )
    assert {k: round(v, 2) for k, v in marks.items() if v < MARK_MIN} == {}
    assert {k: round(v, 2) for k, v in texts.items() if v < TEXT_MIN} == {}


def test_every_mode_has_every_role():
    assert set(theme.ROLES["dark"]) == set(theme.ROLES["light"])
    for mode in theme.THEMES:
        for value in theme.ROLES[mode].values():
            parse_color(value)
    assert theme.color("primary", "light") != theme.color("primary", "dark")  # a light palette of its own
    assert theme.color("primary", "nonsense") == theme.color("primary", "dark")


# -- page (CSS) ----------------------------------------------------------------------------------

_BLOCK = re.compile(r"([^{}]+)\{([^{}]*)\}")
_DECLARATION = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")
_MODE_SELECTOR = {"dark": {":root", '[data-bs-theme="dark"]'}, "light": {":root", '[data-bs-theme="light"]'}}


def _css_without_comments() -> str:
    return re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)


def css_variables(mode: str) -> dict[str, str]:
    """The custom properties on <html data-bs-theme=mode>: the blocks whose selector matches it, in
    document order (``:root`` and ``[data-bs-theme=...]`` weigh the same, so the later one wins),
    with var() references resolved."""
    variables: dict[str, str] = {}
    for selectors, body in _BLOCK.findall(_css_without_comments()):
        if {s.strip() for s in selectors.split(",")} & _MODE_SELECTOR[mode] and "@media" not in selectors:
            variables.update((name, value.strip()) for name, value in _DECLARATION.findall(body))

    def resolve(value: str, depth: int = 0) -> str:
        assert depth < 10, value
        return re.sub(r"var\((--[\w-]+)\)", lambda m: resolve(variables[m.group(1)], depth + 1), value)

    return {name: resolve(value) for name, value in variables.items()}


# Text colour -> the surfaces it is shown on (every text rule of the CSS uses one of these variables).
CSS_TEXT_PAIRS = {
    "--kitchen-text": ("--kitchen-main", "--kitchen-card", "--bs-tertiary-bg"),
    "--kitchen-muted": ("--kitchen-main", "--kitchen-card", "--bs-tertiary-bg"),  # labels, notes, nav, outline buttons
    "--kitchen-primary-text": (
        "--kitchen-main",
        "--kitchen-card",
        "--bs-tertiary-bg",
    ),  # KPIs, links, active tab, brand
    "--kitchen-primary-hover": ("--kitchen-main", "--kitchen-card"),  # hovered links
    "--kitchen-on-primary": ("--kitchen-primary", "--kitchen-primary-strong"),  # primary buttons, active result
    "--kitchen-card": ("--kitchen-muted",),  # a hovered or pressed outline-secondary button
    "--Dash-Text-Primary": ("--Dash-Fill-Inverse-Strong", "--kitchen-card"),
    "--Dash-Text-Weak": ("--Dash-Fill-Inverse-Strong", "--kitchen-card"),
    "--kitchen-badge-local-fg": ("--kitchen-badge-local-bg",),
    "--kitchen-badge-preprod-fg": ("--kitchen-badge-preprod-bg",),
    "--kitchen-badge-prod-fg": ("--kitchen-badge-prod-bg",),
    "--kitchen-badge-gold-fg": ("--kitchen-badge-gold-bg",),
}


@pytest.mark.parametrize("mode", theme.THEMES)
def test_page_texts_reach_wcag_contrast(mode):
    variables = css_variables(mode)
    ratios = {
        f"{fg} on {bg}": contrast(variables[fg], variables[bg])
        for fg, backgrounds in CSS_TEXT_PAIRS.items()
        for bg in backgrounds
    }
    lowest = min(ratios, key=ratios.get)
    print(f"\n{mode}: page text min {ratios[lowest]:.2f} ({lowest})")
    assert {k: round(v, 2) for k, v in ratios.items() if v < TEXT_MIN} == {}


@pytest.mark.parametrize("mode", theme.THEMES)
def test_css_variables_follow_the_charts(mode):
    """The page's primary colour and surfaces are the theme's, so a chart card matches its chart."""
    variables = css_variables(mode)
    assert variables["--kitchen-primary"].upper() == theme.color("primary", mode).upper()
    assert variables["--kitchen-card"].upper() == theme.color("plot", mode).upper()
    assert variables["--kitchen-primary-rgb"].replace(" ", "") == ",".join(
        str(int(c)) for c in parse_color(theme.color("primary", mode))[:3]
    )


def test_css_rules_take_colours_from_the_checked_variables():
    """Outside the variable blocks, a rule names no colour of its own: every colour it uses is one of
    the variables checked above (or a custom property of the same blocks)."""
    for selectors, body in _BLOCK.findall(_css_without_comments()):
        rule = re.sub(r"--[\w-]+\s*:[^;]+;", "", body)  # custom properties are checked through the pairs
        assert not _HEX.search(rule) and "rgb" not in rule, f"{selectors.strip()}: {rule.strip()}"


# -- no colour literals outside the theme -----------------------------------------------------------


def _colour_literals(path: Path) -> list[str]:
    """Hex colours and rgb()/rgba() in a module's code (its comments left out)."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        if token.type == tokenize.STRING and (_HEX.search(token.string) or re.search(r"rgba?\(", token.string)):
            found.append(f"{path.relative_to(ROOT)}:{token.start[0]}: {token.string[:60]}")
    return found


def test_no_colour_literal_in_callbacks_and_layouts():
    files = sorted((ROOT / "callbacks").glob("*.py")) + sorted((ROOT / "layouts").glob("*.py"))
    assert len(files) > 10
    assert [hit for path in files for hit in _colour_literals(path)] == []


# -- charts follow the theme -------------------------------------------------------------------------

_DARK_ONLY = {value.upper() for value in theme.ROLES["dark"].values()} - {
    value.upper() for value in theme.ROLES["light"].values()
}


def _chart_functions() -> list:
    """Every chart builder of the tabs: a function ``(view: View, ...) -> go.Figure``."""
    import importlib
    import inspect

    charts = []
    for name in ("overview", "recipes", "ratings", "trends", "users", "seasons", "weekdays"):
        module = importlib.import_module(f"callbacks.{name}")
        for function in vars(module).values():
            if inspect.isfunction(function) and function.__module__ == module.__name__:
                parameters = list(inspect.signature(function).parameters.values())
                if (
                    parameters
                    and parameters[0].name == "view"
                    and function.__annotations__.get("return") == "go.Figure"
                    and all(p.default is not p.empty for p in parameters[1:])
                ):
                    charts.append(function)
    return charts


def _colours(value, path=()) -> list[tuple[str, str]]:
    """(where, colour) of every colour string in a figure's JSON, its template left out."""
    if isinstance(value, dict):
        return [hit for k, v in value.items() if k != "template" for hit in _colours(v, (*path, k))]
    if isinstance(value, list):
        return [hit for i, v in enumerate(value) for hit in _colours(v, (*path, str(i)))]
    if isinstance(value, str) and (_HEX.fullmatch(value) or _RGBA.fullmatch(value)):
        return [("/".join(path), value)]
    return []


def test_charts_take_the_light_palette_in_light_mode(generated_repository):
    from callbacks.common import View

    charts = _chart_functions()
    assert len(charts) > 20
    dark_in_light, checked = {}, 0
    for chart in charts:
        figure = chart(View(theme="light")).to_plotly_json()
        colours = _colours(figure)
        checked += bool(colours)
        dark_in_light |= {
            f"{chart.__module__}.{chart.__name__}:{where}": c for where, c in colours if c.upper() in _DARK_ONLY
        }
    assert dark_in_light == {}
    assert checked > 20  # the charts drew marks of their own colours


def test_a_theme_switch_rerenders_the_charts():
    """Trace colours are set when a figure is built: the switch writes the filters back unchanged, which
    re-runs every chart with the new theme (the template patch recolours the rest at once)."""
    from dash import no_update

    from callbacks import shell

    assert shell.rerender_for_theme("light", "?tag=easy") == "?tag=easy"
    assert shell.rerender_for_theme("dark", "") == ""
    assert shell.rerender_for_theme("light", None) is no_update
