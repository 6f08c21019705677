"""Ratings & reviews: SQL aggregates and statistics checked against pandas/scipy on planted data,
and the callbacks called as functions (figures and generated texts)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from app import stats
from app.filters import Filters
from app.i18n import fmt_p
from app.theme import ACCENT_RED
from callbacks import ratings
from callbacks.common import View
from tests.reference import hac_fit, logistic_fit

START = dt.date(2004, 1, 1)
N_MONTHS = 48
PER_MONTH = 40
# Two early months hold only a handful of ratings: shown, but flagged as too small.
SMALL_MONTHS = {0: 5, 1: 8}
# Recipe groups planted for the volume analysis: (number of recipes, reviews each); see bonus_by_size.
RECIPE_GROUPS = ((300, 1), (120, 3), (40, 10), (10, 40), (3, 150))
STAR_TEXTS = {
    2: "not great, a bit bland and dry",
    3: "okay recipe, needed more salt",
    4: "good recipe, we liked it with rice",
    5: "delicious and wonderful, family loved this recipe",
}
# A word written only in 1-star reviews must rank first for rating 1.
ONE_STAR_TEXT = "inedible, the sauce was inedible"
# Seen in 1-star reviews only but fewer than 20 times in all: left out of the analysis.
RARE_WORD = "yucky"


def _month(index: int) -> tuple[int, int]:
    return START.year + (START.month - 1 + index) // 12, (START.month - 1 + index) % 12 + 1


def _review(rating: int, number: int) -> str:
    if rating == 0:
        return "i made this and will report back" if number % 2 else ""
    if rating == 1:
        return ONE_STAR_TEXT + (f" {RARE_WORD}" if number < 10 else "")
    return STAR_TEXTS[rating]


def _planted_rows(declining: bool, seed: int) -> tuple[list[dict], list[dict]]:
    """Recipes and reviews: monthly ratings (declining or flat), a rising share of reviews without
    stars, recipes with planted numbers of reviews rated higher when reviewed more."""
    rng = np.random.default_rng(seed)
    recipe_sizes = [size for count, size in RECIPE_GROUPS for _ in range(count)]
    recipe_of_review = np.repeat(np.arange(1, len(recipe_sizes) + 1), recipe_sizes)
    rng.shuffle(recipe_of_review)
    # Planted: the more reviews a recipe has, the likelier its 5 stars.
    bonus_by_size = {1: -0.45, 3: -0.2, 10: 0.0, 40: 0.1, 150: 0.12}
    recipe_bonus = {rid: bonus_by_size[size] for rid, size in enumerate(recipe_sizes, start=1)}
    interactions = []
    slots = [(m, SMALL_MONTHS.get(m, PER_MONTH)) for m in range(N_MONTHS)]
    assert sum(n for _, n in slots) <= len(recipe_of_review)
    number = 0
    for month_index, n_reviews in slots:
        year, month = _month(month_index)
        p_five = (0.85 - 0.012 * month_index) if declining else 0.6
        p_zero = 0.02 + 0.002 * month_index
        for k in range(n_reviews):
            recipe_id = int(recipe_of_review[number])
            if rng.random() < p_zero:
                rating = 0
            elif rng.random() < min(p_five + recipe_bonus[recipe_id], 0.97):
                rating = 5
            else:
                rating = int(rng.integers(1, 5))
            interactions.append(
                {
                    "user_id": number + 1,
                    "recipe_id": recipe_id,
                    "date": f"{year}-{month:02d}-{1 + k % 28:02d}",
                    "rating": rating,
                    "review": _review(rating, number),
                }
            )
            number += 1
    # The remaining planted reviews, all in the last month, keep every recipe's planted count.
    for recipe_id in recipe_of_review[number:]:
        interactions.append(
            {
                "user_id": number + 1,
                "recipe_id": int(recipe_id),
                "date": "2007-12-20",
                "rating": 5 if rng.random() < 0.6 + recipe_bonus[int(recipe_id)] else 3,
                "review": STAR_TEXTS[5],
            }
        )
        number += 1
    recipes = [{"submitted": "2003-06-01"} for _ in recipe_sizes]
    return recipes, interactions


def _frame(interactions: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(interactions)
    dates = pd.to_datetime(frame["date"])
    return frame.assign(year=dates.dt.year, month=dates.dt.month, length=frame["review"].str.len())


@pytest.fixture
def declining(planted_dataset, use_dataset):
    recipes, interactions = _planted_rows(declining=True, seed=3)
    use_dataset(planted_dataset(recipes, interactions))
    return _frame(interactions)


@pytest.fixture
def flat(planted_dataset, use_dataset):
    recipes, interactions = _planted_rows(declining=False, seed=11)
    use_dataset(planted_dataset(recipes, interactions))
    return _frame(interactions)


def _weighted_slope(x, y, w) -> tuple[float, float]:
    """Independent WLS slope and its two-sided p-value (closed form)."""
    x, y, w = (np.asarray(v, dtype=float) for v in (x, y, w))
    x_bar, y_bar = np.average(x, weights=w), np.average(y, weights=w)
    sxx = np.sum(w * (x - x_bar) ** 2)
    slope = np.sum(w * (x - x_bar) * (y - y_bar)) / sxx
    residuals = y - (y_bar + slope * (x - x_bar))
    se = np.sqrt(np.sum(w * residuals**2) / (len(x) - 2) / sxx)
    return slope, 2 * sps.t.sf(abs(slope / se), len(x) - 2)


def _distinct_ticks(axis: dict, count: int = 6) -> bool:
    """Whether ``count`` evenly spaced ticks over the axis range, at the spacing Plotly would choose
    at most, print distinctly with the axis's tick format."""
    low, high = axis["range"]
    step = (high - low) / count
    labels = [format(low + k * step, axis["tickformat"]) for k in range(count + 1)]
    return len(set(labels)) == len(labels)


