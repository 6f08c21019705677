"""Numbers written like the language reads them: the fmt helpers, the charts' separators and locale,
and the mode bar with no button that sends a chart elsewhere."""

from __future__ import annotations

import ast
import math
import string
from pathlib import Path

import plotly.graph_objects as go
import pytest

from app import i18n
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

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (6380, "en", "6,380"),
        (6380.0, "en", "6,380"),
        (6380.4, "en", "6,380"),
        (6380.0, "fr", f"6{NNBSP}380"),
        (1234567, "fr", f"1{NNBSP}234{NNBSP}567"),
        (0, "en", "0"),
        (None, "en", "–"),
        (math.nan, "fr", "–"),
    ],
)
def test_fmt_count_writes_whole_numbers(value, language, expected):
    assert fmt_count(value, language) == expected


@pytest.mark.parametrize(
    ("value", "language", "decimals", "expected"),
    [
        (6380.0, "en", 1, "6,380"),
        (35, "en", 1, "35"),
        (35.5, "en", 1, "35.5"),
        (35.5, "fr", 1, "35,5"),
        (35.04, "en", 1, "35"),  # whole at the precision shown
        (90.25, "en", 2, "90.25"),
        (92.0, "fr", 2, "92"),
        (12345.5, "fr", 1, f"12{NNBSP}345,5"),
        (None, "en", 1, "–"),
        (math.nan, "en", 1, "–"),
    ],
)
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


# -- catalogues ---------------------------------------------------------------------------------


def _placeholders(text) -> set[str]:
    """The values a text names; {Kind} is {kind} capitalized (a language may start a sentence with it)."""
    texts = text.values() if isinstance(text, dict) else [text]
    return {name.lower() for value in texts for _, name, _, _ in string.Formatter().parse(value) if name}


def test_every_text_exists_in_every_language_with_the_same_placeholders():
    english = i18n.CATALOGUES["en"]
    for language, catalogue in i18n.CATALOGUES.items():
        assert catalogue.keys() == english.keys(), f"{language}: keys differ from English"
        for key, text in catalogue.items():
            assert text, f"{language}: {key} is empty"
            assert _placeholders(text) == _placeholders(english[key]), f"{language}: {key} names other values"
            if isinstance(text, dict):  # plural forms: the ones the language uses, 'other' always
                assert "other" in text and set(text) <= {"zero", "one", "two", "few", "many", "other"}


def test_a_missing_text_fails_the_check(monkeypatch):
    broken = {**i18n.CATALOGUES, "fr": {k: v for k, v in i18n.CATALOGUES["fr"].items() if k != "chart.empty"}}
    monkeypatch.setattr(i18n, "CATALOGUES", broken)
    with pytest.raises(AssertionError, match="keys differ"):
        test_every_text_exists_in_every_language_with_the_same_placeholders()


def _literal_keys() -> set[tuple[str, int, str]]:
    """Every key written as a literal in a t(...) call of the app's code."""
    found = set()
    for folder in ("app", "callbacks", "layouts"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and getattr(node.func, "id", None) == "t"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.add((str(path.relative_to(ROOT)), node.lineno, node.args[0].value))
    return found


def test_every_literal_text_key_of_the_code_is_in_the_catalogues():
    keys = _literal_keys()
    assert len(keys) > 300
    missing = [(path, line, key) for path, line, key in sorted(keys) if key not in i18n.CATALOGUES["en"]]
    assert not missing


def test_plural_forms_follow_the_language():
    # French puts 0 and 1 in the singular, English only 1.
    assert i18n.t("explorer.status", "fr", total="0", count=0) == "0 ligne retenue"
    assert i18n.t("explorer.status", "en", total="0", count=0) == "0 matching rows"
    assert i18n.t("explorer.status", "en", total="1", count=1) == "1 matching row"
    assert i18n.t("explorer.status", "fr", total="2", count=2) == "2 lignes retenues"


def test_month_names_come_from_babel():
    assert [i18n.fmt_month(m, "fr") for m in (1, 8, 12)] == ["janvier", "août", "décembre"]
    assert i18n.fmt_month(3, "en") == "March"
