"""The Ratings & reviews analyses alone (app/analysis/ratings.py): small hand-made frames shaped like the
``ratings/*`` queries' results, every expected number computed here with numpy/scipy/statsmodels/pandas.
No Dash, no repository."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.proportion import proportion_confint

from app.analysis import ratings as analysis
from app.errors import EmptySelection
from tests.reference import hac_fit, logistic_fit


def _t_ci(values) -> tuple[float, float]:
    values = np.asarray(values, dtype=float)
    return sps.t.interval(0.95, len(values) - 1, loc=values.mean(), scale=values.std(ddof=1) / np.sqrt(len(values)))


# -- distribution --------------------------------------------------------------------------------

COUNTS = [2, 1, 0, 3, 4, 10]  # reviews with 0, 1, ..., 5 stars


def _distribution_frame(counts=COUNTS) -> pd.DataFrame:
    return pd.DataFrame({"rating": range(6), "n_reviews": counts})


def test_distribution_with_and_without_zero():
    stars = np.repeat(np.arange(1, 6), COUNTS[1:])
    low, high = _t_ci(stars)
    result = analysis.rating_distribution(_distribution_frame(), include_zero=True)
    assert result.total == 20 and result.n_rated == 18
    assert result.top_rating == 5 and result.top_share == 0.5
    assert result.frame["share"].tolist() == pytest.approx([0.1, 0.05, 0, 0.15, 0.2, 0.5])
    assert result.mean == pytest.approx(stars.mean()) and result.std == pytest.approx(stars.std(ddof=1))
    assert (result.ci_low, result.ci_high) == pytest.approx((low, high))
    assert result.zero_share == pytest.approx(0.1) and result.small  # 18 star ratings < 30

    without = analysis.rating_distribution(_distribution_frame(), include_zero=False)
    assert without.frame["rating"].tolist() == [1, 2, 3, 4, 5] and without.total == 18
    assert without.top_share == pytest.approx(10 / 18) and without.zero_share is None
    assert without.mean == pytest.approx(stars.mean())
    assert analysis.rating_shares(_distribution_frame(), False)["share"].sum() == pytest.approx(1)


def test_distribution_ties_and_empty():
    tied = analysis.rating_distribution(_distribution_frame([0, 0, 0, 20, 20, 0]), include_zero=True)
    assert tied.top_rating == 3 and not tied.small and tied.mean == pytest.approx(3.5)
    with pytest.raises(EmptySelection):
        analysis.rating_distribution(_distribution_frame([5, 0, 0, 0, 0, 0]), include_zero=False)
    assert analysis.rating_shares(_distribution_frame([0] * 6), True)["share"].tolist() == [0.0] * 6


# -- monthly means and periods -------------------------------------------------------------------

# Star ratings of each (year, month): month 2004-05 has none (a gap), 2004-02 only 2.
MONTHS = {
    (2004, 1): [5, 4, 5, 3],
    (2004, 2): [2, 4],
    (2004, 3): [5, 5, 5, 4, 1],
    (2004, 4): [3, 4, 4],
    (2004, 6): [1, 2, 3, 5],
    (2004, 7): [4, 4, 5, 5, 5, 2],
}


def _raw_ratings() -> pd.DataFrame:
    return pd.DataFrame([{"year": y, "month": m, "rating": r} for (y, m), rs in MONTHS.items() for r in rs])


def _monthly_frame() -> pd.DataFrame:
    grouped = _raw_ratings().groupby(["year", "month"])["rating"].agg(["count", "mean", "std"]).reset_index()
    return pd.DataFrame(
        {
            "year": grouped["year"],
            "month": grouped["month"],
            "month_start": pd.to_datetime({"year": grouped["year"], "month": grouped["month"], "day": 1}),
            "n_ratings": grouped["count"],
            "mean_rating": grouped["mean"],
            "std_rating": grouped["std"],
        }
    )


def test_monthly_means_trend_and_ci():
    frame = _monthly_frame()
    result = analysis.monthly_means(frame)
    time = frame["year"] + (frame["month"] - 0.5) / 12
    np.testing.assert_allclose(result.frame["time"], time)
    for (_, ratings), low, high in zip(MONTHS.items(), result.frame["ci_low"], result.frame["ci_high"], strict=True):
        assert (low, high) == pytest.approx(_t_ci(ratings))
    assert result.frame["small"].all() and result.n_small == 6 and result.n_months == 6
    assert result.overall_mean == pytest.approx(_raw_ratings()["rating"].mean())
    fit = hac_fit(time, frame["mean_rating"], frame["n_ratings"], lags=2)  # Newey–West: 2 lags for 6 points
    trend = result.trend
    assert trend is not None and trend.maxlags == 2
    assert trend.slope == pytest.approx(fit.params[1]) and trend.p_value == pytest.approx(fit.pvalues[1])
    assert (trend.ci_low, trend.ci_high) == pytest.approx(tuple(fit.conf_int()[1]))


def test_monthly_means_without_enough_months():
    assert analysis.monthly_means(_monthly_frame().head(2)).trend is None
    with pytest.raises(EmptySelection):
        analysis.monthly_means(_monthly_frame().head(0))


def test_period_means_pool_ratings_and_fill_gaps():
    raw = _raw_ratings()
    monthly = analysis.monthly_means(_monthly_frame())
    months = analysis.period_means(monthly, "month", 0)
    assert months["label"].tolist() == [f"2004-{m:02d}" for m in range(1, 8)]
    assert months["n_ratings"].tolist() == [4, 2, 5, 3, 0, 4, 6]
    assert np.isnan(months["mean_rating"].iloc[4]) and np.isnan(months["rolling"]).all()

    quarters = analysis.period_means(monthly, "quarter", 2)
    by_quarter = raw.assign(q=(raw["month"] - 1) // 3).groupby("q")["rating"]
    assert quarters["label"].tolist() == ["2004 Q1", "2004 Q2", "2004 Q3"]
    assert quarters["start"].tolist() == ["2004-01-01", "2004-04-01", "2004-07-01"]
    assert quarters["n_ratings"].tolist() == by_quarter.size().tolist()
    np.testing.assert_allclose(quarters["mean_rating"], by_quarter.mean())
    np.testing.assert_allclose(quarters["std_rating"], by_quarter.std())
    first_two = raw[raw["month"] <= 6]["rating"]
    np.testing.assert_allclose(quarters["rolling"], [np.nan, first_two.mean(), raw[raw["month"] >= 4]["rating"].mean()])
    assert quarters["small"].all()

    year = analysis.period_means(monthly, "year", 0)
    assert year["label"].tolist() == ["2004"] and year["n_ratings"].tolist() == [len(raw)]
    assert year["mean_rating"].iloc[0] == pytest.approx(raw["rating"].mean())
    assert (year["ci_low"].iloc[0], year["ci_high"].iloc[0]) == pytest.approx(_t_ci(raw["rating"]))


# -- volume --------------------------------------------------------------------------------------


def test_spearman_p_value_matches_scipy():
    x, y = [1, 2, 3, 4, 5, 6, 7, 8], [2.0, 1.0, 4.0, 3.0, 6.0, 5.0, 8.0, 4.5]
    rho, p_value = sps.spearmanr(x, y)
    assert analysis.spearman_p_value(rho, len(x)) == pytest.approx(p_value)
    assert np.isnan(analysis.spearman_p_value(0.5, 2)) and np.isnan(analysis.spearman_p_value(float("nan"), 10))
    assert analysis.spearman_p_value(1.0, 10) == 0.0


def _volume_frame(rho: float, n: int, means=(4.0, 4.3, 4.6)) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "bucket": [0, 1, 2],
            "n_recipes": [50, 40, 10],
            "n_ratings": [50, 120, 150],
            "mean_rating": list(means),
            "std_rating": [1.0, 0.6, 0.3],
            "n_five": [20, 60, 100],
            "spearman_rho": rho,
            "spearman_n": n,
        }
    )


def test_volume_groups_and_correlation():
    result = analysis.volume_analysis(_volume_frame(0.25, 100))
    frame = result.frame
    half = sps.t.ppf(0.975, [49, 39, 9]) * np.array([1.0, 0.6, 0.3]) / np.sqrt([50, 40, 10])
    np.testing.assert_allclose(frame["ci_high"], np.array([4.0, 4.3, 4.6]) + half)
    low, high = proportion_confint([20, 60, 100], [50, 120, 150], method="wilson")
    np.testing.assert_allclose(frame["five_low"], low)
    np.testing.assert_allclose(frame["five_high"], high)
    np.testing.assert_allclose(frame["five_share"], [0.4, 0.5, 2 / 3])
    assert frame["small"].tolist() == [False, False, True]
    assert result.overall_mean == pytest.approx((50 * 4.0 + 40 * 4.3 + 10 * 4.6) / 100)
    t_stat = 0.25 * np.sqrt(98 / (1 - 0.25**2))
    assert result.p_value == pytest.approx(2 * sps.t.sf(t_stat, 98))
    assert result.significant and result.conclusive and result.strength == "small" and not result.disagrees


def test_volume_disagreement_and_too_few_recipes():
    against = analysis.volume_analysis(_volume_frame(-0.4, 200))
    assert against.significant and against.strength == "medium" and against.disagrees
    assert not analysis.volume_analysis(_volume_frame(-0.4, 200, means=(4.6, 4.3, 4.0))).disagrees
    assert not analysis.volume_analysis(_volume_frame(-0.01, 200)).disagrees  # not significant
    assert not analysis.volume_analysis(_volume_frame(0.9, 20)).conclusive
    assert not analysis.volume_analysis(_volume_frame(float("nan"), 200)).conclusive
    with pytest.raises(EmptySelection):
        analysis.volume_analysis(_volume_frame(0.1, 10).head(0))


# -- reviews without stars -------------------------------------------------------------------------


def _zero_frame() -> pd.DataFrame:
    # 2004 is small (10 reviews) with the most extreme share: the range leaves it out.
    return pd.DataFrame(
        {"year": [2004, 2005, 2006, 2007, 2008], "n_reviews": [10, 200, 300, 400, 500], "n_zero": [5, 6, 12, 20, 35]}
    )


def test_zero_share_trend_and_range():
    frame = _zero_frame()
    result = analysis.zero_share(frame)
    share = frame["n_zero"] / frame["n_reviews"]
    np.testing.assert_allclose(result.frame["share"], share)
    low, _ = proportion_confint(frame["n_zero"], frame["n_reviews"], method="wilson")
    np.testing.assert_allclose(result.frame["ci_low"], low)
    assert result.total == 1410 and result.n_zero == 78 and result.overall_share == pytest.approx(78 / 1410)
    assert result.small_years == [2004]
    assert result.lowest == analysis.YearValue(2005, 0.03) and result.highest == analysis.YearValue(2008, 0.07)

    fit = logistic_fit(frame["year"], frame["n_zero"], frame["n_reviews"])
    trend = result.trend
    assert trend is not None
    assert trend.slope == pytest.approx(fit.params[1], rel=1e-6)
    assert trend.p_value == pytest.approx(fit.pvalues[1], rel=1e-5)
    fitted = np.asarray(fit.fittedvalues)
    assert trend.first_share == pytest.approx(fitted[0], rel=1e-6)
    assert trend.change == pytest.approx(fitted[-1] - fitted[0], rel=1e-6)
    # The small 2004 at 50 % makes the years overdispersed: the quasi-binomial test finds no trend.
    assert fit.pvalues[1] > 0.05 and analysis.trend_direction(trend) == 0


def test_zero_share_all_small_years_and_empty():
    frame = pd.DataFrame({"year": [2004, 2005], "n_reviews": [10, 4], "n_zero": [1, 2]})
    result = analysis.zero_share(frame)
    assert result.trend is None and result.small_years == [2004, 2005]
    assert result.lowest == analysis.YearValue(2004, 0.1) and result.highest == analysis.YearValue(2005, 0.5)
    with pytest.raises(EmptySelection):
        analysis.zero_share(frame.head(0))


# -- review length -----------------------------------------------------------------------------


def test_length_by_rating_reads_reliable_ratings():
    frame = pd.DataFrame(
        {
            "rating": [0, 1, 2, 3, 4, 5],
            "n_reviews": [5, 40, 35, 60, 80, 300],
            "mean_length": 0.0,
            "p05": 0.0,
            "q1": 0.0,
            "median": [900.0, 300, 250, 200, 180, 150],
            "q3": 0.0,
            "p95": 0.0,
        }
    )
    result = analysis.length_by_rating(frame)
    assert (result.longest, result.shortest) == (1, 5)  # rating 0 (5 reviews) is too small to count
    assert result.median(1) == 300 and result.small_ratings == [0]
    all_small = analysis.length_by_rating(frame.assign(n_reviews=5))
    assert (all_small.longest, all_small.shortest) == (0, 5) and all_small.small_ratings == [0, 1, 2, 3, 4, 5]
    with pytest.raises(EmptySelection):
        analysis.length_by_rating(frame.head(0))


def test_length_per_year_trend():
    frame = pd.DataFrame(
        {
            "year": [2003, 2004, 2005, 2006, 2007],
            "n_reviews": [20, 100, 150, 120, 90],
            "q1": 0.0,
            "median": [400.0, 380, 350, 330, 300],
            "q3": 0.0,
        }
    )
    result = analysis.length_per_year(frame)
    fit = hac_fit(frame["year"], frame["median"], frame["n_reviews"], lags=2)
    assert result.trend is not None and result.trend.slope == pytest.approx(fit.params[1])
    assert result.trend.p_value == pytest.approx(fit.pvalues[1])
    assert result.first == analysis.YearValue(2003, 400.0) and result.last == analysis.YearValue(2007, 300.0)
    assert result.small_years == [2003] and result.frame["small"].tolist() == [True] + [False] * 4
    assert analysis.length_per_year(frame.head(2)).trend is None
    with pytest.raises(EmptySelection):
        analysis.length_per_year(frame.head(0))


# -- distinctive words ------------------------------------------------------------------------------


def test_distinctive_words_leaders_in_facet_order():
    top = pd.DataFrame(
        {
            "rating": [0, 0, 1, 1, 5],
            "word": ["report", "made", "inedible", "bland", "delicious"],
            "n": [30, 25, 40, 22, 90],
            "log_odds": [0.5, 0.2, 2.0, 1.0, 0.8],
            "z": [1.5, 0.9, 6.2, 2.5, 4.0],
        }
    )
    result = analysis.distinctive_words(top)
    assert result.facets == [1, 5, 0]  # stars first, reviews without stars last
    assert [(w.rating, w.word, w.z) for w in result.leaders] == [
        (1, "inedible", 6.2),
        (5, "delicious", 4.0),
        (0, "report", 1.5),
    ]
    assert result.weak == [0] and not result.leaders[2].distinctive
    assert result.words(1)["word"].tolist() == ["inedible", "bland"]
    assert result.top["distinctive"].tolist() == [False, False, True, True, True]
    with pytest.raises(analysis.NoDistinctiveWords) as raised:
        analysis.distinctive_words(top.head(0))
    assert isinstance(raised.value, EmptySelection)


# -- two segments -----------------------------------------------------------------------------------

A = [0, 0, 0, 1, 1, 5]  # reviews per rating 0..5 of segment A
B = [1, 0, 2, 2, 3, 1]
BOTH = [0, 1, 0, 0, 1, 0]


def _segment_frame(a=A, b=B) -> pd.DataFrame:
    rows = [
        {"segment": segment, "rating": rating, "n_reviews": n}
        for segment, counts in (("a", a), ("b", b), ("both", BOTH))
        for rating, n in enumerate(counts)
    ]
    return pd.DataFrame(rows)


def test_segments_tests_and_stars():
    result = analysis.compare_segments(_segment_frame(), "vegan", None, include_zero=True)
    stars_a, stars_b = np.repeat(np.arange(1, 6), A[1:]), np.repeat(np.arange(1, 6), B[1:])
    mw = sps.mannwhitneyu(stars_a, stars_b, alternative="two-sided", method="asymptotic")
    assert result.mann_whitney.p_value == pytest.approx(mw.pvalue)
    assert result.mann_whitney.effect == pytest.approx(2 * mw.statistic / (len(stars_a) * len(stars_b)) - 1)
    table = np.array([A, B])
    table = table[:, table.sum(axis=0) > 0]
    chi2, p_value, _, _ = sps.chi2_contingency(table, correction=False)
    assert result.chi_square.statistic == pytest.approx(chi2) and result.chi_square.p_value == pytest.approx(p_value)
    assert result.chi_square.effect == pytest.approx(np.sqrt(chi2 / table.sum()))
    assert result.n_both == 2 and result.tag_b is None and result.n_reviews == 16
    np.testing.assert_allclose(result.counts["share_b"], np.array(B) / 9)
    assert result.stars_a.n == 7 and result.stars_a.mean == pytest.approx(stars_a.mean())
    assert (result.stars_b.ci_low, result.stars_b.ci_high) == pytest.approx(_t_ci(stars_b))
    assert result.stars("b") is result.stars_b and result.small_segments == ["a", "b"]
    assert result.empty_segment is None
    expected_direction = 0 if mw.pvalue >= 0.05 else (1 if result.mann_whitney.effect > 0 else -1)
    assert result.direction == expected_direction
    r = abs(result.mann_whitney.effect)
    assert result.r_magnitude == (
        "large" if r >= 0.5 else "medium" if r >= 0.3 else "small" if r >= 0.1 else "negligible"
    )


def test_segments_without_zero_empty_segment_and_same_tag():
    no_zero = analysis.compare_segments(_segment_frame(), "vegan", "dessert", include_zero=False)
    assert no_zero.counts["rating"].tolist() == [1, 2, 3, 4, 5] and no_zero.counts["b"].tolist() == B[1:]
    assert no_zero.counts["share_b"].sum() == pytest.approx(1)
    empty_a = analysis.compare_segments(_segment_frame(a=[3, 0, 0, 0, 0, 0]), "x", "y", include_zero=True)
    assert empty_a.empty_segment == "a" and empty_a.stars_a.n == 0 and np.isnan(empty_a.stars_a.mean)
    assert empty_a.mann_whitney.p_value == 1.0 and empty_a.direction == 0
    nothing = analysis.compare_segments(_segment_frame(a=[0] * 6, b=[0] * 6), "x", "y", include_zero=True)
    assert nothing.n_reviews == 0 and nothing.counts["share_a"].tolist() == [0.0] * 6
    with pytest.raises(analysis.SameSegmentTag):
        analysis.compare_segments(_segment_frame(), "vegan", "vegan", include_zero=True)


def test_default_segment():
    assert analysis.default_segment(pd.DataFrame({"tag": ["dessert", "vegan"], "n_recipes": [3, 2]})) == "dessert"
    with pytest.raises(EmptySelection):
        analysis.default_segment(pd.DataFrame({"tag": [], "n_recipes": []}))


# -- Bayesian top and directions -------------------------------------------------------------------


def test_top_recipes():
    frame = pd.DataFrame(
        {
            "recipe_id": [7, 3, 9],
            "name": ["pie", None, "stew"],
            "n_ratings": [12, 1, 4],
            "mean_rating": [4.9, 5.0, 5.0],
            "bayes_rating": [4.8, 4.4, 4.3],
            "prior_mean": 4.2,
            "prior_weight": 2.5,
            "n_recipes": 40,
            "n_ratings_all": 300,
        }
    )
    result = analysis.top_recipes(frame)
    assert (result.prior_mean, result.prior_weight, result.n_recipes, result.n_ratings_all) == (4.2, 2.5, 40, 300)
    assert result.n_perfect == 2
    assert result.first == analysis.RankedRecipe(7, "pie", 12, 4.9, 4.8)
    assert result.recipes[1].name is None and [r.recipe_id for r in result.recipes] == [7, 3, 9]
    with pytest.raises(EmptySelection):
        analysis.top_recipes(frame.head(0))


def test_directions():
    assert analysis.direction(True, 0.3) == 1 and analysis.direction(True, -0.1) == -1
    assert analysis.direction(False, 0.3) == 0 and analysis.direction(True, 0.0) == 0
