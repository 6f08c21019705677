"""Trends analyses alone (app.analysis.trends): hand-made query frames in, typed results out, every
number checked against numpy, scipy, statsmodels or pandas. No Dash, no repository, no browser."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from app.analysis import trends as analysis
from app.errors import EmptySelection
from app.tags import STRUCTURAL_TAGS
from tests.reference import hac_fit, logistic_fit

YEARS = [2001, 2002, 2003, 2004, 2005, 2006]
RECIPES = [40, 25, 60, 80, 100, 120]  # 2002 under 30: a small year


def test_small_years_are_those_under_30_recipes():
    assert analysis.small_years(YEARS, RECIPES) == [(2002, 25)]
    assert analysis.small_years([2001, 2002], [30, 29]) == [(2002, 29)]
    assert analysis.small_years([], []) == []


# -- volume --------------------------------------------------------------------------------------


MONTHLY = pd.DataFrame({"year": [2001, 2001, 2001, 2002], "month": [1, 3, 11, 2], "n_recipes": [4, 2, 6, 8]})


def test_volume_per_quarter_zero_fills_and_shares():
    frame = analysis.volume_per_period(MONTHLY, "quarter")
    assert frame["start"].tolist() == ["2001-01-01", "2001-04-01", "2001-07-01", "2001-10-01", "2002-01-01"]
    assert frame["n_recipes"].tolist() == [6, 0, 0, 6, 8]
    assert frame["year"].tolist() == [2001] * 4 + [2002] and frame["month"].tolist() == [1, 4, 7, 10, 1]
    assert frame["period"].diff().iloc[1:].eq(1).all()  # consecutive periods
    np.testing.assert_allclose(frame["share"], np.array([6, 0, 0, 6, 8]) / 20)
    assert frame["rolling"].isna().all()  # no window


def test_volume_per_month_rolling_mean_trails():
    frame = analysis.volume_per_period(MONTHLY, "month", window=3)
    assert len(frame) == 14 and frame["n_recipes"].sum() == 20  # 2001-01 … 2002-02
    expected = pd.Series(frame["n_recipes"].to_numpy(float)).rolling(3).mean()
    np.testing.assert_allclose(frame["rolling"], expected)
    assert frame["rolling"].iloc[2] == pytest.approx(2.0)  # (4 + 0 + 2) / 3


def test_volume_per_year_and_nothing_to_count():
    assert analysis.volume_per_period(MONTHLY, "year")["n_recipes"].tolist() == [12, 8]
    with pytest.raises(EmptySelection):
        analysis.volume_per_period(MONTHLY.iloc[:0], "year")


def test_volume_summary_numbers():
    yearly = pd.DataFrame({"year": YEARS, "n_recipes": RECIPES})
    summary = analysis.volume_summary(yearly)
    total = sum(RECIPES)
    assert (summary.total, summary.n_years, summary.first, summary.last) == (total, 6, 2001, 2006)
    assert summary.mean == pytest.approx(np.mean(RECIPES)) and summary.median == pytest.approx(np.median(RECIPES))
    assert (summary.peak_year, summary.peak_n) == (2006, 120)
    assert summary.peak_share == pytest.approx(120 / total)
    assert summary.busiest == (2006, 2005, 2004)
    assert summary.busiest_share == pytest.approx((120 + 100 + 80) / total)
    assert summary.even_share == pytest.approx(3 / 6)
    assert summary.small_years == [(2002, 25)]


def test_volume_summary_of_three_years_has_no_concentration_and_empty_raises():
    summary = analysis.volume_summary(pd.DataFrame({"year": [2001, 2002, 2003], "n_recipes": [50, 70, 70]}))
    assert summary.busiest == () and summary.busiest_share is None
    assert summary.peak_year == 2002  # the first of tied peaks
    with pytest.raises(EmptySelection):
        analysis.volume_summary(pd.DataFrame({"year": [], "n_recipes": []}))


# -- yearly centres ------------------------------------------------------------------------------


def _centres() -> pd.DataFrame:
    median = [30.0, 31.0, 35.0, 34.0, 38.0, 41.0]
    mean = [45.0, 44.0, 52.0, 50.0, 57.0, 60.0]
    return pd.DataFrame(
        {
            "year": YEARS,
            "n_recipes": RECIPES,
            "median": median,
            "mean": mean,
            "q25": [m - 5 for m in median],
            "q75": [m + 9 for m in median],
        }
    )


def test_center_trends_match_statsmodels_and_read_the_tail():
    frame = _centres()
    result = analysis.center_trends(frame)
    for center in ("median", "mean"):
        expected = hac_fit(YEARS, frame[center], RECIPES)
        trend = result.trends[center]
        assert trend.slope == pytest.approx(expected.params[1])
        assert trend.intercept == pytest.approx(expected.params[0])
        assert trend.p_value == pytest.approx(expected.pvalues[1])
        low, high = expected.conf_int(0.05)[1]
        assert (trend.ci_low, trend.ci_high) == (pytest.approx(low), pytest.approx(high))
        assert trend.maxlags == 2
    ratio = np.dot(frame["mean"], RECIPES) / np.dot(frame["median"], RECIPES)
    assert result.tail_ratio == pytest.approx(ratio) and ratio > 1.1 and result.heavy_tail
    assert result.small_years == [(2002, 25)] and result.n_outliers == 0


def test_light_tail_no_positive_median_and_too_few_years():
    light = _centres().assign(mean=lambda f: f["median"] * 1.05)
    assert (
        analysis.center_trends(light).tail_ratio == pytest.approx(1.05) and not analysis.center_trends(light).heavy_tail
    )
    zero = _centres().assign(median=0.0)
    assert analysis.center_trends(zero).tail_ratio is None and not analysis.center_trends(zero).heavy_tail
    two_years = analysis.center_trends(_centres().iloc[:2])
    assert two_years.trends == {"median": None, "mean": None}  # a trend needs 3 years
    with pytest.raises(EmptySelection):
        analysis.center_trends(_centres().iloc[:0])


def test_minutes_drop_years_without_recipes_but_count_their_outliers():
    frame = _centres().assign(n_outliers=[0, 1, 0, 2, 0, 0])
    frame.loc[1, "n_recipes"] = 0  # 2002: outliers only
    result = analysis.minutes_per_year(frame)
    assert result.n_outliers == 3
    assert result.frame["year"].tolist() == [2001, 2003, 2004, 2005, 2006]
    kept = frame[frame["n_recipes"] > 0]
    assert result.trends["median"].slope == pytest.approx(
        hac_fit(kept["year"], kept["median"], kept["n_recipes"]).params[1]
    )
    with pytest.raises(EmptySelection):
        analysis.minutes_per_year(frame.assign(n_recipes=0))
    with pytest.raises(EmptySelection):
        analysis.minutes_per_year(frame.iloc[:0])


# -- yearly means ----------------------------------------------------------------------------------


def _complexity() -> pd.DataFrame:
    steps = np.array([8.0, 8.5, 9.1, 9.0, 9.8, 10.4])
    ingredients = np.array([9.0, 8.8, 9.2, 9.1, 9.0, 9.3])
    return pd.DataFrame(
        {
            "year": YEARS,
            "n_recipes": RECIPES,
            "steps_mean": steps,
            "steps_std": [3.0, 3.5, 2.9, 3.1, 3.3, 3.0],
            "ingredients_mean": ingredients,
            "ingredients_std": [2.0, 2.2, 2.1, 2.4, 2.0, 2.3],
            "complexity_mean": steps + ingredients,
            "complexity_std": [4.0, 4.5, 4.1, 4.2, 4.4, 4.0],
        }
    )


def test_complexity_means_their_ci_and_trends():
    frame = _complexity()
    result = analysis.complexity_per_year(frame)
    assert set(result.series) == {"complexity", "steps", "ingredients"}
    for prefix, series in result.series.items():
        mean, std, n = frame[f"{prefix}_mean"].to_numpy(), frame[f"{prefix}_std"].to_numpy(), np.array(RECIPES)
        half = sps.t.ppf(0.975, n - 1) * std / np.sqrt(n)
        np.testing.assert_allclose(series.mean, mean)
        np.testing.assert_allclose(series.ci_low, mean - half)
        np.testing.assert_allclose(series.ci_high, mean + half)
        expected = hac_fit(YEARS, mean, RECIPES)
        assert series.trend.slope == pytest.approx(expected.params[1])
        assert series.trend.p_value == pytest.approx(expected.pvalues[1])
    assert result.series["steps"].trend.significant  # a steady rise
    assert result.small_years == [(2002, 25)]
    with pytest.raises(EmptySelection):
        analysis.complexity_per_year(frame.iloc[:0])


# -- tags and ingredients --------------------------------------------------------------------------

STRUCTURAL = sorted(STRUCTURAL_TAGS)[0]


def _item_query(counts: dict[str, list[int]], totals: list[int], years: list[int] = YEARS) -> pd.DataFrame:
    """The item query's frame: a trend row per (item, year), the top items, the per-year and overall rows."""
    rows = [
        {"section": "trend", "item": item, "year": year, "n": n, "n_recipes": total}
        for item, values in counts.items()
        for year, n, total in zip(years, values, totals, strict=True)
    ]
    ranked = sorted(counts.items(), key=lambda item: (-sum(item[1]), item[0]))
    rows += [{"section": "top", "item": item, "n": sum(values)} for item, values in ranked]
    rows += [
        {
            "section": "year",
            "year": year,
            "n": len(counts) + k % 2,
            "n_recipes": total,
            "items_mean": 3.0 + 0.1 * k,
            "items_std": 1.0,
        }
        for k, (year, total) in enumerate(zip(years, totals, strict=True))
    ]
    rows.append({"section": "all", "n": len(counts) + 5, "n_recipes": sum(totals)})
    return pd.DataFrame(rows, columns=["section", "item", "year", "n", "n_recipes", "items_mean", "items_std"])


