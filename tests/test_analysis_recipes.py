"""app.analysis.recipes alone: small hand-made frames, numbers recomputed with numpy/scipy/statsmodels/pandas."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from app import stats
from app.analysis import recipes as analysis
from app.errors import EmptySelection
from app.schema import NUTRITION_COLUMNS


def _counts(groups: dict[str, list[int]]) -> pd.DataFrame:
    """Rating counts (columns 1..5) of each group's star ratings."""
    return pd.DataFrame(
        [[ratings.count(r) for r in range(1, 6)] for ratings in groups.values()],
        index=list(groups),
        columns=range(1, 6),
    )


GROUPS = {"fast": [5] * 20 + [4] * 15 + [3] * 5, "slow": [2] * 12 + [3] * 14 + [4] * 10 + [1] * 4, "rare": [5, 1, 3]}


def test_rating_summary_matches_the_expanded_ratings():
    summary = analysis.rating_summary(_counts(GROUPS))
    for label, ratings in GROUPS.items():
        values = np.array(ratings, dtype=float)
        low, high = sps.t.interval(0.95, len(values) - 1, values.mean(), sps.sem(values))
        row = summary.loc[label]
        assert row["n"] == len(values) and row["mean"] == pytest.approx(values.mean())
        assert row["std"] == pytest.approx(values.std(ddof=1))
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low, high))


def test_compare_groups_tests_the_large_groups_only():
    comparison = analysis.compare_groups(_counts(GROUPS))
    observed = _counts({k: GROUPS[k] for k in ("fast", "slow")}).to_numpy()
    chi2, p_value, _, _ = sps.chi2_contingency(observed, correction=False)
    v = math.sqrt(chi2 / (observed.sum() * 1))  # 2 groups: df* = 1
    assert comparison.test is not None and comparison.test.statistic == pytest.approx(chi2)
    assert comparison.test.p_value == pytest.approx(p_value) and comparison.test.effect == pytest.approx(v)
    assert comparison.magnitude == stats.magnitude(v, stats.cramers_v_thresholds(1))
    assert comparison.too_small == ["rare"] and comparison.extremes == ("slow", "fast")
    alone = analysis.compare_groups(_counts({"fast": GROUPS["fast"], "rare": GROUPS["rare"]}))
    assert alone.test is None and alone.magnitude == ""
    with pytest.raises(EmptySelection):
        analysis.rated(_counts({"a": [], "b": []}))


def test_bucket_table_places_each_count():
    frame = pd.DataFrame({"bucket": [1, 1, 3, 6], "rating": [5, 2, 4, 1], "n": [7, 1, 3, 2]})
    table = analysis.bucket_table(frame, analysis.MINUTES_BUCKETS)
    assert table.index.tolist() == ["≤ 15", "16–30", "31–60", "61–120", "121–240", "241–1440"]
    assert table.loc["≤ 15"].tolist() == [0, 1, 0, 0, 7] and table.loc["31–60"].tolist() == [0, 0, 0, 3, 0]
    assert table.loc["241–1440"].tolist() == [2, 0, 0, 0, 0] and table.to_numpy().sum() == 13
    assert analysis.STEPS_BUCKETS.query_params()["max_value"] == 2**62  # open-ended


def test_welch_difference_against_scipy():
    a, b = np.array([4.0, 5, 5, 3, 4, 5, 4]), np.array([2.0, 3, 4, 3, 2, 3])
    difference, low, high, p_value = analysis.welch_difference(
        a.mean(), a.std(ddof=1), len(a), b.mean(), b.std(ddof=1), len(b)
    )
    expected = sps.ttest_ind(a, b, equal_var=False)
    assert difference == pytest.approx(a.mean() - b.mean()) and p_value == pytest.approx(expected.pvalue)
    assert (low, high) == pytest.approx(tuple(expected.confidence_interval()))
    # A constant or empty side cannot be tested: p = 1.
    _, _, _, untestable = analysis.welch_difference([4.0, 4.0], [0.0, 1.0], [5, 1], [3.0, 3.0], [0.0, 1.0], [5, 0])
    assert untestable.tolist() == [1.0, 1.0]


