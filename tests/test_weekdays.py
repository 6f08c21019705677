"""Weekdays tab: SQL aggregates and tests checked against pandas/scipy/statsmodels over the planted
rows, planted weekend effects detected in both directions, uniform data not significant,
callbacks as functions."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest

from app.filters import Filters
from app.i18n import fmt_count, fmt_measure, fmt_number
from callbacks import calendar_groups as groups
from callbacks import weekdays
from callbacks.common import View

FIRST_MONDAY = dt.date(2005, 1, 3)
WEEKS = 20
RECIPES_PER_DAY = {1: 3, 2: 3, 3: 3, 4: 3, 5: 3, 6: 8, 7: 8}


def _date(week: int, weekday: int) -> str:
    return (FIRST_MONDAY + dt.timedelta(weeks=week, days=weekday - 1)).isoformat()


@pytest.fixture
def weekend_heavy(planted_dataset, use_dataset):
    """Planted: many more weekend recipes, longer on weekends, 'brunch' only on weekends and
    'lunchbox' only on weekdays, 'salt' everywhere; reviews rated lower on Mondays."""
    rng = np.random.default_rng(21)
    recipes = []
    for week in range(WEEKS):
        for weekday, count in RECIPES_PER_DAY.items():
            weekend = weekday >= 6
            for _ in range(count):
                recipes.append(
                    {
                        "submitted": _date(week, weekday),
                        "minutes": int(rng.integers(10, 50)) + (30 if weekend else 0),
                        "ingredients": ["salt"]
                        + (["brunch"] if weekend and rng.random() < 0.5 else [])
                        + (["lunchbox"] if not weekend and rng.random() < 0.5 else []),
                    }
                )
    interactions = []
    for week in range(WEEKS):
        for weekday in range(1, 8):
            for _ in range(10):
                monday_low = weekday == 1 and rng.random() < 0.6
                rating = int(rng.choice([1, 2, 3] if monday_low else [4, 5, 5]))
                interactions.append(
                    {
                        "user_id": len(interactions) + 1,
                        "date": _date(week, weekday),
                        "rating": rating,
                        "recipe_id": int(rng.integers(1, len(recipes) + 1)),
                    }
                )
    use_dataset(planted_dataset(recipes, interactions))
    frame = pd.DataFrame(recipes)
    frame["weekday"] = pd.to_datetime(frame["submitted"]).dt.day_of_week + 1
    reviews = pd.DataFrame(interactions)
    reviews["weekday"] = pd.to_datetime(reviews["date"]).dt.day_of_week + 1
    return frame, reviews


@pytest.fixture
def uniform(planted_dataset, use_dataset):
    """No weekday effect: one recipe and one review per day for 30 weeks, cycling measures and items
    independently of the day."""
    days = [FIRST_MONDAY + dt.timedelta(days=i) for i in range(7 * 30)]
    recipes = [
        {
            "submitted": d.isoformat(),
            "minutes": 10 + (i * 11) % 47,
            "ingredients": ["salt"] + (["garlic"] if i % 3 == 0 else []),
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


# -- numbers against pandas / scipy ------------------------------------------------------------


def test_weekday_volume_and_uniform_goodness_of_fit(weekend_heavy):
    recipes, _ = weekend_heavy
    counts = groups.recipe_counts(_view(), groups.WEEKDAY)
    reference_counts = recipes["weekday"].value_counts().sort_index()
    assert counts.tolist() == reference_counts.tolist()
    reference = sps.chisquare(reference_counts)
    lines = weekdays.volume_note(_view())
    assert "1/7 = 14.3%" in lines[0]
    assert f"χ² = {fmt_number(reference.statistic, 'en', 1)}" in lines[1] and "— significant" in lines[1]
    assert "highest Sat" in lines[1] or "highest Sun" in lines[1]


def test_weekend_share_against_two_sevenths(weekend_heavy):
    recipes, _ = weekend_heavy
    weekend = int((recipes["weekday"] >= 6).sum())
    n = len(recipes)
    reference = sps.chisquare([weekend, n - weekend], [n * 2 / 7, n * 5 / 7])
    binomial = sps.binomtest(weekend, n, 2 / 7)
    assert binomial.pvalue < 0.05  # the exact test agrees
    lines = weekdays.daytype_note(_view())
    assert "2 of the 7 days (28.6%)" in lines[0]
    assert f"Weekend {100 * weekend / n:.1f}% (expected 28.6%)" in lines[1]
    assert f"χ² = {fmt_number(reference.statistic, 'en', 1)}" in lines[1] and "— significant" in lines[1]


def test_mann_whitney_weekend_against_weekdays(weekend_heavy):
    recipes, _ = weekend_heavy
    weekend = recipes.loc[recipes["weekday"] >= 6, "minutes"]
    weekday = recipes.loc[recipes["weekday"] < 6, "minutes"]
    reference = sps.mannwhitneyu(weekend, weekday, alternative="two-sided")
    r = 2 * reference.statistic / (len(weekend) * len(weekday)) - 1
    lines = weekdays.measure_note(_view(), "minutes")
    # U counts pairs of recipes: a whole number; a median of whole minutes has no decimal either.
    assert f"U = {fmt_count(reference.statistic, 'en')}" in lines[1]
    assert re.search(r"U = [\d,]+, ", lines[1])
    assert f"rank-biserial r = {fmt_number(r, 'en', 3)}" in lines[1] and "large effect" in lines[1]
    assert lines[0] == (
        f"Median of preparation time (minutes): Weekend {fmt_measure(weekend.median(), 'en')} "
        f"(n = {len(weekend)}), Weekdays {fmt_measure(weekday.median(), 'en')} (n = {len(weekday)})."
    )
    assert not re.search(r"\d\.0 \(n = ", lines[0])
    french = weekdays.measure_note(View(language="fr"), "minutes")
    assert f"U = {fmt_count(reference.statistic, 'fr')}" in french[1]
    boxes = groups.measure_quantiles(_view(), groups.DAYTYPE, "minutes")
    assert boxes.loc["weekday", "median"] == pytest.approx(weekday.median())


def test_items_over_represented_in_both_directions(weekend_heavy):
    recipes, _ = weekend_heavy
    counts = groups.item_counts(_view(), groups.DAYTYPE, "ingredients")
    totals = groups.recipe_counts(_view(), groups.DAYTYPE)
    result = groups.items_between(counts, totals, "weekend", "weekday")
    is_weekend = recipes["weekday"] >= 6
    p_values = []
    for item in result.index:
        holds = recipes["ingredients"].apply(lambda items, i=item: i in items)
        a, b = holds[is_weekend].sum(), holds[~is_weekend].sum()
        difference = 100 * (a / is_weekend.sum() - b / (~is_weekend).sum())
        assert result.loc[item, "difference_pp"] == pytest.approx(difference)
        if item == "salt":  # held everywhere: no variance, nothing to test
            p_values.append(1.0)
            continue
        z, p = proportions_ztest([a, b], [is_weekend.sum(), (~is_weekend).sum()])
        assert result.loc[item, "z"] == pytest.approx(z) and result.loc[item, "p"] == pytest.approx(p)
        p_values.append(p)
    _, q_values, _, _ = multipletests(p_values, method="fdr_bh")
    assert result["q"].tolist() == pytest.approx(list(q_values))
    assert result.index[0] == "brunch" and result.index[-1] == "lunchbox"
    assert result.loc[["brunch", "lunchbox"], "significant"].all() and not result.loc["salt", "significant"]
    figure = weekdays.items(View(language="fr"), "ingredients")
    weekday_bars, weekend_bars = figure.data
    assert list(weekend_bars.y) == ["brunch"] and list(weekday_bars.y) == ["lunchbox"]
    assert weekend_bars.x[0] == pytest.approx(result.loc["brunch", "difference_pp"], abs=1e-3)
    assert weekend_bars.name == "Sur-représenté : Week-end"
    lines = weekdays.items_note(_view(), "ingredients")
    assert "2 significant" in lines[0]
    assert lines[1].startswith("Most over-represented — Weekend: brunch")
    assert lines[2].startswith("Most over-represented — Weekdays: lunchbox")


def test_mean_rating_by_weekday_with_intervals(weekend_heavy):
    _, reviews = weekend_heavy
    summary = groups.rating_summary(groups.rating_table(_view(), groups.WEEKDAY))
    for weekday in range(1, 8):
        stars = reviews.loc[reviews["weekday"] == weekday, "rating"]
        low, high = sps.t.interval(0.95, len(stars) - 1, loc=stars.mean(), scale=sps.sem(stars))
        assert summary.loc[str(weekday), ["mean", "mean_low", "mean_high"]].tolist() == pytest.approx(
            [stars.mean(), low, high]
        )
    lines = weekdays.ratings_note(_view())
    assert "lowest Mon" in lines[0]
    assert "Rating × weekday" in lines[-1] and "— significant" in lines[-1]
    figure = weekdays.ratings(_view())
    assert list(figure.data[0].x) == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


# -- no effect -----------------------------------------------------------------------------------


def test_uniform_data_is_not_significant(uniform):
    volume = weekdays.volume_note(_view())
    assert "χ² = 0.0" in volume[1] and "not significant" in volume[1]
    assert "not significant" in weekdays.daytype_note(_view())[1]
    assert "not significant" in weekdays.measure_note(_view(), "minutes")[1]
    items = weekdays.items_note(_view(), "ingredients")
    assert "0 significant" in items[0]
    assert items[1:] == [
        "None is significantly over-represented — Weekend.",
        "None is significantly over-represented — Weekdays.",
    ]


# -- callbacks as functions -----------------------------------------------------------------------


def test_volume_charts_carry_focus_values(weekend_heavy):
    view = View(filters=Filters(focus=("daytype", "weekend")), language="fr")
    volume = weekdays.volume(view)
    assert list(volume.data[0].customdata) == [str(d) for d in range(1, 8)]
    assert list(volume.data[0].x) == ["Lun", "Mar", "Mer", "Jeu", "Ven", "Sam", "Dim"]
    daytype = weekdays.daytype(view)
    assert list(daytype.data[0].customdata) == ["weekend", "weekday"]
    assert list(daytype.data[0].marker.opacity) == [1.0, 0.35]
    assert list(daytype.data[2].y) == pytest.approx([100 * 2 / 7, 100 * 5 / 7], abs=1e-3)


def test_weekday_focus_highlights_its_day_and_its_day_type(weekend_heavy):
    focused, plain = _view(focus=("weekday", "3")), _view()
    # Weekend against weekdays still compares both groups; Wednesday's group is shaded.
    measure = weekdays.measure(focused, "minutes")
    assert list(measure.data[0].x) == ["Weekend", "Weekdays"]
    assert [(s.x0, s.x1) for s in measure.layout.shapes] == [(0.5, 1.5)]
    assert weekdays.measure_note(focused, "minutes") == weekdays.measure_note(plain, "minutes")
    assert list(weekdays.ratings(focused).data[0].x) == list(weekdays.ratings(plain).data[0].x)
    assert len(weekdays.volume(focused).data[0].x) == 7  # the clicked chart keeps every day
    assert list(weekdays.volume(focused).data[0].marker.opacity) == [0.35, 0.35, 1.0, 0.35, 0.35, 0.35, 0.35]
    # A day-type focus highlights its days on the per-day charts.
    weekend = weekdays.volume(_view(focus=("daytype", "weekend")))
    assert list(weekend.data[0].marker.opacity) == [0.35] * 5 + [1.0, 1.0]


def test_another_dimension_focus_applies_to_the_volume_charts(weekend_heavy):
    recipes, _ = weekend_heavy
    winter = recipes[pd.to_datetime(recipes["submitted"]).dt.month.isin([1, 2, 12])]
    figure = weekdays.volume(_view(focus=("season", "winter")))
    shares = winter["weekday"].value_counts(normalize=True).sort_index() * 100
    assert list(figure.data[0].y) == pytest.approx(shares.tolist(), abs=1e-3)
    assert list(figure.data[0].marker.opacity) == [1.0] * 7