def _monthly(frame: pd.DataFrame) -> pd.DataFrame:
    stars = frame[frame["rating"] > 0]
    monthly = stars.groupby(["year", "month"])["rating"].agg(["count", "mean", "std"]).reset_index()
    return monthly.assign(time=monthly["year"] + (monthly["month"] - 0.5) / 12)


# -- distribution ------------------------------------------------------------------------------


def test_distribution_counts_shares_and_zero_filter(declining):
    expected = declining["rating"].value_counts().reindex(range(6), fill_value=0)
    figure = ratings.distribution_chart(View())
    assert list(figure.data[0].y) == expected.tolist()
    assert figure.data[0].x[0] == "0 (no stars)"
    assert list(figure.data[0].text) == [f"{100 * s:.1f}%" for s in expected / expected.sum()]

    without_zero = ratings.distribution_chart(View(filters=Filters(include_zero=False)))
    assert list(without_zero.data[0].y) == expected[1:].tolist()

    stars = declining[declining["rating"] > 0]["rating"]
    low, high = sps.t.interval(0.95, len(stars) - 1, loc=stars.mean(), scale=stars.std() / np.sqrt(len(stars)))
    text = ratings.distribution_text(View())
    assert f"{stars.mean():.3f} (95 % CI {low:.3f}–{high:.3f}, n = {len(stars):,})" in text
    assert f"{100 * expected[0] / expected.sum():.1f}% of the reviews carry no stars" in text
    assert "excluded by the filter" in ratings.distribution_text(View(filters=Filters(include_zero=False)))
    assert "Moyenne des notes" in ratings.distribution_text(View(language="fr"))


# -- monthly mean and its trend ----------------------------------------------------------------


