"""Recipes tab: SQL aggregates and statistics checked against pandas/scipy on planted data, and
the callbacks called as functions (figures, generated texts, search and detail card)."""

from __future__ import annotations

import datetime as dt
import json
from contextvars import copy_context

import numpy as np
import pandas as pd
import pytest
from dash import no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from app.filters import Filters, parse_search
from app.i18n import fmt_measure
from callbacks import recipes
from callbacks.common import View
from tests.callback_context import call_with_trigger
from tests.components import texts as component_texts

NUTRITION = ("calories", "total_fat_pdv", "sugar_pdv", "sodium_pdv", "protein_pdv", "sat_fat_pdv", "carbs_pdv")


def _ratings(rng: np.random.Generator, probabilities: list[float], size: int) -> list[int]:
    return list(rng.choice(np.arange(1, 6), size=size, p=probabilities))


def _reviews(recipe_id: int, ratings: list[int], first_user: int) -> list[dict]:
    start = dt.date(2008, 1, 1)
    return [
        {
            "user_id": first_user + k,
            "recipe_id": recipe_id,
            "rating": int(r),
            "date": (start + dt.timedelta(days=37 * k + recipe_id)).isoformat(),
            "review": f"review {k} of {recipe_id}",
        }
        for k, r in enumerate(ratings)
    ]


