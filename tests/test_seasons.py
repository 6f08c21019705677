"""Seasons tab: SQL aggregates and tests checked against pandas/scipy over the planted rows,
planted seasonal effects detected, uniform data reported not significant, callbacks as functions."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from app.filters import Filters
from app.i18n import fmt_measure, fmt_number
from app.schema import SEASON_BY_MONTH, SEASONS
from callbacks import calendar_groups as groups
from callbacks import seasons
from callbacks.common import View

SEASON_DAYS = np.array([90.25, 92, 92, 91])
MONTHS = {"winter": (1, 2, 12), "spring": (3, 4, 5), "summer": (6, 7, 8), "autumn": (9, 10, 11)}
RECIPES_PER_SEASON = {"winter": 240, "spring": 80, "summer": 80, "autumn": 80}
OUTLIER_MINUTES = 100_000


def _season_date(rng: np.random.Generator, season: str) -> str:
    return dt.date(2005, int(rng.choice(MONTHS[season])), int(rng.integers(1, 29))).isoformat()


@pytest.fixture
def seasonal(planted_dataset, use_dataset):
    """Planted: 3× more winter recipes, cinnamon and a 'christmas' tag only in winter, longer
    summer recipes (plus one summer outlier), fewer 5-star summer reviews; 'sugar' is random."""
    rng = np.random.default_rng(11)
    recipes = []
    for season, count in RECIPES_PER_SEASON.items():
        for _ in range(count):
            winter = season == "winter"
            recipes.append(
                {
                    "submitted": _season_date(rng, season),
                    "minutes": int(rng.integers(10, 60)) + (40 if season == "summer" else 0),
                    "ingredients": ["salt"]
                    + (["cinnamon"] if winter and rng.random() < 0.5 else [])
                    + (["sugar"] if rng.random() < 0.4 else []),
                    "tags": ["easy"] + (["christmas"] if winter and rng.random() < 0.4 else []),
                }
            )
    recipes.append({**recipes[-1], "submitted": "2005-07-04", "minutes": OUTLIER_MINUTES})
    interactions = []
    for season in SEASONS:
        for _ in range(200):
            five = rng.random() < (0.4 if season == "summer" else 0.7)
            rating = 5 if five else int(rng.choice([0, 1, 2, 3, 4]))
            interactions.append(
                {
                    "user_id": len(interactions) + 1,
                    "recipe_id": int(rng.integers(1, len(recipes) + 1)),
                    "date": _season_date(rng, season),
                    "rating": rating,
                }
            )
    use_dataset(planted_dataset(recipes, interactions))
    frame = pd.DataFrame(recipes)
    frame["season"] = pd.to_datetime(frame["submitted"]).dt.month.map(SEASON_BY_MONTH)
    reviews = pd.DataFrame(interactions)
    reviews["season"] = pd.to_datetime(reviews["date"]).dt.month.map(SEASON_BY_MONTH)
    return frame, reviews


@pytest.fixture
def uniform(planted_dataset, use_dataset):
    """No seasonal effect: one recipe and one review per day of 2005, measures and items cycling
    independently of the season."""
    days = [dt.date(2005, 1, 1) + dt.timedelta(days=i) for i in range(365)]
    recipes = [
        {
            "submitted": d.isoformat(),
            "minutes": 10 + (i * 7) % 50,
            "ingredients": ["salt"] + (["garlic"] if i % 3 == 0 else []),
            "tags": ["easy"] + (["quick"] if i % 4 == 0 else []),
        }
        for i, d in enumerate(days)
    ]
    interactions = [
        {"user_id": i + 1, "recipe_id": i + 1, "date": d.isoformat(), "rating": 1 + (i * 3) % 5}
        for i, d in enumerate(days)
    ]
    use_dataset(planted_dataset(recipes, interactions))


def _view(**filters) -> View:
    return View(filters=Filters(**filters), language="en")


def _seasonal_shares(rows: pd.DataFrame, column: str, value: str) -> pd.Series:
    holds = rows[column].apply(lambda items: value in items)
    return holds.groupby(rows["season"]).mean().reindex(list(SEASONS))


# -- numbers against pandas / scipy ------------------------------------------------------------


def test_recipe_volume_and_goodness_of_fit_match_scipy(seasonal):
    recipes, _ = seasonal
    counts = groups.recipe_counts(_view(), groups.SEASON)
    expected_counts = recipes["season"].value_counts().reindex(list(SEASONS))
    assert counts.tolist() == expected_counts.tolist()
    reference = sps.chisquare(expected_counts, SEASON_DAYS / SEASON_DAYS.sum() * expected_counts.sum())
    lines = seasons.volume_note(_view())
    assert f"χ² = {fmt_number(reference.statistic, 'en', 1)}" in lines[1]
    assert "significant at 5 %" in lines[1] and "not significant" not in lines[1]
    assert "90.25" in lines[0] and "winter" in lines[0]  # expected shares stated from the days


def test_minutes_quantiles_and_kruskal_wallis_match_numpy_and_scipy(seasonal):
    recipes, _ = seasonal
    kept = recipes[recipes["minutes"] <= 1440]
    boxes = groups.measure_quantiles(_view(), groups.SEASON, "minutes")
    for season in SEASONS:
        values = kept.loc[kept["season"] == season, "minutes"]
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        assert boxes.loc[season, ["q1", "median", "q3"]].tolist() == pytest.approx([q1, median, q3])
        assert boxes.loc[season, "n"] == len(values)  # the outlier is excluded
        assert boxes.loc[season, "upper"] == pytest.approx(min(values.max(), q3 + 1.5 * (q3 - q1)))
    reference = sps.kruskal(*(kept.loc[kept["season"] == s, "minutes"] for s in SEASONS))
    lines = seasons.measure_note(_view(), "minutes")
    assert f"H = {fmt_number(reference.statistic, 'en', 1)}" in lines[1]
    epsilon = reference.statistic / (len(kept) - 1)
    assert f"ε² = {fmt_number(epsilon, 'en', 3)}" in lines[1] and "large effect" in lines[1]
    summer = kept.loc[kept["season"] == "summer", "minutes"]
    assert f"Summer {fmt_measure(summer.median(), 'en')} (n = {len(summer)})" in lines[0]


def test_complexity_box_uses_steps_plus_ingredients(seasonal):
    recipes, _ = seasonal
    complexity = 2 + recipes["ingredients"].apply(len)  # two default steps
    boxes = groups.measure_quantiles(_view(), groups.SEASON, "complexity")
    winter = complexity[recipes["season"] == "winter"]
    assert boxes.loc["winter", "mean"] == pytest.approx(winter.mean())


def test_item_tests_match_scipy_and_fdr(seasonal):
    recipes, _ = seasonal
    counts = groups.item_counts(_view(), groups.SEASON, "ingredients")
    totals = groups.recipe_counts(_view(), groups.SEASON)
    result = groups.items_across_groups(counts, totals)
    assert set(result.index) == {"salt", "cinnamon", "sugar"}  # all reach the minimum support
    p_values = {}
    for item in result.index:
        present = recipes["ingredients"].apply(lambda items, i=item: i in items).groupby(recipes["season"]).sum()
        present = present.reindex(list(SEASONS)).to_numpy()
        table = np.vstack([present, totals.to_numpy() - present])
        if (table.sum(axis=1) == 0).any():  # salt: held by every recipe, nothing to test
            p_values[item] = 1.0
            continue
        chi2, p, _, _ = sps.chi2_contingency(table, correction=False)
        assert result.loc[item, "chi2"] == pytest.approx(chi2)
        assert result.loc[item, "v"] == pytest.approx(np.sqrt(chi2 / table.sum()))
        p_values[item] = p
    _, q_values, _, _ = multipletests([p_values[i] for i in result.index], method="fdr_bh")
    assert result["q"].tolist() == pytest.approx(list(q_values))
    assert result.index[0] == "cinnamon" and result.loc["cinnamon", "significant"]
    assert not result.loc["salt", "significant"] and not result.loc["sugar", "significant"]
    shares = _seasonal_shares(recipes, "ingredients", "cinnamon")
    assert result.loc["cinnamon", list(SEASONS)].tolist() == pytest.approx(shares.tolist())


def test_presence_chi_square_is_scipy_item_by_item():
    rng = np.random.default_rng(3)
    totals = np.array([400, 380, 410, 395])
    present = rng.integers(5, 200, size=(50, 4))
    chi2, p_values, v = groups.presence_chi_square(present, totals)
    for row, statistic, p in zip(present, chi2, p_values, strict=True):
        reference = sps.chi2_contingency(np.vstack([row, totals - row]), correction=False)
        assert statistic == pytest.approx(reference[0]) and p == pytest.approx(reference[1])
    assert v == pytest.approx(np.sqrt(chi2 / totals.sum()))


def test_fdr_keeps_only_the_planted_item_among_many_null_items():
    rng = np.random.default_rng(5)
    totals = pd.Series([500, 500, 500, 500], index=list(SEASONS))
    null = rng.binomial(500, 0.2, size=(200, 4))
    planted = np.array([[150, 100, 60, 100]])
    counts = pd.DataFrame(
        np.vstack([null, planted]), columns=list(SEASONS), index=[f"null{i}" for i in range(200)] + ["planted"]
    )
    result = groups.items_across_groups(counts, totals)
    raw_hits = (result["p"] < 0.05).sum()
    assert raw_hits > 1  # uncorrected, some null items pass by chance
    assert result.index[result["significant"]].tolist() == ["planted"]


def test_ratings_per_season_match_scipy_and_statsmodels(seasonal):
    _, reviews = seasonal
    summary = groups.rating_summary(groups.rating_table(_view(), groups.SEASON))
    for season in SEASONS:
        ratings = reviews.loc[reviews["season"] == season, "rating"]
        stars = ratings[ratings > 0]
        low, high = sps.t.interval(0.95, len(stars) - 1, loc=stars.mean(), scale=sps.sem(stars))
        interval = summary.loc[season, ["mean", "mean_low", "mean_high"]].tolist()
        assert interval == pytest.approx([stars.mean(), low, high])
        five = (ratings == 5).sum()
        assert summary.loc[season, "five"] == pytest.approx(five / len(ratings))  # over all reviews (zeros kept)
        wilson = proportion_confint(five, len(ratings), method="wilson")
        assert summary.loc[season, ["five_low", "five_high"]].tolist() == pytest.approx(list(wilson))
        poor = ratings.isin([1, 2]).sum()
        assert summary.loc[season, "poor"] == pytest.approx(poor / len(ratings))
    table = pd.crosstab(reviews["season"], reviews["rating"]).reindex(list(SEASONS))
    chi2 = sps.chi2_contingency(table, correction=False)[0]
    lines = seasons.ratings_note(_view())
    assert f"χ² = {fmt_number(chi2, 'en', 1)}" in lines[-1] and "— significant" in lines[-1]
    assert "lowest Summer" in lines[0]


def test_ratings_respect_the_include_zero_filter(seasonal):
    _, reviews = seasonal
    summary = groups.rating_summary(groups.rating_table(_view(include_zero=False), groups.SEASON))
    rated = reviews[reviews["rating"] > 0]
    winter = rated.loc[rated["season"] == "winter", "rating"]
    assert summary.loc["winter", "reviews"] == len(winter)
    assert summary.loc["winter", "five"] == pytest.approx((winter == 5).mean())
    with_zero = groups.rating_summary(groups.rating_table(_view(), groups.SEASON))
    assert with_zero.loc["winter", "mean"] == pytest.approx(summary.loc["winter", "mean"])  # mean over 1-5 only
    assert "excluded by the filter" in " ".join(seasons.ratings_note(_view(include_zero=False)))


# -- planted effects against no effect -----------------------------------------------------------


def test_uniform_data_is_not_significant(uniform):
    volume = seasons.volume_note(_view())
    assert "not significant" in volume[1] and "not significant" in volume[2]
    assert "not significant" in seasons.measure_note(_view(), "minutes")[1]
    assert "not significant" in seasons.ratings_note(_view())[-1]
    items = seasons.items_note(_view(), "ingredients")
    assert "0 significant" in items[0] and "None differs" in items[1]
    figure = seasons.items(_view(), "ingredients")
    assert not figure.data  # nothing significant to show


def test_too_few_recipes_say_so(planted_dataset, use_dataset):
    recipes = [{"submitted": f"2005-{month:02d}-10", "minutes": 20 + month} for month in range(1, 13)]
    use_dataset(planted_dataset(recipes, [{"recipe_id": 1, "date": "2005-03-01"}]))
    assert "Too small to conclude" in seasons.measure_note(_view(), "minutes")[-1]
    assert "Too small to conclude" in seasons.volume_note(_view())[1]
    assert seasons.items_note(_view(), "tags") == [
        f"None of the tags is held by at least {groups.MIN_ITEM_SUPPORT} recipes under the current filters: "
        "too small to conclude."
    ]


# -- callbacks as functions -----------------------------------------------------------------------


def test_volume_chart_in_french_with_focus_highlight(seasonal):
    recipes, _ = seasonal
    figure = seasons.volume(View(filters=Filters(focus=("season", "winter")), language="fr"))
    recipe_bars, _review_bars, expected = figure.data
    assert list(recipe_bars.x) == ["Hiver", "Printemps", "Été", "Automne"]
    assert list(recipe_bars.customdata) == list(SEASONS)
    shares = recipes["season"].value_counts(normalize=True).reindex(list(SEASONS)) * 100
    assert list(recipe_bars.y) == pytest.approx(shares.tolist(), abs=1e-3)
    assert list(recipe_bars.marker.opacity) == [1.0, 0.35, 0.35, 0.35]  # computed without the focus
    assert list(expected.y) == pytest.approx((SEASON_DAYS / SEASON_DAYS.sum() * 100).tolist(), abs=1e-3)
    assert recipe_bars.name == "Recettes"


def test_a_season_focus_is_highlighted_on_every_chart_of_the_tab(seasonal):
    focused, plain = _view(focus=("season", "winter")), _view()
    boxes = seasons.measure(focused, "minutes")
    # Every season stays, with the unfocused numbers: one group alone would leave nothing to compare.
    assert list(boxes.data[0].x) == ["Winter", "Spring", "Summer", "Autumn"]
    assert list(boxes.data[0].median) == list(seasons.measure(plain, "minutes").data[0].median)
    assert [(s.x0, s.x1) for s in boxes.layout.shapes] == [(-0.5, 0.5)]  # winter shaded
    assert seasons.measure_note(focused, "minutes") == seasons.measure_note(plain, "minutes")
    assert [(s.xref, s.x0) for s in seasons.ratings(focused).layout.shapes] == [("x", -0.5), ("x2", -0.5)]
    heatmap = seasons.items(focused, "tags")
    assert [(s.x0, s.x1) for s in heatmap.layout.shapes] == [(-0.5, 0.5)]  # outlined: the cells are opaque
    assert list(seasons.volume(focused).data[0].marker.opacity) == [1.0, 0.35, 0.35, 0.35]
    # A month focus highlights its season.
    march = seasons.measure(_view(focus=("month", "3")), "minutes")
    assert [(s.x0, s.x1) for s in march.layout.shapes] == [(0.5, 1.5)]


def test_item_heatmap_shows_the_planted_seasonal_items(seasonal):
    recipes, _ = seasonal
    figure = seasons.items(View(language="fr"), "tags")
    heatmap = figure.data[0]
    assert list(heatmap.y) == ["christmas"]  # 'easy' is on every recipe
    assert list(heatmap.x) == ["Hiver", "Printemps", "Été", "Automne"]
    share = _seasonal_shares(recipes, "tags", "christmas")["winter"]
    assert heatmap.text[0][0] == fmt_number(100 * share, "fr", 1) + "\u202f%"
    lines = seasons.items_note(_view(), "tags")
    assert "christmas" in lines[1] and "Winter" in lines[1]
    assert f"at least {groups.MIN_ITEM_SUPPORT} recipes" in lines[0]


def test_ratings_chart_has_intervals(seasonal):
    figure = seasons.ratings(_view())
    mean, five, poor = figure.data
    assert list(mean.customdata) == list(SEASONS)
    assert len(mean.error_y.array) == 4 and all(v > 0 for v in mean.error_y.array)
    assert five.name == "5 stars" and poor.name == "1–2 stars"


def test_empty_selection_gives_the_empty_state(seasonal):
    view = _view(sub_years=(1990, 1990), int_years=(1990, 1990))
    for figure in (
        seasons.volume(view),
        seasons.ratings(view),
        seasons.measure(view, "calories"),
        seasons.items(view, "tags"),
    ):
        assert not figure.data and figure.layout.annotations