def test_weighted_quantiles_and_the_nutrition_profile():
    values, counts = np.array([30.0, 10.0, 20.0]), np.array([1, 3, 2])
    expanded = np.repeat(values, counts)
    levels = (0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0)
    np.testing.assert_allclose(analysis.weighted_quantiles(values, counts, levels), np.quantile(expanded, levels))
    rows = [("calories", 300.0, 2), ("calories", 500.0, 1), ("calories", None, 4)]
    medians = dict(zip(NUTRITION_COLUMNS[1:], (10, 40, 5, 20, 8, 12), strict=True))  # total fat, sugar, sodium, … (%DV)
    rows += [(nutrient, float(median), 3) for nutrient, median in medians.items()]
    profile = analysis.nutrient_quantiles(pd.DataFrame(rows, columns=["nutrient", "value", "n"]))
    assert profile.index.tolist() == list(NUTRITION_COLUMNS)
    calories = np.array([300.0, 300.0, 500.0])
    assert profile.loc["calories", "n"] == 3 and profile.loc["calories", "mean"] == pytest.approx(calories.mean())
    np.testing.assert_allclose(
        profile.loc["calories", ["p5", "q1", "median", "q3", "p95"]].astype(float),
        np.quantile(calories, analysis.BOX_LEVELS),
    )
    summary = analysis.nutrition_summary(profile)
    assert (summary.n, summary.calories) == (3, 300.0)
    assert (summary.calories_q1, summary.calories_q3) == pytest.approx(tuple(np.quantile(calories, [0.25, 0.75])))
    assert (summary.top, summary.top_value, summary.bottom, summary.bottom_value) == ("sugar_pdv", 40, "sodium_pdv", 5)
    nothing = analysis.nutrient_quantiles(pd.DataFrame({"nutrient": [], "value": [], "n": []}))
    assert (nothing["n"] == 0).all()
    with pytest.raises(EmptySelection):
        analysis.nutrition_summary(nothing)
    with pytest.raises(EmptySelection):
        analysis.profiled(nothing)


# Health scores of recipes (score, recipes, ratings of each recipe 1..5).
SCORES = [
    (3.0, 2, [1] * 10 + [2] * 15 + [3] * 15),
    (12.5, 1, [2] * 5),
    (47.0, 1, [4] * 3),
    (85.0, 3, [4] * 20 + [5] * 25),
    (99.0, 1, [5, 5, 3]),
    (None, 4, [5] * 9),
]


def _score_frame() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"score": score, "n_recipes": n, **{f"n_{r}": ratings.count(r) for r in range(1, 6)}}
            for score, n, ratings in SCORES
        ]
    )


def test_score_bins_bands_and_summary():
    frequencies = analysis.score_bins(_score_frame())
    assert frequencies["bin"].tolist() == [0, 2, 9, 17, 19] and frequencies["band"].tolist() == [0, 0, 2, 4, 4]
    per_bin = analysis.recipes_per_bin(frequencies)
    assert len(per_bin) == 20 and per_bin[[0, 2, 9, 17, 19]].tolist() == [2, 1, 1, 3, 1] and per_bin.sum() == 8
    bands = analysis.band_counts(frequencies)
    assert bands.index.tolist() == ["0–20", "20–40", "40–60", "60–80", "80–100"]
    assert bands.loc["0–20"].tolist() == [10, 20, 15, 0, 0] and bands.loc["20–40"].sum() == 0

    summary = analysis.score_summary(frequencies)
    scores = np.repeat([3.0, 12.5, 47.0, 85.0, 99.0], [2, 1, 1, 3, 1])
    assert summary.n_recipes == 8
    assert (summary.q1, summary.median, summary.q3) == pytest.approx(tuple(np.quantile(scores, [0.25, 0.5, 0.75])))
    assert summary.comparison.too_small == ["40–60"]
    unhealthy = np.array(SCORES[0][2] + SCORES[1][2], dtype=float)
    healthy = np.array(SCORES[3][2] + SCORES[4][2], dtype=float)
    welch = sps.ttest_ind(healthy, unhealthy, equal_var=False)
    bands_difference = summary.difference
    assert bands_difference is not None
    assert (bands_difference.high_label, bands_difference.low_label) == ("80–100", "0–20")
    assert bands_difference.difference == pytest.approx(healthy.mean() - unhealthy.mean())
    assert (bands_difference.ci_low, bands_difference.ci_high) == pytest.approx(tuple(welch.confidence_interval()))
    with pytest.raises(EmptySelection):
        analysis.recipes_per_bin(frequencies.iloc[:0])
    with pytest.raises(EmptySelection):
        analysis.score_summary(frequencies.iloc[:0])