TOTALS = [200, 200, 250, 250, 300, 300]
COUNTS = {
    "rising": [20, 30, 50, 70, 100, 120],
    "falling": [120, 100, 100, 80, 70, 50],
    "steady": [60, 62, 74, 76, 90, 88],
    STRUCTURAL: [200, 200, 250, 250, 300, 300],
}


def test_item_sections_split_filter_and_rank():
    frame = _item_query(COUNTS, TOTALS)
    items = analysis.item_sections(frame, "tags", include_structural=False, top_limit=2)
    assert set(items.trend_counts["item"]) == {"rising", "falling", "steady"}
    assert list(items.top["item"]) == ["falling", "steady"]  # 520 and 450 recipes; the structural tag left out
    np.testing.assert_allclose(items.top["share"], np.array([520, 450]) / sum(TOTALS))
    assert items.n_recipes == sum(TOTALS) and items.n_distinct == len(COUNTS) + 5
    assert items.per_year["year"].tolist() == YEARS and items.per_year["n_recipes"].tolist() == TOTALS
    with_structural = analysis.item_sections(frame, "tags", include_structural=True, top_limit=30)
    assert next(iter(with_structural.top["item"])) == STRUCTURAL and len(with_structural.top) == 4
    # Ingredients are never filtered, whatever the switch.
    assert set(analysis.item_sections(frame, "ingredients", False, 30).trend_counts["item"]) == set(COUNTS)
    assert items.top_items(1)["item"].tolist() == ["falling"]
    with pytest.raises(EmptySelection):
        analysis.item_sections(frame[frame["section"] != "top"], "tags", False, 30).top_items(10)


