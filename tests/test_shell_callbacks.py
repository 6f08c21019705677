"""Shell callbacks called as functions: URL <-> widgets, translation, focus, theme patch."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from dash import no_update

from app import ids
from app.filters import Filters, parse_search
from callbacks import shell
from layouts import url_controls
from layouts.shell import MINUTE_STOPS

SLIDER_BOUNDS = (1999, 2018, 2000, 2018)
ALL_MINUTES = [0, len(MINUTE_STOPS) - 1]


def _sync(
    trigger,
    search,
    tab="overview",
    language="en",
    sub=(1999, 2018),
    inter=(2000, 2018),
    minutes=ALL_MINUTES,
    zero=True,
    tags=(),
    ingredients=(),
    stores=(None, None),
    grid_state=None,
    controls_state=None,
):
    from tests.callback_context import call_with_trigger

    return call_with_trigger(
        shell.sync_url,
        trigger,
        search,
        tab,
        language,
        list(sub),
        list(inter),
        list(minutes),
        zero,
        list(tags),
        list(ingredients),
        None,
        None,
        grid_state,
        controls_state,
        *SLIDER_BOUNDS,
        *stores,
    )


def test_url_sets_widgets_on_page_load():
    out = _sync(None, "?tab=trends&lang=fr&sy=2002-2010&min=30-&zero=0&tag=easy&ingr=salt&focus=season:winter")
    (
        search,
        tab,
        language,
        sub,
        inter,
        minutes,
        zero,
        tags,
        ingredients,
        ingredient_options,
        filters_store,
        lang_store,
    ) = out
    assert search is no_update  # the URL already says it all
    assert (tab, language) == ("trends", "fr")
    assert sub == [2002, 2010] and inter == [2000, 2018]
    assert MINUTE_STOPS[minutes[0]] == 30 and MINUTE_STOPS[minutes[1]] is None
    assert zero is False and tags == ["easy"] and ingredients == ["salt"]
    assert ingredient_options == [{"label": "salt", "value": "salt"}]
    restored = Filters.from_query(parse_search(filters_store))
    assert restored.focus == (("season", "winter"),) and restored.sub_years == (2002, 2010)
    assert lang_store == "fr"


def test_widgets_write_the_url_and_keep_the_focus():
    out = _sync(ids.FILTER_SUB_YEARS, "?tab=seasons&focus=season:summer", tab="seasons", sub=(2005, 2018), zero=False)
    query = parse_search(out[0])
    assert query["tab"] == ["seasons"]
    assert query["sy"] == ["2005-"]  # the slider's upper end means unbounded
    assert query["zero"] == ["0"]
    assert query["focus"] == ["season:summer"]


def test_default_widgets_give_a_clean_url():
    out = _sync(ids.TABS, "?tab=trends", tab="overview")
    assert out[0] == ""


def test_reset_and_clear_focus():
    assert parse_search(_sync(ids.FILTER_RESET, "?sy=2002-2004&tag=easy")[0]) == {}
    cleared = parse_search(_sync(ids.FILTER_FOCUS_CLEAR, "?sy=2002-2004&focus=year:2003", sub=(2002, 2004))[0])
    assert cleared == {"sy": ["2002-2004"]}


def test_unknown_tab_and_language_fall_back():
    out = _sync(None, "?tab=nope&lang=de")
    assert out[1] == "overview" and out[2] == "en"


def test_focus_badge_is_translated():
    text, style = shell.show_focus("?focus=season:winter", "fr")
    assert text == "Filtre croisé : saison = Hiver (recettes par date de publication, avis par date d'avis)"
    assert style == {}
    text, _ = shell.show_focus("?focus=year:2003-2005&focus=weekday:6&focus=review_year:2010", "en")
    assert text == (
        "Cross-filter: submission year = 2003–2005 (recipes submitted then, and their reviews) · "
        "review year = 2010 (reviews written then) · "
        "weekday = Sat (recipes by submission date, reviews by review date)"
    )
    assert shell.show_focus("", "en") == ("", {"display": "none"})


def test_theme_switch_patches_every_figure():
    patches = shell.retheme_figures("light", [ids.graph("a"), ids.graph("b")])
    assert len(patches) == 2
    operations = patches[0].to_plotly_json()["operations"]
    assert operations[0]["location"] == ["layout", "template"]
    assert operations[0]["params"]["value"]["layout"]["paper_bgcolor"] == "#FFFFFF"


def test_filter_button_counts_active_filters():
    assert shell.count_filters("", "en") == "Filters"
    assert shell.count_filters("?sy=2002-2010&tag=easy&tag=quick&zero=0", "fr") == "Filtres (4)"
    assert shell.count_filters("not a query", None) == "Filters"


def test_drawer_opens_from_its_button_and_closes_from_the_others():
    from tests.callback_context import call_with_trigger

    assert call_with_trigger(shell.toggle_drawer, ids.FILTER_TOGGLE, 1, None, None).endswith(" show")
    for trigger in (ids.FILTER_CLOSE, ids.FILTER_BACKDROP):
        assert "show" not in call_with_trigger(shell.toggle_drawer, trigger, 1, 1, None).split()


# CSS reservations of charts whose code has not loaded yet: (selector's name, exact?) -> height.
_PENDING_RULE = re.compile(r"([^{}]*\.dash-graph--pending[^{}]*)\{\s*min-height:\s*(\d+)px;\s*\}")
_NAME = re.compile(r"""\[id\*='"name":"([\w-]+)("?)'\]""")


def _pending_height(css: str, name: str) -> int | None:
    """The min-height the kitchen CSS gives chart ``name`` before plotly loads: the last matching
    rule wins (all these selectors have the same specificity)."""
    height = None
    for selectors, value in _PENDING_RULE.findall(css):
        for selector in selectors.split(","):
            match = _NAME.search(selector)
            if match is None:
                height = int(value) if ".dash-graph.dash-graph--pending" in selector else height
            elif (name == match.group(1)) if match.group(2) else name.startswith(match.group(1)):
                height = int(value)
    return height


def test_pending_charts_reserve_their_layout_height(generated_repository):
    """Every chart's reserved height (while plotly's code loads) is the height its layout gives it,
    so no tab jumps when its charts appear (tests/browser/test_layout_shift.py measures that)."""
    from dash import dcc

    from layouts.registry import TABS

    css = (Path(__file__).resolve().parents[1] / "assets" / "10_kitchen.css").read_text()
    graphs = {
        component.id["name"]: int(component.style["height"].removesuffix("px"))
        for tab in TABS
        for component in tab.layout("en")._traverse()
        if isinstance(component, dcc.Graph)
    }
    assert len(graphs) > 30
    assert {name: _pending_height(css, name) for name in graphs} == graphs


def test_the_explorer_grid_state_is_mirrored_into_the_url_on_its_tab_only():
    from app import ids

    state = {
        "table": "interactions",
        "sort": "rating:desc,date:asc",
        "filter": '{"rating": {"type": "equals"}}',
        "junk": ["x"],
    }
    search = _sync(
        ids.EXPLORER_URL_STATE, "?tab=explorer&sy=2002-2010", tab="explorer", sub=(2002, 2010), grid_state=state
    )[0]
    query = parse_qs(search.lstrip("?"))
    assert query["table"] == ["interactions"] and query["sort"] == ["rating:desc,date:asc"]
    assert query["filter"] == [state["filter"]] and query["sy"] == ["2002-2010"] and "junk" not in query
    # Another tab drops the grid's parameters; a state of the wrong type adds none.
    assert "table" not in _sync(ids.TABS, search, tab="trends", sub=(2002, 2010), grid_state=state)[0]
    assert _sync(ids.EXPLORER_URL_STATE, "?tab=explorer", tab="explorer", grid_state="x")[0] is no_update


def test_tab_controls_are_mirrored_into_the_url_on_their_tab_only():
    state = {
        "tab": "trends",
        "query": {
            "trends-granularity": "quarter",
            "trends-top-n": "30",
            "sy": "1990-1991",
            "ratings-rolling": "3",
            "trends-rolling": 12,
        },
    }
    search = _sync(
        ids.TAB_CONTROLS_STATE, "?tab=trends&sy=2002-2010", tab="trends", sub=(2002, 2010), controls_state=state
    )[0]
    # Only the tab's own controls, as text; a filter key or another tab's control in the store is ignored.
    assert parse_qs(search.lstrip("?")) == {
        "tab": ["trends"],
        "sy": ["2002-2010"],
        "trends-granularity": ["quarter"],
        "trends-top-n": ["30"],
    }
    assert "granularity" not in _sync(ids.TABS, search, tab="ratings", sub=(2002, 2010), controls_state=state)[0]
    assert _sync(ids.TAB_CONTROLS_STATE, "?tab=trends", tab="trends", controls_state="x")[0] is no_update


def test_render_tab_sets_the_controls_from_the_url(generated_repository):
    from layouts import trends as ui

    search = (
        "?tab=trends&trends-granularity=month&trends-top-n=30&trends-structural=1&trends-rolling=7"
        "&trends-item-kind=%3Cscript%3E&trends-nutrient=sugar_pdv"
    )
    layout, alert, state = shell.render_tab("trends", "en", search)
    values = {
        c["props"]["id"]: c["props"].get("value")
        for c in url_controls._components(layout)
        if isinstance(c["props"].get("id"), str) and c["props"]["id"] in ui.URL_CONTROLS
    }
    # Valid values are set with their type (30 an int, True a bool); values no option offers keep the default.
    assert values == {
        ui.GRANULARITY: "month",
        ui.ROLLING: 0,
        ui.BAND: "25-75",
        ui.NUTRIENT: "sugar_pdv",
        ui.ITEM_KIND: "tags",
        ui.STRUCTURAL: True,
        ui.TOP_N: 30,
    }
    assert alert is None
    assert state == {
        "tab": "trends",
        "query": {ui.GRANULARITY: "month", ui.NUTRIENT: "sugar_pdv", ui.STRUCTURAL: "1", ui.TOP_N: "30"},
    }
    # The cached layout is not changed: the next render without parameters has the defaults.
    plain, _, plain_state = shell.render_tab("trends", "en", "?tab=trends")
    assert plain_state == {"tab": "trends", "query": {}}
    assert all(
        c["props"].get("value") == ui.URL_CONTROLS[c["props"]["id"]]
        for c in url_controls._components(plain)
        if isinstance(c["props"].get("id"), str) and c["props"]["id"] in ui.URL_CONTROLS
    )


def test_control_values_as_url_text():
    defaults = {"a": "year", "b": 0, "c": False, "d": None}
    assert url_controls.query_of({"a": "year", "b": 12, "c": True, "d": "vegan"}, defaults) == {
        "b": "12",
        "c": "1",
        "d": "vegan",
    }
    assert url_controls.query_of({"d": None}, defaults) == {}
    layout = {
        "props": {
            "children": [
                {
                    "props": {
                        "id": "a",
                        "value": "year",
                        "options": [{"label": "Y", "value": "year"}, {"label": "M", "value": "month"}],
                    }
                },
                {"props": {"id": "b", "value": 0, "options": [0, 3, 12]}},
                {"props": {"id": "c", "value": False}},
                {"props": {"id": "d", "value": None, "options": []}},
                {"props": {"id": "other", "value": "x"}},
            ]
        }
    }
    applied = url_controls.apply(
        layout, defaults, {"a": ["month"], "b": ["3"], "c": ["yes"], "d": ["vegan"], "other": ["y"]}
    )
    assert applied == {"a": "month", "b": 3, "d": "vegan"}
    assert url_controls.apply(layout, defaults, {"d": ["x" * 201], "c": ["0"]}) == {"c": False}


def test_a_month_focus_is_named_in_the_language():
    assert shell.show_focus("?focus=month:3", "fr")[0].startswith("Filtre croisé : mois = mars (")
    assert shell.show_focus("?focus=month:12", "en")[0].startswith("Cross-filter: month = December (")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_tab_layout_builds_in_both_languages(generated_repository, language):
    """Every tab's layout builds (no deprecated component or argument: warnings are errors in the
    suite) and is written in the page language: its texts are the catalogue's for that language."""
    import json as json_module

    from plotly.io.json import to_json_plotly

    from app.i18n import CATALOGUES
    from layouts.registry import TABS

    other = "fr" if language == "en" else "en"
    for tab in TABS:
        layout = json_module.loads(to_json_plotly(tab.layout(language)))
        texts = {
            value
            for component in url_controls._components(layout)
            for value in [component["props"].get("children")]
            if isinstance(value, str) and len(value) > 25
        }
        assert texts, tab.key
        own = {text for text in CATALOGUES[language].values() if isinstance(text, str)}
        foreign = {text for text in CATALOGUES[other].values() if isinstance(text, str)} - own
        assert texts & own, f"{tab.key}: no text of the catalogue in {language}"
        assert not texts & foreign, f"{tab.key}: texts of the other language: {texts & foreign}"