def test_monthly_means_and_ci_match_pandas(declining):
    expected = _monthly(declining)
    analysis = ratings.monthly_means(View())
    frame = analysis.frame
    assert frame["n_ratings"].tolist() == expected["count"].tolist()
    np.testing.assert_allclose(frame["mean_rating"], expected["mean"])
    half = sps.t.ppf(0.975, expected["count"] - 1) * expected["std"] / np.sqrt(expected["count"])
    np.testing.assert_allclose(frame["ci_high"], expected["mean"] + half)
    assert frame["small"].tolist() == (expected["count"] < 30).tolist()

    figure = ratings.monthly_mean_chart(View())
    by_name = {trace.name: trace for trace in figure.data}
    large = expected[expected["count"] >= 30]
    np.testing.assert_allclose(by_name["Monthly mean"].y, large["mean"])
    assert len(by_name["Fewer than 30 ratings"].y) == len(SMALL_MONTHS)
    assert "Count-weighted trend" in by_name
    # The y axis holds every point (greyed small months included) and the CI band, within 1–5 stars.
    low, high = figure.layout.yaxis.range
    drawn = np.concatenate([expected["mean"], large["mean"] + half[expected["count"] >= 30]])
    assert 1 <= low <= drawn.min() and drawn.max() <= high <= 5
    assert low <= figure.layout.yaxis.range[0] and _distinct_ticks(figure.layout.yaxis.to_plotly_json())
    overall = (expected["mean"] * expected["count"]).sum() / expected["count"].sum()
    assert figure.layout.shapes[0].y0 == pytest.approx(overall)
    assert figure.layout.shapes[0].name == f"Overall mean {overall:.3f}" and figure.layout.shapes[0].showlegend
    french = ratings.monthly_mean_chart(View(language="fr"))
    assert french.layout.shapes[0].name == f"Moyenne globale {overall:.3f}".replace(".", ",")


def test_planted_decline_is_detected_with_the_right_sign(declining):
    expected = _monthly(declining)
    slope, plain_p = _weighted_slope(expected["time"], expected["mean"], expected["count"])
    hac = hac_fit(expected["time"], expected["mean"], expected["count"])
    trend = ratings.monthly_means(View()).trend
    assert slope < 0 and hac.pvalues[1] < 0.05
    assert trend.slope == pytest.approx(slope)
    # Newey–West: statsmodels' HAC p-value (3 lags for 48 months), not the plain WLS one.
    assert trend.maxlags == 3
    assert trend.p_value == pytest.approx(hac.pvalues[1], rel=1e-6)
    assert trend.p_value != pytest.approx(plain_p, rel=1e-3)
    assert trend.significant and trend.ci_high < 0

    text = ratings.monthly_mean_text(View())
    assert f"Over {len(expected)} months" in text
    assert f"−{abs(slope):.4f} stars per year" in text
    assert "ratings decline significantly" in text and "Newey–West with 3 lags" in text
    assert f"{len(SMALL_MONTHS)} of the months have fewer than 30 ratings" in text
    assert f"−{abs(slope):.4f}".replace(".", ",") in ratings.monthly_mean_text(View(language="fr"))


def test_flat_ratings_show_no_significant_trend(flat):
    expected = _monthly(flat)
    slope, _ = _weighted_slope(expected["time"], expected["mean"], expected["count"])
    p_value = hac_fit(expected["time"], expected["mean"], expected["count"]).pvalues[1]
    trend = ratings.monthly_means(View()).trend
    assert p_value > 0.05
    assert trend.slope == pytest.approx(slope) and trend.p_value == pytest.approx(p_value, rel=1e-6)
    assert "no significant trend" in ratings.monthly_mean_text(View())
    assert "pas de tendance significative" in ratings.monthly_mean_text(View(language="fr"))


# -- rating against volume ---------------------------------------------------------------------