def _as_frames(recipe_rows: list[dict], review_rows: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The planted rows as pandas frames, ids numbered like tests.kaggle does (row number + 1)."""
    rows = pd.DataFrame([{**row, "recipe_id": i} for i, row in enumerate(recipe_rows, start=1)])
    return rows, pd.DataFrame(review_rows)


# -- ratings by bucket ------------------------------------------------------------------------

MINUTES = (5, 12, 20, 30, 45, 90, 150, 300, 600, 5000)  # 5000: an outlier, left out


@pytest.fixture
def minutes_data(planted_dataset, use_dataset):
    """Quick recipes (≤ 15 min) rated high, slow ones (241–1440) low; one outlier; a few zeros."""
    rng = np.random.default_rng(3)
    recipe_rows, review_rows = [], []
    for number in range(80):
        minutes = MINUTES[number % len(MINUTES)]
        probabilities = (
            [0.02, 0.03, 0.05, 0.2, 0.7]
            if minutes <= 15
            else [0.15, 0.2, 0.3, 0.2, 0.15]
            if 240 < minutes <= 1440
            else [0.05, 0.05, 0.15, 0.35, 0.4]
        )
        recipe_id = number + 1
        recipe_rows.append(
            {
                "minutes": minutes,
                "steps": ["step"] * (1 + number % 25),
                "ingredients": [f"item {k}" for k in range(1 + number % 16)],
            }
        )
        ratings = [*_ratings(rng, probabilities, 12), 0]  # a review without stars is never a rating
        review_rows += _reviews(recipe_id, ratings, first_user=1000 * recipe_id)
    use_dataset(planted_dataset(recipe_rows, review_rows))
    recipe_frame, review_frame = _as_frames(recipe_rows, review_rows)
    recipe_frame["n_steps"] = recipe_frame["steps"].map(len)
    recipe_frame["n_ingredients"] = recipe_frame["ingredients"].map(len)
    rated = review_frame[review_frame["rating"] > 0].merge(recipe_frame, on="recipe_id")
    return rated


def _pandas_buckets(rated: pd.DataFrame, buckets: recipes.Buckets) -> pd.DataFrame:
    edges = [b - 0.5 for b in buckets.lower_bounds] + [(buckets.max_value or 10**9) + 0.5]
    labelled = rated.assign(bucket=pd.cut(rated[buckets.attribute], edges, labels=buckets.labels()))
    return labelled.dropna(subset=["bucket"])


def test_bucket_labels_are_the_named_ranges():
    assert recipes.MINUTES_BUCKETS.labels() == ["≤ 15", "16–30", "31–60", "61–120", "121–240", "241–1440"]
    assert recipes.STEPS_BUCKETS.labels() == ["1–3", "4–6", "7–9", "10–12", "13–20", "> 20"]
    assert recipes.INGREDIENT_BUCKETS.labels() == ["1–4", "5–7", "8–10", "11–13", "> 13"]


@pytest.mark.parametrize("dimension", ["minutes", "n_steps", "n_ingredients"])
def test_bucket_means_match_pandas(minutes_data, dimension):
    buckets = recipes.BUCKETS[dimension]
    expected = _pandas_buckets(minutes_data, buckets).groupby("bucket", observed=False)["rating"]
    summary = recipes.rating_summary(recipes.bucket_counts(View(), dimension))
    assert list(summary.index) == buckets.labels()
    np.testing.assert_array_equal(summary["n"], expected.count())
    np.testing.assert_allclose(summary["mean"], expected.mean(), equal_nan=True)
    np.testing.assert_allclose(summary["std"], expected.std(), equal_nan=True)
    sem = expected.std() / np.sqrt(expected.count())
    half = sps.t.ppf(0.975, expected.count() - 1) * sem
    np.testing.assert_allclose(summary["ci_low"], expected.mean() - half, equal_nan=True)


def test_minutes_effect_is_detected_and_described(minutes_data):
    labelled = _pandas_buckets(minutes_data, recipes.MINUTES_BUCKETS)
    assert 5000 not in labelled["minutes"].to_numpy()  # the outlier is left out
    table = pd.crosstab(labelled["bucket"], labelled["rating"])
    chi2, p_value, _, _ = sps.chi2_contingency(table.to_numpy(), correction=False)
    comparison = recipes.compare_groups(recipes.bucket_counts(View(), "minutes"))
    assert comparison.test.statistic == pytest.approx(chi2)
    assert comparison.test.p_value == pytest.approx(p_value) and p_value < 0.001

    figure = recipes.rating_by_bucket(View(), "minutes")
    means = labelled.groupby("bucket", observed=False)["rating"].mean()
    np.testing.assert_allclose(figure.data[1].y, means)
    assert list(figure.data[0].y) == list(labelled.groupby("bucket", observed=False).size())

    note = recipes.bucket_note(View(), "minutes")
    assert f"{means.max():.2f} (≤ 15)" in note
    assert f"{means.min():.2f} (241–1440)" in note
    assert f"χ² = {chi2:,.1f}" in note and "differ significantly" in note
    assert "over 1440 minutes" in note
    french = recipes.bucket_note(View(language="fr"), "minutes")
    assert "diffèrent significativement" in french and f"{means.max():.2f}".replace(".", ",") in french


def test_no_bucket_effect_is_not_significant(planted_dataset, use_dataset):
    rng = np.random.default_rng(11)
    recipe_rows, review_rows = [], []
    for number in range(60):
        recipe_rows.append({"minutes": MINUTES[number % 9]})
        review_rows += _reviews(number + 1, _ratings(rng, [0.05, 0.05, 0.15, 0.35, 0.4], 10), 1000 * (number + 1))
    use_dataset(planted_dataset(recipe_rows, review_rows))
    comparison = recipes.compare_groups(recipes.bucket_counts(View(), "minutes"))
    assert not comparison.test.significant
    assert "No significant difference" in recipes.bucket_note(View(), "minutes")


def test_small_buckets_are_flagged_and_left_out_of_the_test(planted_dataset, use_dataset):
    rng = np.random.default_rng(5)
    recipe_rows = [{"minutes": 10}, {"minutes": 20}, {"minutes": 600}]
    sizes = (60, 60, 10)  # 241–1440 gathers only 10 ratings
    review_rows = [
        row
        for number, size in enumerate(sizes)
        for row in _reviews(number + 1, _ratings(rng, [0.1, 0.1, 0.2, 0.3, 0.3], size), 1000 * number)
    ]
    use_dataset(planted_dataset(recipe_rows, review_rows))
    comparison = recipes.compare_groups(recipes.bucket_counts(View(), "minutes"))
    assert comparison.too_small == ["241–1440"]
    assert comparison.test.n == 120
    note = recipes.bucket_note(View(), "minutes")
    assert "Too small to conclude for 241–1440" in note


def test_empty_filters_give_the_empty_state(minutes_data):
    nothing = View(filters=Filters(sub_years=(1990, 1991)))
    figure = recipes.rating_by_bucket(nothing, "minutes")
    assert figure.layout.annotations[0].text == "No data for the current filters."
    assert recipes.bucket_note(nothing, "minutes") == "No data for the current filters."
    for chart in (recipes.nutrition_profile, recipes.score_distribution, recipes.rating_by_score):
        assert chart(nothing).layout.annotations[0].text == "No data for the current filters."
    assert recipes.item_lift(nothing, "tags").layout.annotations


# -- nutrition and healthiness ----------------------------------------------------------------


def _score(row) -> float:
    """25 × (3 − S − F − N + P) with %DV capped to [0, 100] / 100, written as (300 − … + P) / 4 so that
    integer %DV give exact multiples of 0.25 (no floating-point drift across bin edges)."""
    clamp = lambda v: min(max(v, 0), 100)  # noqa: E731
    return (300 - clamp(row.sugar_pdv) - clamp(row.sat_fat_pdv) - clamp(row.sodium_pdv) + clamp(row.protein_pdv)) / 4


@pytest.fixture
def nutrition_data(planted_dataset, use_dataset):
    """Recipes with varied nutrition; the healthiest (score ≥ 80) rated high, the least healthy low."""
    rng = np.random.default_rng(21)
    recipe_rows, review_rows = [], []
    for number in range(120):
        sugar, sat_fat, sodium = (int(v) for v in rng.integers(0, 140, 3))
        protein = int(rng.integers(0, 120))
        if number % 4 == 0:  # very healthy
            sugar, sat_fat, sodium, protein = int(rng.integers(0, 5)), 1, int(rng.integers(0, 8)), 90
        elif number % 4 == 1:  # very unhealthy
            sugar, sat_fat, sodium, protein = 120, 95, int(rng.integers(80, 200)), 2
        nutrition = [
            round(float(rng.uniform(50, 1500)), 1),
            float(rng.integers(0, 90)),
            float(sugar),
            float(sodium),
            float(protein),
            float(sat_fat),
            float(rng.integers(0, 60)),
        ]
        recipe_rows.append({"nutrition": nutrition})
        row = pd.Series(dict(zip(NUTRITION, nutrition, strict=True)))
        score = _score(row)
        probabilities = (
            [0.02, 0.03, 0.05, 0.2, 0.7]
            if score >= 80
            else [0.3, 0.3, 0.2, 0.1, 0.1]
            if score < 20
            else [0.05, 0.1, 0.2, 0.3, 0.35]
        )
        review_rows += _reviews(number + 1, _ratings(rng, probabilities, 8), 1000 * (number + 1))
    use_dataset(planted_dataset(recipe_rows, review_rows))
    recipe_frame = pd.DataFrame([dict(zip(NUTRITION, r["nutrition"], strict=True)) for r in recipe_rows])
    recipe_frame["recipe_id"] = np.arange(1, len(recipe_rows) + 1)
    recipe_frame["score"] = recipe_frame.apply(_score, axis=1)
    return recipe_frame, pd.DataFrame(review_rows).merge(recipe_frame, on="recipe_id")


def test_nutrition_quantiles_match_pandas(nutrition_data):
    recipe_frame, _ = nutrition_data
    profile = recipes.nutrition_quantiles(View())
    for nutrient in NUTRITION:
        expected = np.quantile(recipe_frame[nutrient], recipes.BOX_LEVELS)
        np.testing.assert_allclose(profile.loc[nutrient, ["p5", "q1", "median", "q3", "p95"]].astype(float), expected)
        assert profile.loc[nutrient, "mean"] == pytest.approx(recipe_frame[nutrient].mean())
    figure = recipes.nutrition_profile(View())
    calories_box, daily_box = figure.data
    assert calories_box.median[0] == pytest.approx(recipe_frame["calories"].median())
    assert list(daily_box.x) == ["Total fat", "Sugar", "Sodium", "Protein", "Saturated fat", "Carbohydrates"]
    note = recipes.nutrition_note(View())
    assert f"{recipe_frame['calories'].median():,.0f} kcal" in note
    assert "Protéines" in recipes.nutrition_profile(View(language="fr")).data[1].x


def test_weighted_quantiles_equal_numpy_on_expanded_data():
    rng = np.random.default_rng(2)
    values = rng.integers(0, 50, 500).astype(float)
    distinct, counts = np.unique(values, return_counts=True)
    levels = (0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0)
    np.testing.assert_allclose(
        recipes.weighted_quantiles(distinct[::-1], counts[::-1], levels), np.quantile(values, levels)
    )


def test_health_score_and_bands_match_pandas(nutrition_data):
    recipe_frame, reviews = nutrition_data
    figure = recipes.score_distribution(View())
    bins = np.clip(np.floor(recipe_frame["score"] / 5), 0, 19).astype(int)
    np.testing.assert_array_equal(figure.data[0].y, bins.value_counts().reindex(range(20), fill_value=0))

    rated = reviews[reviews["rating"] > 0]
    bands = np.clip(np.floor(rated["score"] / 20), 0, 4).astype(int)
    expected = rated.groupby(bands)["rating"].agg(["mean", "count"]).reindex(range(5))
    summary = recipes.rating_summary(recipes.band_counts(recipes.score_frequencies(View())))
    assert list(summary.index) == ["0–20", "20–40", "40–60", "60–80", "80–100"]
    np.testing.assert_allclose(summary["mean"], expected["mean"], equal_nan=True)
    np.testing.assert_array_equal(summary["n"], expected["count"].fillna(0))

    note = recipes.score_note(View())
    q1, median, q3 = np.quantile(recipe_frame["score"], [0.25, 0.5, 0.75])
    assert (
        f"Median score {fmt_measure(median, 'en')} (IQR {fmt_measure(q1, 'en')}–{fmt_measure(q3, 'en')}) "
        "over 120 recipes"
    ) in note
    healthy, unhealthy = rated[rated["score"] >= 80]["rating"], rated[rated["score"] < 20]["rating"]
    difference = healthy.mean() - unhealthy.mean()
    assert f"difference +{difference:.2f} stars" in note
    assert "differ significantly between healthiness bands" in note
    welch = sps.ttest_ind(healthy, unhealthy, equal_var=False)
    low, high = welch.confidence_interval()
    assert f"95 % CI +{low:.2f} to +{high:.2f}" in note
    assert "Score médian" in recipes.score_note(View(language="fr"))


# -- rating lift of tags and ingredients ------------------------------------------------------


@pytest.fixture
def lift_data(planted_dataset, use_dataset):
    """A tag and an ingredient planted on low-rated recipes, one on high-rated ones, a tag on every
    recipe, and a rare tag below the minimum support."""
    rng = np.random.default_rng(8)
    recipe_rows, review_rows = [], []
    for number in range(90):
        tags, ingredients = ["dinner"], ["salt", f"filler {number % 3}"]
        probabilities = [0.05, 0.05, 0.15, 0.35, 0.4]
        if number < 25:
            tags.append("soggy")
            ingredients.append("burnt sugar")
            probabilities = [0.3, 0.3, 0.2, 0.1, 0.1]
        elif number < 50:
            tags.append("crowd-pleaser")
            probabilities = [0.0, 0.02, 0.03, 0.15, 0.8]
        if number % 18 == 0:
            tags.append("rare")
        recipe_rows.append({"tags": tags, "ingredients": ingredients})
        review_rows += _reviews(number + 1, [*_ratings(rng, probabilities, 10), 0], 1000 * (number + 1))
    use_dataset(planted_dataset(recipe_rows, review_rows))
    rated = pd.DataFrame(review_rows).query("rating > 0")
    items = pd.DataFrame(
        [(i, tag, "tags") for i, row in enumerate(recipe_rows, start=1) for tag in row["tags"]]
        + [
            (i, ingredient, "ingredients")
            for i, row in enumerate(recipe_rows, start=1)
            for ingredient in row["ingredients"]
        ],
        columns=["recipe_id", "item", "kind"],
    )
    return rated, items


def _pandas_lifts(rated: pd.DataFrame, items: pd.DataFrame, kind: str) -> pd.DataFrame:
    rows = []
    for item, recipe_ids in items[items["kind"] == kind].groupby("item")["recipe_id"]:
        inside = rated["recipe_id"].isin(recipe_ids)
        if inside.sum() < recipes.MIN_SUPPORT:
            continue
        # An item on every rated recipe has nothing to be compared with: p = 1.
        p_value = (
            sps.ttest_ind(rated.loc[inside, "rating"], rated.loc[~inside, "rating"], equal_var=False).pvalue
            if (~inside).sum() >= 2
            else 1.0
        )
        with_item = rated.loc[inside, "rating"]
        low, high = sps.t.interval(0.95, len(with_item) - 1, with_item.mean(), sps.sem(with_item))
        overall = rated["rating"].mean()
        rows.append(
            {
                "item": item,
                "n": int(inside.sum()),
                "lift": with_item.mean() - overall,
                "ci_low": low - overall,
                "ci_high": high - overall,
                "p_value": p_value,
            }
        )
    frame = pd.DataFrame(rows)
    frame["q_value"] = multipletests(frame["p_value"], method="fdr_bh")[1]
    return frame.set_index("item").sort_index()


@pytest.mark.parametrize(
    "kind, low_item, high_item", [("tags", "soggy", "crowd-pleaser"), ("ingredients", "burnt sugar", None)]
)
def test_lifts_match_pandas_and_planted_items_stand_out(lift_data, kind, low_item, high_item):
    rated, items = lift_data
    expected = _pandas_lifts(rated, items, kind)
    table = recipes.item_lifts(View(), kind)
    got = table.items.set_index("item").sort_index()
    assert list(got.index) == list(expected.index)
    assert "rare" not in got.index  # 5 recipes × 10 ratings: below the minimum support
    assert table.overall_mean == pytest.approx(rated["rating"].mean())
    for column in ("n", "lift", "ci_low", "ci_high", "p_value", "q_value"):
        np.testing.assert_allclose(got[column].astype(float), expected[column], rtol=1e-7, err_msg=column)
    assert got.loc[low_item, "lift"] < -0.5 and got.loc[low_item, "significant"]
    assert table.items.iloc[-1]["item"] == low_item
    if high_item:
        assert got.loc[high_item, "lift"] > 0.3 and got.loc[high_item, "significant"]

    figure = recipes.item_lift(View(), kind)
    significant = figure.data[0]
    assert low_item in significant.y
    assert significant.x[list(significant.y).index(low_item)] == pytest.approx(got.loc[low_item, "lift"])

    note = recipes.lift_note(View(), kind)
    assert f"{len(expected)} {kind} reach at least {recipes.MIN_SUPPORT} ratings" in note
    assert f"Lowest lift: {low_item}, −{abs(got.loc[low_item, 'lift']):.2f} stars" in note
    assert f"overall mean {rated['rating'].mean():.3f}" in note
    n_significant = int((expected["q_value"] < 0.05).sum())
    assert f"Significant after Benjamini–Hochberg correction: {n_significant}" in note
    assert "Écart" not in note and "Plus faible écart" in recipes.lift_note(View(language="fr"), kind)


def test_no_item_reaching_the_support_says_too_small(lift_data):
    only_2008_january = View(filters=Filters(int_years=(2008, 2008), sub_years=(2005, 2005), minutes=(0, 1)))
    assert "too small to conclude" in recipes.lift_note(only_2008_january, "tags")
    assert recipes.item_lift(only_2008_january, "tags").layout.annotations


# -- search and detail card ---------------------------------------------------------------------


@pytest.fixture
def search_data(planted_dataset, use_dataset):
    rows = [
        {"name": "chocolate fudge cake", "ingredients": ["chocolate", "sugar", "butter"], "tags": ["dessert"]},
        {"name": "garlic bread", "ingredients": ["bread", "garlic", "butter"], "tags": ["side-dishes"]},
        {
            "name": "pasta aglio e olio",
            "ingredients": ["spaghetti", "garlic", "olive oil"],
            "tags": ["main-dish"],
            "minutes": 20,
            "contributor_id": 4242,
            "submitted": "2007-03-04",
            "description": "a roman classic",
            "steps": ["boil the pasta", "fry the garlic", "toss together"],
            "nutrition": [510.0, 30.0, 4.0, 12.0, 25.0, 14.0, 20.0],
        },
        {"name": "White Chocolate Mousse", "ingredients": ["white chocolate", "cream"], "tags": ["dessert"]},
    ] + [{"name": f"plain dish {k}", "ingredients": ["rice"]} for k in range(30)]
    reviews = (
        _reviews(2, [5, 4], 100)
        + _reviews(4, [3], 300)
        + _reviews(3, [5, 4, 5, 3, 4, 0, 5], 200)
        + [{"user_id": 900, "recipe_id": 3, "date": "2018-12-01", "rating": 2, "review": "x" * 400}]
        + [row for k in range(30) for row in _reviews(5 + k, [4] * (1 + k % 3), 5000 + 10 * k)]
    )
    use_dataset(planted_dataset(rows, reviews))
    return rows, reviews


def test_search_by_name_and_by_ingredient(search_data):
    found = recipes.search_recipes(View(), "Chocolate")
    assert list(found["name"]) == ["White Chocolate Mousse", "chocolate fudge cake"]  # most reviewed first
    assert found["name_match"].all()
    found = recipes.search_recipes(View(), "garlic")
    assert list(found["name"]) == ["pasta aglio e olio", "garlic bread"]
    assert list(found["name_match"]) == [False, True]
    assert recipes.search_recipes(View(), "g") is None
    assert len(recipes.search_recipes(View(), "plain dish")) == 20  # limited
    assert recipes.search_recipes(View(filters=Filters(tags=("dessert",))), "garlic").empty
    # User text is a bound value, never SQL.
    assert recipes.search_recipes(View(), "'; drop table recipes; --").empty


def test_search_results_and_selection_callbacks(search_data):
    results = recipes.search_results(View(), "garlic", selected=3)
    items = results.children
    assert [item.id["recipe"] for item in items] == [3, 2]
    assert items[0].active and not items[1].active
    assert "ingredient match" in str(items[0].children)
    assert "No recipe matches “zzz”" in str(recipes.search_results(View(), "zzz"))
    assert "at least 2 characters" in str(recipes.search_results(View(language="en"), ""))
    assert "Tapez au moins" in str(recipes.search_results(View(language="fr"), "a"))


def test_recipe_url_parameter_round_trip():
    search = recipes.search_with_recipe("?tab=recipes&lang=fr&tag=dessert", 42)
    assert recipes.recipe_in_search(search) == 42
    assert "tab=recipes" in search and "lang=fr" in search and "tag=dessert" in search
    assert recipes.recipe_in_search("?tab=recipes") is None
    assert recipes.recipe_in_search("?recipe=abc") is None
    assert call_with_trigger(recipes.select_recipe_from_url, "url", "?recipe=7", None) == 7
    assert call_with_trigger(recipes.select_recipe_from_url, "url", "?recipe=7", 7) is no_update


def _click_result(recipe_id: int, clicks: int | None, search: str):
    """select_recipe as Dash runs it when search result ``recipe_id`` reports ``clicks``."""

    def run():
        prop_id = json.dumps(recipes.ui.search_result_id(recipe_id), sort_keys=True, separators=(",", ":"))
        context_value.set(AttributeDict(triggered_inputs=[{"prop_id": f"{prop_id}.n_clicks", "value": clicks}]))
        return recipes.select_recipe([clicks], search)

    return copy_context().run(run)


def test_clicking_a_result_selects_it_and_sets_the_url():
    selected, search = _click_result(3, 1, "?lang=fr&tab=recipes")
    assert selected == 3
    assert parse_search(search) == {"lang": ["fr"], "recipe": ["3"], "tab": ["recipes"]}
    assert _click_result(3, 0, "?tab=recipes") == (no_update, no_update)  # a re-rendered list


def test_detail_card_shows_the_recipe_and_its_recent_reviews(search_data):
    _, reviews = search_data
    card = recipes.recipe_card(View(), 3)
    texts = component_texts(card)
    for expected in (
        "pasta aglio e olio",
        "20 min",
        "4242",
        "2007-03-04",
        "a roman classic",
        "spaghetti",
        "main-dish",
        "fry the garlic",
        "510 kcal",
        "25%",
    ):
        assert expected in texts, expected
    steps = next(c for c in card.children[1].children if "Steps" in component_texts(c))
    assert [li.children for li in steps.children[1].children] == ["boil the pasta", "fry the garlic", "toss together"]
    recent = pd.DataFrame([r for r in reviews if r["recipe_id"] == 3]).sort_values("date", ascending=False).head(5)
    shown_dates = [t for t in texts if len(t) == 10 and t[4] == "-" and t != "2007-03-04"]
    assert shown_dates == list(recent["date"])
    assert "x" * recipes.REVIEW_CHARS + "…" in texts  # long reviews are cut
    assert "no stars" in texts  # the rating-0 review
    rated = [r["rating"] for r in reviews if r["recipe_id"] == 3 and r["rating"] > 0]
    assert f"{np.mean(rated):.2f} ★ over {len(rated)} ratings" in texts

    figure = recipes.detail_ratings(View(), 3)
    counts = pd.Series([r["rating"] for r in reviews if r["recipe_id"] == 3]).value_counts()
    assert list(figure.data[0].y) == [int(counts.get(r, 0)) for r in range(6)]
    assert list(recipes.detail_ratings(View(filters=Filters(include_zero=False)), 3).data[0].x) == list("12345")

    assert "Select a recipe" in str(recipes.recipe_card(View(), None))
    assert "outside the current filters" in str(recipes.recipe_card(View(filters=Filters(tags=("dessert",))), 3))
    assert "Préparation" in component_texts(recipes.recipe_card(View(language="fr"), 3))
