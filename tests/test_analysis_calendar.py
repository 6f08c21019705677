"""The calendar-group analyses alone (app/analysis/calendar.py): hand-made query frames in, every
number checked against numpy/scipy/statsmodels computed here, and the empty selections. No Dash,
no repository."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from app.analysis import calendar as cal
from app.analysis.calendar import DAYTYPE, SEASON, WEEKDAY
from app.errors import EmptySelection
from app.filters import Filters

SEASON_KEYS = ["winter", "spring", "summer", "autumn"]


def _series(values: list[int], dimension: cal.Dimension) -> pd.Series:
    return pd.Series(values, index=list(dimension.keys))


# -- dimensions ----------------------------------------------------------------------------------


def test_dimensions_map_months_and_weekdays_to_their_groups():
    assert SEASON.source_values("winter") == {12, 1, 2}
    assert DAYTYPE.source_values("weekend") == {6, 7}
    assert SEASON.expected_shares == pytest.approx(np.array([90.25, 92, 92, 91]) / 365.25)
    assert DAYTYPE.expected_shares == pytest.approx([2 / 7, 5 / 7])
    assert SEASON.siblings == ("month", "season") and DAYTYPE.siblings == ("weekday", "daytype")
    assert SEASON.params == {"source": "month", "group_of": [-1, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 0]}


def test_focused_keys_follow_the_sibling_cross_filters():
    assert SEASON.focused_keys(Filters()) is None
    assert SEASON.focused_keys(Filters(focus=("month", "3"))) == ("spring",)
    assert DAYTYPE.focused_keys(Filters(focus=("weekday", "6"))) == ("weekend",)
    assert WEEKDAY.focused_keys(Filters(focus=("daytype", "weekend"))) == ("6", "7")
    assert WEEKDAY.focused_keys(Filters(focus=("season", "winter"))) is None  # another column


# -- query frames --------------------------------------------------------------------------------


def test_group_counts_fill_every_group_in_order():
    frame = pd.DataFrame({"group_index": [2, 0], "n": [7, 3]})
    assert cal.group_counts(frame, SEASON).to_dict() == {"winter": 3, "spring": 0, "summer": 7, "autumn": 0}


def test_rating_counts_table():
    frame = pd.DataFrame({"group_index": [0, 0, 1], "rating": [5, 0, 5], "n": [4, 1, 2]})
    table = cal.rating_counts(frame, DAYTYPE)
    assert table.index.tolist() == ["weekend", "weekday"] and table.columns.tolist() == [0, 5]
    assert table.to_numpy().tolist() == [[1, 4], [0, 2]]


def test_box_statistics_cap_the_whiskers_at_the_data():
    frame = pd.DataFrame(
        {
            "group_index": [1, 0],
            "n": [5, 4],
            "mean": [3.0, 12.0],
            "minimum": [0.0, 10.0],
            "maximum": [100.0, 14.0],
            "quartiles": [[1.0, 2.0, 4.0], [11.0, 12.0, 13.0]],
        }
    )
    boxes = cal.box_statistics(frame, DAYTYPE)
    assert boxes.index.tolist() == ["weekend", "weekday"]
    assert boxes.loc["weekday", ["q1", "median", "q3", "lower", "upper"]].tolist() == [1, 2, 4, 0, 8.5]
    assert boxes.loc["weekend", ["lower", "upper"]].tolist() == [10, 14]
    with pytest.raises(EmptySelection):
        cal.box_statistics(frame.iloc[:0], DAYTYPE)


def test_group_values_and_item_presence():
    frame = pd.DataFrame({"group_index": [1, 0, 1], "value": [1.0, 2.0, 3.0]})
    values = cal.group_values(frame, SEASON)
    assert list(values) == ["winter", "spring"] and values["spring"].tolist() == [1.0, 3.0]
    items = cal.item_presence(
        pd.DataFrame({"item": ["a", "b", "a"], "group_index": [0, 0, 1], "n": [60, 55, 4]}), DAYTYPE
    )
    assert items.loc["a"].tolist() == [60, 4] and items.loc["b"].tolist() == [55, 0]


# -- volumes -------------------------------------------------------------------------------------


def test_volumes_test_the_calendar_shares():
    recipes, reviews = _series([300, 200, 250, 240], SEASON), _series([40, 10, 35, 30], SEASON)
    result = cal.volumes(SEASON, recipes, reviews)
    days = np.array([90.25, 92, 92, 91])
    assert result.expected.tolist() == pytest.approx((days / days.sum()).tolist())
    source = result.sources[0]
    assert (source.name, source.total, source.high, source.low) == ("recipes", 990, "winter", "spring")
    assert source.shares["summer"] == pytest.approx(250 / 990)
    reference = sps.chisquare([300, 200, 250, 240], days / days.sum() * 990)
    assert source.test is not None and source.too_small is None
    assert source.test.kind == "gof"
    assert source.test.result.statistic == pytest.approx(reference.statistic)
    assert source.test.result.p_value == pytest.approx(reference.pvalue)
    w = np.sqrt(reference.statistic / 990)
    assert source.test.result.effect == pytest.approx(w)
    assert source.test.magnitude == ("negligible" if w < 0.1 else "small")
    # Reviews: winter expects 115 × 90.25 / 365.25 = 28.4 < 30 reviews, the smallest expectation.
    small = result.sources[1]
    assert small.test is None and small.too_small == cal.SmallGroup("winter", 40)
    assert not result.empty


def test_volumes_without_any_row_are_empty():
    zero = _series([0] * 7, WEEKDAY)
    result = cal.volumes(WEEKDAY, zero, zero)
    assert result.empty and all(source.test is None for source in result.sources)
    assert result.sources[0].shares.tolist() == [0.0] * 7


# -- a recipe measure ----------------------------------------------------------------------------


def test_measure_comparison_kruskal_wallis():
    rng = np.random.default_rng(1)
    groups = {key: rng.normal(10 + 2 * index, 3, size=40 + index) for index, key in enumerate(SEASON_KEYS)}
    result = cal.measure_comparison(SEASON, groups)
    assert result.medians["median"].tolist() == pytest.approx([np.median(groups[k]) for k in SEASON_KEYS])
    assert result.medians["n"].tolist() == [40, 41, 42, 43]
    reference = sps.kruskal(*groups.values())
    assert result.test is not None and result.test.kind == "kruskal"
    assert result.test.result.statistic == pytest.approx(reference.statistic)
    epsilon = reference.statistic / (166 - 1)
    assert result.test.result.effect == pytest.approx(epsilon)
    expected_magnitude = "large" if epsilon >= 0.14 else "medium" if epsilon >= 0.06 else "small"
    assert result.test.magnitude == expected_magnitude


def test_measure_comparison_mann_whitney_first_over_second():
    weekend, weekday = np.arange(30, 70, dtype=float), np.arange(0, 50, dtype=float)
    result = cal.measure_comparison(DAYTYPE, {"weekend": weekend, "weekday": weekday})
    reference = sps.mannwhitneyu(weekend, weekday, alternative="two-sided", method="asymptotic")
    assert result.test is not None and result.test.kind == "mann_whitney"
    assert result.test.result.statistic == pytest.approx(reference.statistic)
    assert result.test.result.p_value == pytest.approx(reference.pvalue)
    r = 2 * reference.statistic / (40 * 50) - 1
    assert result.test.result.effect == pytest.approx(r) and r > 0.5
    assert result.test.magnitude == "large"


def test_measure_comparison_guards():
    with pytest.raises(EmptySelection):
        cal.measure_comparison(SEASON, {})
    lone = cal.measure_comparison(SEASON, {"summer": np.ones(50)})
    assert (lone.lone_group, lone.too_small, lone.test) == ("summer", None, None)
    small = cal.measure_comparison(DAYTYPE, {"weekend": np.ones(12), "weekday": np.ones(80)})
    assert (small.lone_group, small.too_small, small.test) == (None, cal.SmallGroup("weekend", 12), None)


# -- ratings -------------------------------------------------------------------------------------


def _ratings_table(rows: dict[str, list[int]]) -> pd.DataFrame:
    """Reviews per group (rows) and rating 0–5 (columns) from each group's list of ratings."""
    return pd.DataFrame({key: np.bincount(values, minlength=6) for key, values in rows.items()}).T


