"""Overview callbacks called as functions, on planted data with known answers."""

from __future__ import annotations

import pytest

from app.filters import Filters
from callbacks import overview
from callbacks.common import View
from tests.components import kpi_values
from tests.components import texts as component_texts

RECIPES = [
    {"submitted": "2003-01-10", "contributor_id": 10, "tags": ["easy", "dessert"]},
    {"submitted": "2003-01-20", "contributor_id": 10, "tags": ["easy"]},
    {"submitted": "2004-06-01", "contributor_id": 11, "tags": ["dinner"]},
]
INTERACTIONS = [
    {"user_id": 1, "recipe_id": 1, "date": "2003-02-01", "rating": 5},
    {"user_id": 2, "recipe_id": 1, "date": "2003-02-15", "rating": 4},
    {"user_id": 1, "recipe_id": 2, "date": "2003-03-01", "rating": 0},
    {"user_id": 3, "recipe_id": 3, "date": "2004-07-01", "rating": 5},
]


@pytest.fixture
def planted(planted_dataset, use_dataset):
    use_dataset(planted_dataset(RECIPES, INTERACTIONS))


def test_kpis_show_the_counts(planted):
    cards = overview.kpi_cards(View())
    assert kpi_values(cards) == {
        "kpi-recipes": "3",
        "kpi-interactions": "4",
        "kpi-users": "3",
        "kpi-contributors": "2",
        "kpi-span": "2003-02 → 2004-07",  # first and last review
        "kpi-mean-rating": "4.667",  # (5 + 4 + 5) / 3, without zeros
        "kpi-without-stars": "25.0%",  # 1 review of 4 has no stars
    }
    texts = component_texts(cards)
    assert {
        "3.500 counting 0 as a rating",
        "1.33 reviews per recipe",
        "1.33 reviews per user",
        "1.50 recipes per contributor",
        "recipes 2003-01 → 2004-06",
    } <= set(texts)


def test_kpis_follow_filters_and_language(planted):
    view = View(filters=Filters(tags=("easy",), include_zero=False), language="fr")
    cards = overview.kpi_cards(view)
    values = kpi_values(cards)
    assert "Recettes" in component_texts(cards) and values["kpi-recipes"] == "2"
    assert values["kpi-mean-rating"] == "4,500"  # (5 + 4) / 2 with a French decimal comma
    assert values["kpi-without-stars"] == "0,0\u202f%"


def test_monthly_reviews_figure(planted):
    figure = overview.interactions_per_month(View())
    counts = list(figure.data[0].y)
    assert counts == [2, 1, 1]
    assert "2003-02" in figure.layout.title.text


def test_rating_distribution_and_note(planted):
    figure = overview.rating_distribution(View())
    assert list(figure.data[0].y) == [1, 0, 0, 0, 1, 2]
    note = overview.rating_note(View())
    assert note.startswith("50.0% of the 4 reviews give 5 stars; 25.0% carry no stars")


def test_empty_state_when_filters_select_nothing(planted):
    view = View(filters=Filters(sub_years=(2010, 2012)))
    figure = overview.rating_distribution(view)
    assert figure.layout.annotations[0].text == "No data for the current filters."
    assert overview.recipes_per_month(view).layout.annotations[0].text == "No data for the current filters."


def test_figures_write_numbers_and_months_in_the_page_language(planted):
    french, english = View(language="fr"), View(language="en")
    for chart in (overview.interactions_per_month, overview.recipes_per_month, overview.rating_distribution):
        assert chart(french).layout.separators == ",\u202f"  # 1 234,5 as in the texts
        assert chart(english).layout.separators == ".,"
    # A monthly point hovers as its month, named by the chart's locale ("mars 2003").
    assert overview.interactions_per_month(french).layout.xaxis.hoverformat == "%b %Y"
    assert overview.recipes_per_month(english).layout.xaxis.hoverformat == "%b %Y"
    empty = overview.rating_distribution(View(filters=Filters(sub_years=(2010, 2012)), language="fr"))
    assert empty.layout.separators == ",\u202f"
    assert empty.layout.annotations[0].text == "Aucune donnée pour les filtres actuels."


def test_counts_have_no_decimals(planted):
    assert overview.rating_note(View(language="fr")).startswith("50,0\u202f% des 4 avis donnent 5 étoiles")
    assert overview.interactions_per_month(View()).layout.title.text == "Busiest month: 2003-02 with 2 reviews."