def test_item_trends_match_statsmodels_and_the_fdr():
    items = analysis.item_sections(_item_query(COUNTS, TOTALS), "tags", include_structural=False, top_limit=30)
    result = items.trends()
    assert result.n_years == 6 and list(result.years) == YEARS
    assert result.threshold == max(50, math.ceil(0.005 * sum(TOTALS)))
    changes = {}
    for item in ("rising", "falling", "steady"):
        expected = logistic_fit(YEARS, COUNTS[item], TOTALS)
        changes[item] = expected.fittedvalues[-1] - expected.fittedvalues[0]
        trend = result.trend(item)
        np.testing.assert_allclose(trend.predict(YEARS), expected.fittedvalues, rtol=1e-6)
        assert trend.change == pytest.approx(expected.fittedvalues[-1] - expected.fittedvalues[0], rel=1e-6)
        assert result.table.loc[item, "n_recipes"] == sum(COUNTS[item])
        np.testing.assert_allclose(result.shares.loc[item], np.array(COUNTS[item]) / TOTALS)
    adjusted = multipletests(result.table["p_value"], method="fdr_bh")[1]
    np.testing.assert_allclose(result.table["q_value"], adjusted)
    assert result.q_value("rising") == pytest.approx(adjusted[list(result.table.index).index("rising")])
    assert (result.table["significant"] == (adjusted < 0.05)).all()
    assert result.risers(5).index[0] == "rising" == result.strongest("up")
    falling = sorted((change, item) for item, change in changes.items() if change < 0)
    assert result.fallers(5).index.tolist() == [item for _, item in falling] and falling[0][1] == "falling"
    assert result.strongest("down") == "falling"
    assert (result.n_rising, result.n_falling) == (int(((adjusted < 0.05) & (result.table["change"] > 0)).sum()), 1)
    assert result.extremes() == [("rising", "up"), ("falling", "down")]