def test_rating_summary_and_the_independence_test():
    rng = np.random.default_rng(4)
    ratings = {
        "weekend": rng.choice([0, 1, 2, 3, 4, 5], size=120, p=[0.05, 0.05, 0.1, 0.1, 0.3, 0.4]).tolist(),
        "weekday": rng.choice([0, 1, 2, 3, 4, 5], size=150, p=[0.05, 0.15, 0.15, 0.2, 0.25, 0.2]).tolist(),
    }
    table = _ratings_table(ratings)
    result = cal.rating_comparison(table)
    for key, values in ratings.items():
        values = np.array(values)
        stars = values[values > 0]
        low, high = sps.t.interval(0.95, len(stars) - 1, loc=stars.mean(), scale=sps.sem(stars))
        assert result.summary.loc[key, ["mean", "mean_low", "mean_high"]].tolist() == pytest.approx(
            [stars.mean(), low, high]
        )
        five = int((values == 5).sum())
        assert result.summary.loc[key, "five"] == pytest.approx(five / len(values))
        assert result.summary.loc[key, ["five_low", "five_high"]].tolist() == pytest.approx(
            list(proportion_confint(five, len(values), method="wilson"))
        )
        assert result.summary.loc[key, "poor"] == pytest.approx(np.isin(values, [1, 2]).mean())
    means = result.summary["mean"]
    assert result.mean == cal.Extremes(means.idxmin(), means.min(), means.idxmax(), means.max())
    assert result.five.high == result.summary["five"].idxmax()
    chi2, p, _, _ = sps.chi2_contingency(table.to_numpy(), correction=False)
    assert result.test is not None and result.test.kind == "independence"
    assert result.test.result.statistic == pytest.approx(chi2) and result.test.result.p_value == pytest.approx(p)
    v = np.sqrt(chi2 / 270)  # df* = 1
    assert result.test.result.effect == pytest.approx(v)
    assert result.test.magnitude == ("large" if v >= 0.5 else "medium" if v >= 0.3 else "small")