def test_volume_buckets_and_spearman_match_pandas_and_scipy(declining):
    stars = declining[declining["rating"] > 0]
    per_recipe = stars.groupby("recipe_id")["rating"].agg(n="count", mean="mean", five=lambda r: int((r == 5).sum()))
    bucket = pd.cut(per_recipe["n"], [0, 1, 5, 20, 100, np.inf], labels=False)
    expected = per_recipe.groupby(bucket).agg(
        n_recipes=("n", "size"),
        n_ratings=("n", "sum"),
        mean=("mean", "mean"),
        std=("mean", "std"),
        five=("five", "sum"),
    )
    rho, p_value = sps.spearmanr(per_recipe["n"], per_recipe["mean"])

    analysis = ratings.volume_analysis(View())
    frame = analysis.frame
    assert frame["label"].tolist() == ["1", "2–5", "6–20", "21–100", "> 100"]
    assert frame["n_recipes"].tolist() == expected["n_recipes"].tolist()
    assert frame["n_ratings"].tolist() == expected["n_ratings"].tolist()
    np.testing.assert_allclose(frame["mean_rating"], expected["mean"])
    np.testing.assert_allclose(frame["five_share"], expected["five"] / expected["n_ratings"])
    assert frame["small"].tolist() == (expected["n_recipes"] < 30).tolist()
    assert analysis.rho == pytest.approx(rho) and analysis.n_recipes == len(per_recipe)
    assert analysis.p_value == pytest.approx(p_value, rel=1e-6)
    # Wilson interval of the 5-star share, written out.
    n, share = expected["n_ratings"].to_numpy(), (expected["five"] / expected["n_ratings"]).to_numpy()
    z = sps.norm.ppf(0.975)
    centre = (share + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    np.testing.assert_allclose(frame["five_low"], centre - half)

    assert rho > 0 and p_value < 0.05  # planted: more-reviewed recipes are rated higher
    text = ratings.volume_text(View())
    assert f"+{rho:.3f} over {len(per_recipe)} recipes" in text
    assert "more-rated recipes tend to be rated higher" in text
    assert "Too small to conclude for: 21–100, > 100" in text
    figure = ratings.volume_chart(View())
    np.testing.assert_allclose(figure.data[1].y, expected["mean"])
    # The mean axis holds every whisker (1–5 stars) and the mean over all recipes as a reference line.
    half = sps.t.ppf(0.975, expected["n_recipes"] - 1) * expected["std"] / np.sqrt(expected["n_recipes"])
    low, high = figure.layout.yaxis2.range
    assert 1 <= low <= (expected["mean"] - half).min() and (expected["mean"] + half).max() <= high <= 5
    assert _distinct_ticks(figure.layout.yaxis2.to_plotly_json())
    assert figure.layout.shapes[0].yref == "y2"
    assert figure.layout.shapes[0].y0 == pytest.approx(per_recipe["mean"].mean())


# -- reviews without stars ---------------------------------------------------------------------


def test_zero_share_ignores_the_include_zero_filter(declining):
    yearly = declining.groupby("year")["rating"].agg(n="size", zero=lambda r: int((r == 0).sum()))
    share = yearly["zero"] / yearly["n"]
    for filters in (Filters(), Filters(include_zero=False)):
        figure = ratings.zero_share_chart(View(filters=filters))
        np.testing.assert_allclose(figure.data[0].y, share)
        assert [row[0] for row in figure.data[0].customdata] == yearly.index.tolist()
    expected = logistic_fit(yearly.index, yearly["zero"], yearly["n"])
    analysis = ratings.zero_share(View(filters=Filters(include_zero=False)))
    trend = analysis.trend
    np.testing.assert_allclose(trend.predict(yearly.index), expected.fittedvalues, rtol=1e-6)
    assert trend.p_value == pytest.approx(expected.pvalues[1], rel=1e-6)
    text = ratings.zero_share_text(View())
    assert f"Overall {100 * yearly['zero'].sum() / yearly['n'].sum():.1f}% of the {yearly['n'].sum():,} reviews" in text
    first, last = expected.fittedvalues[0], expected.fittedvalues[-1]
    assert (
        f"Logistic trend: fitted share {100 * first:.1f}% in 2004 and {100 * last:.1f}% in 2007, "
        f"{'+' if last > first else '−'}{100 * abs(last - first):.2f} percentage points"
    ) in text
    # Planted: 2 % + 0.2 pp a month; the direction word follows the sign of the fitted change.
    assert last > first
    assert ("the share rises significantly" in text) == (trend.p_value < 0.05)
    assert "falls" not in text
    curve = next(trace for trace in ratings.zero_share_chart(View()).data if trace.name == "Logistic trend")
    assert len(curve.x) > len(yearly) and min(curve.y) >= 0 and max(curve.y) <= 1


def test_review_years_focus_is_highlighted_and_filters_the_other_charts(declining):
    view = View(filters=Filters(focus=("review_year", "2005")))
    figure = ratings.zero_share_chart(view)
    years = list(figure.data[0].x)
    assert len(years) == 4  # the cross-filter source keeps every year
    assert figure.data[0].marker.color[years.index(2005)] == ACCENT_RED
    assert figure.layout.dragmode == "select"
    # Charts over time keep every period, with the unfocused numbers, and shade the focused years.
    assert ratings.monthly_means(view).frame.equals(ratings.monthly_means(View()).frame)
    assert ratings.length_per_year_text(view) == ratings.length_per_year_text(View())
    assert [(s.x0, s.x1) for s in ratings.length_per_year_chart(view).layout.shapes] == [(2004.5, 2005.5)]
    monthly_shades = [(s.x0, s.x1) for s in ratings.monthly_mean_chart(view).layout.shapes if s.type == "rect"]
    assert monthly_shades == [("2005-01-01", "2006-01-01")]
    # The other charts count only the reviews written in 2005.
    in_2005 = declining[declining["year"] == 2005]["rating"].value_counts()
    counts = ratings._distribution(view).set_index("rating")["n_reviews"]
    assert counts.to_dict() == {rating: int(in_2005.get(rating, 0)) for rating in range(6)}
    # A range of years (a box selection) highlights each of its years.
    wide = ratings.zero_share_chart(View(filters=Filters(focus=("review_year", "2005-2006"))))
    assert [c == ACCENT_RED for c in wide.data[0].marker.color] == [y in (2005, 2006) for y in wide.data[0].x]


# -- review length -----------------------------------------------------------------------------


def test_review_length_quantiles_match_pandas(declining):
    by_rating = declining.groupby("rating")["length"]
    figure = ratings.length_by_rating_chart(View())
    box = figure.data[0]
    np.testing.assert_allclose(box.median, by_rating.median())
    np.testing.assert_allclose(box.q1, by_rating.quantile(0.25))
    np.testing.assert_allclose(box.upperfence, by_rating.quantile(0.95))
    np.testing.assert_allclose(box.mean, by_rating.mean())
    text = ratings.length_by_rating_text(View())
    longest = by_rating.median().idxmax()
    assert f"The longest reviews go with {ratings.rating_label(longest, 'en')}" in text

    by_year = declining.groupby("year")["length"]
    figure = ratings.length_per_year_chart(View())
    median = next(trace for trace in figure.data if trace.name == "Median")
    np.testing.assert_allclose(median.y, by_year.median())
    slope, _ = _weighted_slope(by_year.median().index, by_year.median(), by_year.size())
    text = ratings.length_per_year_text(View())
    assert f"{abs(slope):.2f} characters per year" in text
    p_value = hac_fit(by_year.median().index, by_year.median(), by_year.size()).pvalues[1]
    assert fmt_p(p_value) in text


# -- distinctive words -------------------------------------------------------------------------


def _word_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Word counts per rating tokenized here (letters runs of 2+, lower case), without stop words,
    words seen fewer than 20 times dropped: the input the analysis is meant to use."""
    words = frame.assign(word=frame["review"].str.lower().str.findall(r"[^\W\d_]{2,}")).explode("word").dropna()
    counts = words.groupby(["rating", "word"]).size().rename("n").reset_index()
    counts = counts[~counts["word"].isin(ratings.STOP_WORDS)]
    return counts[counts.groupby("word")["n"].transform("sum") >= 20]


def test_distinctive_words_match_the_log_odds_reference(declining):
    reference = stats.log_odds_informative_prior(_word_counts(declining), "rating", "word", "n")
    top = ratings.distinctive_words()
    assert set(top["rating"]) == set(reference["rating"])
    for rating, words in top.groupby("rating"):
        expected = reference[reference["rating"] == rating]
        # Same ten best z-scores (words tied on z may swap places), and each word scored the same.
        np.testing.assert_allclose(words["z"], expected["z"].head(10))
        scored = expected.set_index("word").loc[words["word"]]
        np.testing.assert_allclose(words["log_odds"], scored["log_odds"])
        assert words["n"].tolist() == scored["n"].tolist()


def test_word_planted_in_one_star_reviews_ranks_first(declining):
    top = ratings.distinctive_words()
    one_star = top[top["rating"] == 1]
    assert one_star.iloc[0]["word"] == "inedible"
    assert not top["word"].isin(ratings.STOP_WORDS).any()
    assert RARE_WORD not in set(top["word"])  # fewer than 20 occurrences
    assert (top.groupby("rating").size() <= 10).all()
    figure = ratings.words_chart(View())
    assert {trace.name for trace in figure.data} == {ratings.rating_label(r, "en") for r in range(6)}
    assert "1 ★ “inedible”" in ratings.words_text(View())


# -- empty state -------------------------------------------------------------------------------


def test_empty_state_when_filters_select_nothing(declining):
    view = View(filters=Filters(int_years=(1990, 1991)))
    for chart in (
        ratings.distribution_chart,
        ratings.monthly_mean_chart,
        ratings.volume_chart,
        ratings.zero_share_chart,
        ratings.length_by_rating_chart,
        ratings.length_per_year_chart,
    ):
        assert chart(view).layout.annotations[0].text == "No data for the current filters."
    assert ratings.monthly_mean_text(view) == "No data for the current filters."
    # Word counts are precomputed over all reviews: the filters do not apply to them.
    assert len(ratings.words_chart(view).data) == 6


def test_volume_text_explains_a_correlation_against_the_group_means(planted_dataset, use_dataset):
    """Single-rated recipes at 5.0 take the top ranks (negative rho) while group means rise."""
    singles = [5] * 150 + [1] * 50
    interactions = [{"user_id": k, "recipe_id": k + 1, "rating": r} for k, r in enumerate(singles)]
    interactions += [
        {"user_id": 1000 + 10 * k + j, "recipe_id": 201 + k, "rating": 5 if j < 8 else 4}
        for k in range(40)
        for j in range(10)
    ]
    use_dataset(planted_dataset([{} for _ in range(240)], interactions))
    rho, p_value = sps.spearmanr([1] * 200 + [10] * 40, [float(r) for r in singles] + [4.8] * 40)
    analysis = ratings.volume_analysis(View())
    assert analysis.rho == pytest.approx(rho) and rho < 0 and p_value < 0.05
    assert analysis.frame["mean_rating"].tolist() == pytest.approx([4.0, 4.8])
    text = ratings.volume_text(View())
    assert "more-rated recipes tend to be rated lower" in text
    assert "point in opposite directions" in text


# -- analyst controls: period and rolling mean, two segments, Bayesian top ---------------------------


def test_quarterly_and_yearly_means_pool_the_ratings(declining):
    stars = declining[declining["rating"] > 0].assign(quarter=lambda f: (f["month"] - 1) // 3 + 1)
    analysis = ratings.monthly_means(View())
    assert ratings.period_means(analysis, "month")["n_ratings"].tolist() == _monthly(declining)["count"].tolist()
    quarters = ratings.period_means(analysis, "quarter")
    expected = stars.groupby(["year", "quarter"])["rating"].agg(["count", "mean", "std"])
    assert quarters["n_ratings"].tolist() == expected["count"].tolist()  # 16 quarters, none empty
    np.testing.assert_allclose(quarters["mean_rating"], expected["mean"])
    np.testing.assert_allclose(quarters["std_rating"], expected["std"])
    assert quarters["label"].iloc[0] == "2004 Q1" and quarters["start"].iloc[1] == "2004-04-01"
    years = ratings.period_means(analysis, "year")
    assert years["n_ratings"].tolist() == stars.groupby("year").size().tolist()
    assert quarters.groupby(quarters["label"].str[:4])["n_ratings"].sum().tolist() == years["n_ratings"].tolist()
    np.testing.assert_allclose(years["mean_rating"], stars.groupby("year")["rating"].mean())
    # Rolling: the mean of every rating of the last 3 quarters.
    rolled = ratings.period_means(analysis, "quarter", 3)["rolling"].to_numpy()
    sums, counts = stars.groupby(["year", "quarter"])["rating"].sum(), expected["count"]
    reference = (sums.rolling(3).sum() / counts.rolling(3).sum()).to_numpy()
    np.testing.assert_allclose(rolled, reference)
    assert np.isnan(rolled[:2]).all() and np.isfinite(rolled[2:]).all()
    assert np.isnan(ratings.period_means(analysis, "quarter")["rolling"]).all()


def test_period_chart_and_note_keep_the_monthly_trend(declining):
    default = ratings.monthly_mean_chart(View())
    quarterly = ratings.monthly_mean_chart(View(), "quarter", 3)
    names = [trace.name for trace in quarterly.data]
    assert "Quarterly mean" in names and "Rolling mean, 3 quarters" in names
    assert quarterly.layout.xaxis.title.text == "Quarter"
    trend = next(trace for trace in quarterly.data if trace.name == "Count-weighted trend")
    default_trend = next(trace for trace in default.data if trace.name == "Count-weighted trend")
    assert list(trend.y) == list(default_trend.y)  # the test stays on the months
    text = ratings.monthly_mean_text(View(), "quarter", 3)
    assert text.startswith(ratings.monthly_mean_text(View()))
    assert "one mean per quarter" in text and "tested on the monthly means" in text
    assert "rolling mean over the last 3 quarters" in text
    assert "moyenne mobile sur les 12 derniers mois" in ratings.monthly_mean_text(View(language="fr"), "month", 12)
    # Values the layout does not offer fall back to the default view.
    assert ratings.monthly_mean_chart(View(), "week", "3").to_json() == default.to_json()


# Recipes (tags) and their reviews for the segment and Bayesian tests; user ids are all distinct.
SEGMENT_RECIPES = (
    (["vegan", "preparation"], [5, 5, 5, 5, 4]),  # 1: mean 4.8 over 5
    (["vegan"], [5]),  # 2: one 5-star rating
    (["dessert"], [3, 3, 4]),  # 3
    (["dessert", "vegan"], [1, 2]),  # 4: both tags
    (["dessert"], [0, 4]),  # 5: a review without stars never counts in a mean
    (["easy"], [5, 4, 4, 5]),  # 6
)


@pytest.fixture
def segmented(planted_dataset, use_dataset):
    recipes = [{"tags": tags, "name": f"recipe {number}"} for number, (tags, _) in enumerate(SEGMENT_RECIPES, 1)]
    interactions = [
        {"user_id": 100 * number + k, "recipe_id": number, "rating": rating, "date": "2010-05-05"}
        for number, (_, stars) in enumerate(SEGMENT_RECIPES, 1)
        for k, rating in enumerate(stars)
    ]
    use_dataset(planted_dataset(recipes, interactions))


def test_bayesian_average_of_planted_recipes(segmented):
    # Star ratings per recipe: 5, 1, 3, 2, 1, 4 -> median m = 2.5; C = 64 stars / 16 ratings = 4.0.
    top = ratings.bayesian_top(View(), 30)
    assert top["prior_mean"].iloc[0] == pytest.approx(4.0) and top["prior_weight"].iloc[0] == pytest.approx(2.5)
    assert top["n_recipes"].iloc[0] == 6 and top["n_ratings_all"].iloc[0] == 16
    assert top["recipe_id"].tolist() == [1, 6, 2, 5, 3, 4]
    np.testing.assert_allclose(top["bayes_rating"], [34 / 7.5, 28 / 6.5, 15 / 3.5, 14 / 3.5, 20 / 5.5, 13 / 4.5])
    np.testing.assert_allclose(top["mean_rating"], [4.8, 4.5, 5.0, 4.0, 10 / 3, 1.5])
    assert top["n_ratings"].tolist() == [5, 4, 1, 1, 3, 2]
    assert ratings.bayesian_top(View(filters=Filters(include_zero=False)), 30).equals(top)
    assert len(ratings.bayesian_top(View(), 10)) == 6
    figure = ratings.top_recipes_chart(View())
    assert list(figure.data[0].y[:2]) == ["recipe 1 (#1)", "recipe 6 (#6)"]
    assert figure.data[1].x[2] == pytest.approx(5.0) and figure.layout.shapes[0].x0 == pytest.approx(4.0)
    sentence, table = ratings.top_recipes_text(View())
    text = sentence.children
    assert "C = 4.000" in text and "m = 2.5" in text and "of the 6 rated recipes" in text
    assert "First: recipe 1 (#1), Bayesian mean 4.533 (raw mean 4.800 over 5 ratings). 1 of the 6 shown" in text
    rows = table.children.children[1].children
    assert [[cell.children for cell in row.children] for row in rows[:2]] == [
        [1, "recipe 1 (#1)", "5", "4.800", "4.533"],
        [2, "recipe 6 (#6)", "4", "4.500", "4.308"],
    ]
    assert "moyenne bayésienne 4,533" in ratings.top_recipes_text(View(language="fr"))[0].children


def test_two_segments_are_disjoint_and_tested(segmented):
    options, placeholder, b_options = ratings.segment_options(None, "en")
    assert [o["value"] for o in options] == ["dessert", "vegan", "easy"]  # 'preparation' is structural
    assert placeholder == "dessert" and b_options[0] == {"label": "All other recipes", "value": ratings.ui.REST}
    comparison = ratings.segment_comparison(View(), "vegan", "dessert")
    counts = comparison.counts.set_index("rating")
    assert counts["a"].tolist() == [0, 0, 0, 0, 1, 5]  # recipes 1 and 2; recipe 4 holds both tags
    assert counts["b"].tolist() == [1, 0, 0, 2, 2, 0]  # recipes 3 and 5
    assert comparison.n_both == 2
    expected = sps.mannwhitneyu([5, 5, 5, 5, 4, 5], [3, 3, 4, 4], alternative="two-sided", method="asymptotic")
    assert comparison.mann_whitney.p_value == pytest.approx(expected.pvalue)
    assert comparison.mann_whitney.effect == pytest.approx(2 * expected.statistic / 24 - 1)
    chi2 = sps.chi2_contingency(np.array([[0, 0, 1, 5], [1, 2, 2, 0]]), correction=False)
    assert comparison.chi_square.statistic == pytest.approx(chi2[0])
    # Without rating 0 the chi-square reads the 1-5 counts only.
    no_zero = ratings.segment_comparison(View(filters=Filters(include_zero=False)), "vegan", "dessert")
    assert no_zero.counts["rating"].tolist() == [1, 2, 3, 4, 5]
    rest = ratings.segment_comparison(View(), "vegan", ratings.ui.REST)
    assert rest.counts.set_index("rating")["b"].tolist() == [1, 0, 0, 2, 4, 2] and rest.n_both == 0
    assert ratings.segment_comparison(View()).tag_a == "dessert"  # the default A
    text = ratings.segments_text(View(), "vegan", "dessert")
    assert "A (vegan): 6 star ratings, mean 4.833" in text and "B (dessert): 4 star ratings, mean 3.500" in text
    assert f"rank-biserial r = +{comparison.mann_whitney.effect:.3f} (large effect)" in text
    assert "2 reviews of recipes holding both tags are left out" in text
    assert "Too small to conclude for A, B" in text
    figure = ratings.segments_chart(View(), "vegan", "dessert")
    assert [trace.name for trace in figure.data] == ["A: vegan (6 reviews)", "B: dessert (5 reviews)"]
    np.testing.assert_allclose(figure.data[1].y, [0.2, 0, 0, 0.4, 0.4, 0])
    assert "Segment A (nothing) has no star rating" in ratings.segments_text(View(), "nothing", ratings.ui.REST)
    assert ratings.segments_text(View(), "vegan", "vegan").startswith("Segments A and B are the same tag")
    assert ratings.segments_chart(View(), "vegan", "vegan").layout.annotations[0].text.startswith("Segments A and B")


JUNK = (None, True, 3.5, -1, 10**30, "", "\x00", "\ud800", "é" * 300, [], ["vegan"], {"a": 1})


def test_new_controls_accept_any_json(segmented):
    """Whatever the browser sends, the new outputs answer a chart or their empty state, never raise."""
    default_top = ratings.top_recipes_chart(View()).to_json()
    for junk in JUNK:
        assert ratings.top_recipes_chart(View(), junk).to_json() == default_top
        ratings.monthly_mean_chart(View(), junk, junk)
        ratings.monthly_mean_text(View(), junk, junk)
        ratings.segments_chart(View(), junk, junk)
        ratings.segments_text(View(), "vegan", junk)
        assert ratings.segment_comparison(View(), junk, ratings.ui.REST).tag_a == "dessert"
    assert ratings.segment_options({"junk": 1}, ["xx"])[1] == "dessert"