def test_an_item_not_significant_is_still_the_extreme_but_not_the_strongest():
    wobble = [60, 58, 63, 59, 61, 60]
    items = analysis.item_sections(_item_query({"wobbly": wobble, "other": [50] * 6}, [200] * 6), "tags", False, 30)
    result = items.trends()
    assert not result.table["significant"].any()
    assert result.strongest("up") is None and result.strongest("down") is None
    assert result.significant().empty and (result.n_rising, result.n_falling) == (0, 0)
    expected = logistic_fit(YEARS, wobble, [200] * 6)
    assert result.table.loc["wobbly", "p_value"] == pytest.approx(expected.pvalues[1], rel=1e-6)
    direction = "up" if expected.params[1] > 0 else "down"
    assert result.extremes() == [("wobbly", direction)]  # 'other' is flat: neither a riser nor a faller


def test_item_trends_need_supported_items_and_three_years():
    with pytest.raises(analysis.NoSupportedItems) as none:
        analysis.item_sections(_item_query({}, TOTALS), "tags", False, 30).trends()
    assert isinstance(none.value, EmptySelection) and none.value.reason is None
    only_structural = analysis.item_sections(_item_query({STRUCTURAL: TOTALS}, TOTALS), "tags", False, 30)
    with pytest.raises(analysis.NoSupportedItems):
        only_structural.trends()
    two_years = analysis.item_sections(_item_query({"rising": [20, 30]}, [200, 200], [2001, 2002]), "tags", False, 30)
    with pytest.raises(analysis.TooFewYears) as few:
        two_years.trends()
    assert (few.value.n_years, few.value.min_years) == (2, 3) and isinstance(few.value, EmptySelection)


def test_item_trend_threshold_follows_the_share():
    items = analysis.item_sections(_item_query(COUNTS, TOTALS), "tags", False, 30)
    assert analysis.item_trends(items, min_recipes=10, min_share=0.1).threshold == math.ceil(0.1 * sum(TOTALS))


def test_distinct_items_and_the_volume_correlation():
    items = analysis.item_sections(_item_query(COUNTS, TOTALS), "tags", False, 30)
    result = analysis.distinct_items(items.per_year)
    frame = items.per_year
    r = sps.pearsonr(frame["n_distinct"], frame["n_recipes"])[0]
    assert result.volume_r == pytest.approx(r) and result.tracks_volume == (r >= 0.5)
    expected = hac_fit(YEARS, frame["items_mean"], TOTALS)
    assert result.per_recipe.trend.slope == pytest.approx(expected.params[1])
    half = sps.t.ppf(0.975, np.array(TOTALS) - 1) / np.sqrt(TOTALS)
    np.testing.assert_allclose(result.per_recipe.ci_high - result.per_recipe.mean, half)
    assert result.small_years == []
    # Constant recipes per year, or fewer than 3 years: no correlation to report.
    assert analysis.distinct_items(frame.assign(n_recipes=200)).volume_r is None
    assert analysis.distinct_items(frame.iloc[:2]).volume_r is None
    with pytest.raises(EmptySelection):
        analysis.distinct_items(frame.iloc[:0])


def test_tracks_volume_threshold():
    per_year = pd.DataFrame(
        {
            "year": YEARS,
            "n_distinct": [10, 12, 14, 16, 18, 20],
            "n_recipes": RECIPES,
            "items_mean": [3.0] * 6,
            "items_std": [1.0] * 6,
        }
    )
    result = analysis.distinct_items(per_year)
    assert result.volume_r == pytest.approx(np.corrcoef(per_year["n_distinct"], RECIPES)[0, 1])
    assert result.volume_r > 0.5 and result.tracks_volume
    assert not analysis.distinct_items(per_year.assign(n_distinct=[20, 10, 15, 12, 18, 11])).tracks_volume