def _lift_frame(ratings: dict[str, list[int]], everyone: list[int]) -> pd.DataFrame:
    """Item-lift rows of items whose ratings are given, among ``everyone``'s ratings."""
    total = np.array(everyone, dtype=float)
    return pd.DataFrame(
        [
            {
                "item": item,
                "n": len(r),
                "n_recipes": len(r) // 2,
                "s": float(sum(r)),
                "ss": float(np.sum(np.square(r))),
                "total_n": len(total),
                "total_s": total.sum(),
                "total_ss": (total**2).sum(),
            }
            for item, r in ratings.items()
        ]
    )


def test_lift_table_against_scipy_and_statsmodels():
    rng = np.random.default_rng(4)
    # 600 ratings: the first 100 (item "low") of 1 and 2 stars, the next 200 ("high") and the rest drawn
    # from a distribution of mean 3.95; "all" is on every rated recipe.
    drawn = rng.choice([1, 2, 3, 4, 5], size=500, p=[0.05, 0.05, 0.2, 0.3, 0.4]).tolist()
    everyone = [1, 2] * 50 + drawn
    items = {"low": everyone[:100], "high": everyone[100:300], "all": everyone}
    rests = {"low": everyone[100:], "high": everyone[:100] + everyone[300:], "all": []}
    table = analysis.lift_table(_lift_frame(items, everyone))
    overall = np.mean(everyone)
    assert table.overall_mean == pytest.approx(overall) and table.total_ratings == 600
    assert table.items["item"].tolist()[-1] == "low"
    p_values = {}
    for item, ratings in items.items():
        row = table.items.set_index("item").loc[item]
        values = np.array(ratings, dtype=float)
        rest = np.array(rests[item], dtype=float)
        p_values[item] = sps.ttest_ind(values, rest, equal_var=False).pvalue if len(rest) >= 2 else 1.0
        low, high = sps.t.interval(0.95, len(values) - 1, values.mean(), sps.sem(values))
        assert row["lift"] == pytest.approx(values.mean() - overall)
        assert (row["ci_low"], row["ci_high"]) == pytest.approx((low - overall, high - overall))
        assert row["p_value"] == pytest.approx(p_values[item])
    q_values = multipletests(list(p_values.values()), method="fdr_bh")[1]
    np.testing.assert_allclose(table.items.set_index("item").loc[list(p_values), "q_value"], q_values)
    assert table.lowest is not None and table.lowest["item"] == "low" and table.items.iloc[-1]["significant"]
    assert table.n_negative == 1 and table.n_positive == int((table.significant["lift"] > 0).sum())
    with pytest.raises(EmptySelection):
        analysis.lift_table(_lift_frame({}, everyone))


def test_shown_lifts_keeps_the_extremes_of_each_sign():
    lifts = np.array([*np.linspace(0.5, 0.01, 14), *np.linspace(-0.01, -0.4, 12)])
    items = pd.DataFrame({"item": [f"i{k}" for k in range(len(lifts))], "lift": lifts})
    shown = analysis.shown_lifts(items)
    expected = np.sort(np.concatenate([np.sort(lifts[lifts > 0])[-10:], np.sort(lifts[lifts < 0])[:10]]))
    np.testing.assert_allclose(shown["lift"], expected)


def test_recipe_rating_counts_drop_zero_unless_asked():
    frame = pd.DataFrame({"rating": [0, 4, 5], "n_interactions": [2, 1, 3]})
    assert analysis.recipe_rating_counts(frame, include_zero=False)["rating"].tolist() == [4, 5]
    assert analysis.recipe_rating_counts(frame, include_zero=True)["n_interactions"].sum() == 6
    with pytest.raises(EmptySelection):
        analysis.recipe_rating_counts(frame[frame["rating"] == 0], include_zero=False)
