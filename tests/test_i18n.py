"""Numbers written like the language reads them: the fmt helpers, the charts' separators and locale,
and the mode bar with no button that sends a chart elsewhere."""

from __future__ import annotations

import math
from pathlib import Path

import plotly.graph_objects as go
import pytest

from app.i18n import (
    fmt_count,
    fmt_measure,
    fmt_number,
    fmt_percent,
    plotly_locale,
    plotly_separators,
)
from callbacks.common import View
from layouts.components import GRAPH_CONFIG, chart_card

NNBSP = "\u202f"  # narrow no-break space: French thousands separator
ASSETS = Path(__file__).resolve().parent.parent / "assets"


@pytest.mark.parametrize(("value", "language", "expected"), [
    (6380, "en", "6,380"), (6380.0, "en", "6,380"), (6380.4, "en", "6,380"),
    (6380.0, "fr", f"6{NNBSP}380"), (1234567, "fr", f"1{NNBSP}234{NNBSP}567"), (0, "en", "0"),
    (None, "en", "–"), (math.nan, "fr", "–"),
])
def test_fmt_count_writes_whole_numbers(value, language, expected):
    assert fmt_count(value, language) == expected


@pytest.mark.parametrize(("value", "language", "decimals", "expected"), [
    (6380.0, "en", 1, "6,380"), (35, "en", 1, "35"), (35.5, "en", 1, "35.5"), (35.5, "fr", 1, "35,5"),
    (35.04, "en", 1, "35"),  # whole at the precision shown
    (90.25, "en", 2, "90.25"), (92.0, "fr", 2, "92"), (12345.5, "fr", 1, f"12{NNBSP}345,5"),
    (None, "en", 1, "–"), (math.nan, "en", 1, "–"),
])
def test_fmt_measure_drops_the_decimals_of_whole_values(value, language, decimals, expected):
    assert fmt_measure(value, language, decimals) == expected


def test_fmt_number_and_percent_follow_the_language():
    assert fmt_number(1234.5, "en", 1) == "1,234.5"
    assert fmt_number(1234.5, "fr", 1) == f"1{NNBSP}234,5"
    assert fmt_number(1234.5, "de", 1) == "1,234.5"  # unknown languages read English
    assert fmt_percent(0.256, "fr") == f"25,6{NNBSP}%"


def test_plotly_separators_and_locale_per_language():
    # "<decimal><thousands>": the same marks as the texts around the charts.
    assert plotly_separators("en") == ".,"
    assert plotly_separators("fr") == f",{NNBSP}"
    assert plotly_separators(None) == ".," and plotly_separators("xx") == ".,"
    assert fmt_number(1234.5, "fr", 1) == f"1{plotly_separators('fr')[1]}234{plotly_separators('fr')[0]}5"
    assert plotly_locale("fr") == "fr" and plotly_locale("en") == "en-US" and plotly_locale(None) == "en-US"


@pytest.mark.parametrize(("language", "separators"), [("en", ".,"), ("fr", f",{NNBSP}")])
def test_styled_figures_carry_the_language_separators(language, separators):
    view = View(language=language)
    figure = view.styled(go.Figure(go.Bar(x=["a"], y=[1234.5])), xaxis_title="x")
    assert figure.layout.separators == separators
    assert figure.layout.xaxis.title.text == "x" and figure.layout.template is not None
    # The empty state and an error's message, too.
    assert view.empty().layout.separators == separators
    assert view.empty("Failed").layout.separators == separators
    assert view.empty("Failed").layout.annotations[0].text == "Failed"


def _graph_config(card) -> dict:
    """The config of the dcc.Graph inside a chart card."""
    stack = [card]
    while stack:
        node = stack.pop()
        if type(node).__name__ == "Graph":
            return node.config
        children = getattr(node, "children", None)
        stack.extend(children if isinstance(children, list) else [children] if children is not None else [])
    raise AssertionError("no graph in the card")


@pytest.mark.parametrize(("language", "locale"), [("en", "en-US"), ("fr", "fr")])
def test_chart_cards_use_the_page_locale_and_no_cloud_button(language, locale):
    config = _graph_config(chart_card("overview-rating-distribution", "Title", language))
    assert config["locale"] == locale
    assert config["toImageButtonOptions"] == {"format": "png", "scale": 2, "filename": "overview-rating-distribution"}
    assert config["showSendToCloud"] is False and config["showEditInChartStudio"] is False
    assert {"sendChartToCloud", "sendDataToCloud", "editInChartStudio"} <= set(config["modeBarButtonsToRemove"])
    assert "plotlyServerURL" not in config and not config.get("showLink")
    assert "locale" not in GRAPH_CONFIG  # shared defaults stay language-free


def test_french_locale_asset_loads_after_the_bundle_and_guards_against_no_plotly():
    assets = sorted(path.name for path in ASSETS.glob("*.js"))
    locale, bundle = "06_plotly-locale-fr.js", "05_plotly-cartesian.min.js"
    assert assets.index(bundle) < assets.index(locale)  # Dash serves assets in alphabetical order
    source = (ASSETS / locale).read_text(encoding="utf-8")
    assert "moduleType: 'locale'" in source and "name: 'fr'" in source
    assert "!window.Plotly" in source  # no error on a page without the bundle
    assert "decimal: ','" in source and "'Reset axes': 'Réinitialiser les axes'" in source
    assert "http://" not in source.replace("https://github.com/plotly/plotly.js", "")
    assert "https://" not in source.replace("https://github.com/plotly/plotly.js", "")


def test_a_chart_may_set_its_own_separators():
    figure = View(language="fr").styled(go.Figure(), separators=".,", title_text="t")
    assert figure.layout.separators == ".," and figure.layout.title.text == "t"


def test_signed_numbers_and_p_values_in_both_languages():
    from app.i18n import fmt_p, fmt_signed

    assert fmt_signed(0.1234, "en", 2) == "+0.12" and fmt_signed(-1234.5, "fr", 1) == "\u22121\u202f234,5"
    assert fmt_signed(0.004, "en", 2) == "0.00" and fmt_signed(-0.004, "en") == "0.00"  # no sign on zero
    assert fmt_p(0.0004, "fr") == "p < 0,001" and fmt_p(0.04213, "en", "q") == "q = 0.042"
    assert fmt_p(float("nan"), "en") == "p = –"
