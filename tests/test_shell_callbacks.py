"""Shell callbacks called as functions: URL <-> widgets, translation, focus, theme patch."""

from __future__ import annotations

from dash import no_update

from app import ids
from app.filters import Filters, parse_search
from callbacks import shell
from layouts.shell import MINUTE_STOPS

SLIDER_BOUNDS = (1999, 2018, 2000, 2018)
ALL_MINUTES = [0, len(MINUTE_STOPS) - 1]


def _sync(trigger, search, tab="overview", language="en", sub=(1999, 2018), inter=(2000, 2018),
          minutes=ALL_MINUTES, zero=True, tags=(), ingredients=(), stores=(None, None)):
    from tests.callback_context import call_with_trigger

    return call_with_trigger(shell.sync_url, trigger, search, tab, language, list(sub), list(inter), list(minutes),
                             zero, list(tags), list(ingredients), None, None, *SLIDER_BOUNDS, *stores)


def test_url_sets_widgets_on_page_load():
    out = _sync(None, "?tab=trends&lang=fr&sy=2002-2010&min=30-&zero=0&tag=easy&ingr=salt&focus=season:winter")
    search, tab, language, sub, inter, minutes, zero, tags, ingredients, ingredient_options, filters_store, lang_store = out
    assert search is no_update  # the URL already says it all
    assert (tab, language) == ("trends", "fr")
    assert sub == [2002, 2010] and inter == [2000, 2018]
    assert MINUTE_STOPS[minutes[0]] == 30 and MINUTE_STOPS[minutes[1]] is None
    assert zero is False and tags == ["easy"] and ingredients == ["salt"]
    assert ingredient_options == [{"label": "salt", "value": "salt"}]
    restored = Filters.from_query(parse_search(filters_store))
    assert restored.focus == ("season", "winter") and restored.sub_years == (2002, 2010)
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
    assert "Hiver" in text and "saison" in text and style == {}
    assert shell.show_focus("", "en") == ("", {"display": "none"})


def test_theme_switch_patches_every_figure():
    patches = shell.retheme_figures("light", [ids.graph("a"), ids.graph("b")])
    assert len(patches) == 2
    operations = patches[0].to_plotly_json()["operations"]
    assert operations[0]["location"] == ["layout", "template"]
    assert operations[0]["params"]["value"]["layout"]["paper_bgcolor"] == "#FFFFFF"