def test_rating_comparison_guards():
    with pytest.raises(EmptySelection):
        cal.rating_comparison(_ratings_table({"weekend": [], "weekday": []}))
    lone = cal.rating_comparison(_ratings_table({"weekend": [], "weekday": [5, 4, 3]}))
    assert lone.lone_group == "weekday" and lone.summary.index.tolist() == ["weekday"] and lone.test is None
    small = cal.rating_comparison(_ratings_table({"weekend": [5] * 10 + [0] * 40, "weekday": [4] * 40}))
    assert small.too_small == cal.SmallGroup("weekend", 10) and small.test is None
    assert cal.reviewed_groups(_ratings_table({"weekend": [0], "weekday": []})).index.tolist() == ["weekend"]


# -- items ---------------------------------------------------------------------------------------


def test_items_across_groups_match_scipy_and_fdr():
    totals = _series([400, 300, 300, 300], SEASON)
    counts = pd.DataFrame(
        [[200, 30, 30, 30], [100, 75, 80, 70], [60, 45, 45, 45]], index=["cinnamon", "salt", "egg"], columns=SEASON_KEYS
    )
    result = cal.items_across(SEASON, counts, totals)
    p_values = []
    for item in counts.index:
        present = counts.loc[item].to_numpy()
        chi2, p, _, _ = sps.chi2_contingency(np.vstack([present, totals.to_numpy() - present]), correction=False)
        assert result.tested.loc[item, "chi2"] == pytest.approx(chi2)
        assert result.tested.loc[item, "v"] == pytest.approx(np.sqrt(chi2 / 1300))
        p_values.append(p)
    rejected, q_values, _, _ = multipletests(p_values, method="fdr_bh")
    assert result.tested.loc[list(counts.index), "q"].tolist() == pytest.approx(list(q_values))
    assert result.n_significant == int(rejected.sum()) == 1
    assert result.groups == tuple(SEASON_KEYS)
    strongest = result.strongest
    assert strongest is not None and strongest.item == "cinnamon"
    assert strongest.shares == cal.Extremes("spring", 0.1, "winter", 0.5)
    assert strongest.magnitude == "medium"  # V = 0.43
    assert result.top_shares.index.tolist() == ["cinnamon"]
    overall = 290 / 1300
    assert result.top_deviation.loc["cinnamon"].tolist() == pytest.approx(
        [100 * (0.5 / overall - 1)] + [100 * (0.1 / overall - 1)] * 3
    )


def test_items_across_leaves_out_groups_without_recipes_and_guards():
    totals = _series([400, 0, 300, 300], SEASON)
    counts = pd.DataFrame([[200, 0, 30, 30]], index=["cinnamon"], columns=SEASON_KEYS)
    assert cal.items_across(SEASON, counts, totals).groups == ("winter", "summer", "autumn")
    with pytest.raises(cal.OneGroup) as lone:
        cal.items_across(SEASON, counts, _series([0, 0, 300, 0], SEASON))
    assert lone.value.group == "summer"
    with pytest.raises(cal.OneGroup) as none:
        cal.items_between_groups(DAYTYPE, counts.iloc[:0, :2], _series([0, 0], DAYTYPE))
    assert none.value.group is None
    with pytest.raises(cal.NoSupportedItems) as few:
        cal.items_across(SEASON, counts.iloc[:0], totals)
    assert few.value.support == cal.MIN_ITEM_SUPPORT and isinstance(few.value, EmptySelection)


def test_items_between_groups_both_directions():
    totals = _series([200, 500], DAYTYPE)
    counts = pd.DataFrame(
        {"weekend": [100, 10, 60, 20], "weekday": [50, 150, 150, 100]}, index=["brunch", "lunchbox", "salt", "oats"]
    )
    result = cal.items_between_groups(DAYTYPE, counts, totals)
    for item in counts.index:
        a, b = counts.loc[item]
        z, p = proportions_ztest([a, b], [200, 500])
        assert result.tested.loc[item, "z"] == pytest.approx(z) and result.tested.loc[item, "p"] == pytest.approx(p)
        assert result.tested.loc[item, "difference_pp"] == pytest.approx(100 * (a / 200 - b / 500))
    assert result.tested.index.tolist() == ["brunch", "salt", "oats", "lunchbox"]
    assert result.n_significant == 3
    assert result.strongest_first == cal.SideItem("weekend", "weekday", "brunch", 0.5, 0.1)
    assert result.strongest_first.difference_pp == pytest.approx(40)
    assert result.strongest_second == cal.SideItem("weekday", "weekend", "lunchbox", 0.3, 0.05)
    assert result.top_first.index.tolist() == ["brunch"] and result.top_second.index.tolist() == ["oats", "lunchbox"]
    flat = cal.items_between_groups(DAYTYPE, pd.DataFrame({"weekend": [40], "weekday": [100]}, index=["salt"]), totals)
    assert flat.strongest_first is None and flat.strongest_second is None and flat.n_significant == 0
