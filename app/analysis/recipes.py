"""Recipes analyses: ratings by buckets of recipe attributes, the nutrition profile, the healthiness
score and its bands, the rating lift of tags and ingredients, and one recipe's rating counts.

Inputs are the frames of the ``recipes/*`` queries:

- rating by bucket: ``bucket`` (1-based), ``rating`` (1-5), ``n``;
- nutrition profile: ``nutrient``, ``value``, ``n`` (recipes at that value);
- health score: ``score``, ``n_recipes``, ``n_1`` … ``n_5`` (rating counts of the recipes at that score);
- item lift: ``item``, ``n``, ``n_recipes``, ``s``, ``ss`` (count, sum and sum of squares of its ratings),
  ``total_n``, ``total_s``, ``total_ss`` (the same over every rating);
- recipe ratings: ``rating`` (0-5), ``n_interactions``.

Rating counts per group are frames with one row per group and columns 1..5 (the star ratings).
An analysis with nothing to work on raises ``EmptySelection``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from app.errors import EmptySelection
from app.schema import MINUTES_OUTLIER_THRESHOLD, NUTRITION_COLUMNS
from app.stats import (
    ALPHA,
    MIN_GROUP_SIZE,
    TestResult,
    chi_square_independence,
    counts_mean_std,
    cramers_v_thresholds,
    fdr,
    magnitude,
    mean_ci,
    mean_std_from_sums,
    sps,
)

RATINGS = np.arange(1, 6)
RATING_COLUMNS = [f"n_{r}" for r in RATINGS]
_OPEN_ENDED = 2**62  # upper bound of an open-ended last bucket


@dataclass(frozen=True)
class Buckets:
    """Ranges of a recipe attribute: bucket k holds values from ``lower_bounds[k]`` up to the next
    bound minus one; the last ends at ``max_value`` (None: open-ended)."""

    attribute: str
    lower_bounds: tuple[int, ...]
    max_value: int | None

    def labels(self) -> list[str]:
        """'≤ 15', '16–30', …, '> 20' (an open-ended last bucket)."""
        uppers = [b - 1 for b in self.lower_bounds[1:]] + [self.max_value]
        labels = []
        for low, high in zip(self.lower_bounds, uppers, strict=True):
            if high is None:
                labels.append(f"> {low - 1}")
            elif low == 0:
                labels.append(f"≤ {high}")
            else:
                labels.append(f"{low}–{high}")
        return labels

    def query_params(self) -> dict[str, Any]:
        return {
            "identifiers": {"attribute": self.attribute},
            "lower_bounds": list(self.lower_bounds),
            "max_value": _OPEN_ENDED if self.max_value is None else self.max_value,
        }


# Minutes stop at the outlier threshold, so outliers (over one day) are left out.
MINUTES_BUCKETS = Buckets("minutes", (0, 16, 31, 61, 121, 241), MINUTES_OUTLIER_THRESHOLD)
STEPS_BUCKETS = Buckets("n_steps", (1, 4, 7, 10, 13, 21), None)
INGREDIENT_BUCKETS = Buckets("n_ingredients", (1, 5, 8, 11, 14), None)
BUCKETS = {b.attribute: b for b in (MINUTES_BUCKETS, STEPS_BUCKETS, INGREDIENT_BUCKETS)}

# Healthiness score: counted in SCORE_BINS bins of 5 points, ratings compared by bands of 20 points.
SCORE_BINS = 20
BINS_PER_BAND = 4
SCORE_BIN_WIDTH = 100 // SCORE_BINS

# Rating lift of items (tags, ingredients): the kinds, the minimum ratings an item needs to be
# ranked at all, and how many items of each sign the chart shows.
ITEM_KINDS = ("tags", "ingredients")
MIN_SUPPORT = 200
LIFTS_SHOWN = 10

BOX_LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)  # whiskers at the 5th and 95th percentiles


# -- ratings per group ------------------------------------------------------------------------


def rating_summary(counts: pd.DataFrame) -> pd.DataFrame:
    """``n``, ``mean``, ``std`` and 95 % CI of the mean (``ci_low``, ``ci_high``) per row of a table of
    rating counts (columns 1..5), indexed as ``counts``."""
    n, mean, std = counts_mean_std(counts.to_numpy(dtype=float), RATINGS)
    low, high = mean_ci(mean, std, n)
    return pd.DataFrame(
        {"n": n.astype(int), "mean": mean, "std": std, "ci_low": low, "ci_high": high}, index=counts.index
    )


def rated(counts: pd.DataFrame) -> pd.DataFrame:
    """``counts`` itself, or EmptySelection when it holds no rating at all."""
    if counts.to_numpy().sum() == 0:
        raise EmptySelection
    return counts


def welch_difference(
    mean_a: Any, std_a: Any, n_a: Any, mean_b: Any, std_b: Any, n_b: Any, alpha: float = ALPHA
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Welch's two-sample t from aggregates, vectorized: (difference a − b, CI low, CI high, p); p = 1
    where a side is empty or constant. (stats.welch_t tests one pair, without the difference's CI.)"""
    mean_a, std_a, n_a, mean_b, std_b, n_b = (
        np.asarray(v, dtype=float) for v in (mean_a, std_a, n_a, mean_b, std_b, n_b)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        var_a, var_b = std_a**2 / n_a, std_b**2 / n_b
        se = np.sqrt(var_a + var_b)
        df = (var_a + var_b) ** 2 / (var_a**2 / (n_a - 1) + var_b**2 / (n_b - 1))
        statistic = (mean_a - mean_b) / se
    testable = np.isfinite(statistic) & np.isfinite(df)  # not when a side is empty or constant
    df = np.where(testable, df, 1.0)
    difference = mean_a - mean_b
    half = sps.t.ppf(1 - alpha / 2, df) * se
    p_value = np.where(testable, 2 * sps.t.sf(np.abs(np.where(testable, statistic, 0.0)), df), 1.0)
    return difference, difference - half, difference + half, p_value


@dataclass(frozen=True)
class GroupComparison:
    """Ratings of several groups: per-group summary and the test over groups large enough."""

    summary: pd.DataFrame  # indexed by label: n, mean, std, ci_low, ci_high
    test: TestResult | None  # None when fewer than two groups have MIN_GROUP_SIZE ratings

    @property
    def testable(self) -> pd.DataFrame:
        return self.summary[self.summary["n"] >= MIN_GROUP_SIZE]

    @property
    def too_small(self) -> list[str]:
        return [str(label) for label, n in self.summary["n"].items() if 0 < n < MIN_GROUP_SIZE]

    @property
    def magnitude(self) -> str:
        """The size word key of the test's Cramér's V on thresholds for its df* ('' without a test)."""
        if self.test is None:
            return ""
        df_star = min(len(self.testable), len(RATINGS)) - 1
        return magnitude(self.test.effect, cramers_v_thresholds(df_star))

    @property
    def extremes(self) -> tuple[str, str] | None:
        """(label of the lowest, of the highest mean) over the testable groups; None without any."""
        means = self.testable["mean"]
        return (str(means.idxmin()), str(means.idxmax())) if len(means) else None


def compare_groups(counts: pd.DataFrame) -> GroupComparison:
    """Summaries of rating counts per group (rows, columns 1..5) and a chi-square test of
    rating × group over the groups with at least MIN_GROUP_SIZE ratings."""
    summary = rating_summary(counts)
    large = counts[summary["n"].to_numpy() >= MIN_GROUP_SIZE]
    test = chi_square_independence(large.to_numpy()) if len(large) >= 2 else None
    return GroupComparison(summary, test)


def bucket_table(frame: pd.DataFrame, buckets: Buckets) -> pd.DataFrame:
    """Rating counts (columns 1..5) per bucket label of ``buckets``, every bucket present, from the
    rating-by-bucket frame (one row per bucket and rating)."""
    table = np.zeros((len(buckets.lower_bounds), len(RATINGS)), dtype=np.int64)
    table[frame["bucket"].to_numpy() - 1, frame["rating"].to_numpy() - 1] = frame["n"].to_numpy()  # one row per pair
    return pd.DataFrame(table, index=buckets.labels(), columns=RATINGS)


# -- nutrition profile ------------------------------------------------------------------------


def weighted_quantiles(values: Any, counts: Any, levels: Any) -> np.ndarray:
    """Quantiles of data given as distinct values and their counts, interpolated linearly between
    order statistics (numpy's default, DuckDB's quantile_cont)."""
    values, counts = np.asarray(values, dtype=float), np.asarray(counts, dtype=float)
    order = np.argsort(values)
    values, ends = values[order], np.cumsum(counts[order])
    rank = (ends[-1] - 1) * np.asarray(levels, dtype=float)
    below = np.floor(rank)

    def value_at(position: np.ndarray) -> np.ndarray:  # the value of the data's 0-based order statistic
        return values[np.searchsorted(ends, position, side="right")]

    return value_at(below) + (rank - below) * (value_at(np.minimum(below + 1, ends[-1] - 1)) - value_at(below))


def nutrient_quantiles(frame: pd.DataFrame) -> pd.DataFrame:
    """Per nutrient (index, contract order): ``n``, ``mean``, ``p5``, ``q1``, ``median``, ``q3``, ``p95``;
    n = 0 and NaN when no recipe."""
    frame = frame.dropna(subset=["value"])
    codes, nutrients = pd.factorize(frame["nutrient"])  # integer codes: cheap masks per nutrient
    values, counts = frame["value"].to_numpy(dtype=float), frame["n"].to_numpy(dtype=float)
    rows: dict[str, list[float]] = {key: [0, *([np.nan] * (len(BOX_LEVELS) + 1))] for key in NUTRITION_COLUMNS}
    for code, nutrient in enumerate(nutrients):
        part = codes == code
        n = counts[part].sum()
        rows[str(nutrient)] = [
            n,
            values[part] @ counts[part] / n,
            *weighted_quantiles(values[part], counts[part], BOX_LEVELS),
        ]
    return pd.DataFrame.from_dict(rows, orient="index", columns=["n", "mean", "p5", "q1", "median", "q3", "p95"])


def profiled(profile: pd.DataFrame) -> pd.DataFrame:
    """nutrient_quantiles' ``profile`` itself, or EmptySelection when no recipe has any nutrient."""
    if profile["n"].max() == 0:
        raise EmptySelection
    return profile


@dataclass(frozen=True)
class NutritionSummary:
    """Calories (recipes ``n``, ``calories`` median, quartiles) and the daily-value nutrients of
    highest and lowest median (``top``, ``bottom``: nutrient names, their medians in %DV)."""

    n: float
    calories: float
    calories_q1: float
    calories_q3: float
    top: str
    top_value: float
    bottom: str
    bottom_value: float


def nutrition_summary(profile: pd.DataFrame) -> NutritionSummary:
    """From nutrient_quantiles' ``profile``; EmptySelection when no recipe has any nutrient."""
    n, median, q1, q3 = profiled(profile).loc["calories", ["n", "median", "q1", "q3"]].to_numpy(dtype=float)
    daily = profile.loc[list(NUTRITION_COLUMNS[1:]), "median"]
    values = daily.to_numpy(dtype=float)
    top, bottom = int(np.nanargmax(values)), int(np.nanargmin(values))  # as idxmax: NaN skipped
    return NutritionSummary(
        float(n),
        float(median),
        float(q1),
        float(q3),
        str(daily.index[top]),
        float(values[top]),
        str(daily.index[bottom]),
        float(values[bottom]),
    )


# -- healthiness score ------------------------------------------------------------------------


def score_bins(frame: pd.DataFrame) -> pd.DataFrame:
    """The health-score frame without unscored recipes, with each score's 5-point ``bin`` and 20-point ``band``."""
    frame = frame.dropna(subset=["score"])
    bins = np.clip(np.floor(frame["score"] / SCORE_BIN_WIDTH), 0, SCORE_BINS - 1).astype(int)
    return frame.assign(bin=bins, band=bins // BINS_PER_BAND)


def recipes_per_bin(frequencies: pd.DataFrame) -> pd.Series:
    """Recipes per 5-point bin (index 0 … SCORE_BINS − 1, every bin present); EmptySelection without any."""
    recipes = frequencies.groupby("bin")["n_recipes"].sum().reindex(range(SCORE_BINS), fill_value=0)
    if recipes.sum() == 0:
        raise EmptySelection
    return recipes


def band_counts(frequencies: pd.DataFrame) -> pd.DataFrame:
    """Rating counts (columns 1..5) per 20-point band, labelled '0–20' … '80–100', every band present."""
    bands = frequencies.groupby("band")[RATING_COLUMNS].sum().reindex(range(SCORE_BINS // BINS_PER_BAND), fill_value=0)
    bands.columns = pd.Index(RATINGS)
    width = SCORE_BIN_WIDTH * BINS_PER_BAND
    bands.index = pd.Index([f"{b * width}–{(b + 1) * width}" for b in bands.index])
    return bands


@dataclass(frozen=True)
class BandDifference:
    """The most healthy testable band's mean rating minus the least healthy one's, with its 95 % CI
    (Welch): labels, means, difference, CI."""

    high_label: str
    high_mean: float
    low_label: str
    low_mean: float
    difference: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class ScoreSummary:
    """Scored recipes (``n_recipes``), the quartiles of their score, the ratings compared across
    healthiness bands, and the difference between the extreme testable bands (None under two)."""

    n_recipes: float
    q1: float
    median: float
    q3: float
    comparison: GroupComparison
    difference: BandDifference | None


def score_summary(frequencies: pd.DataFrame) -> ScoreSummary:
    """From score_bins' ``frequencies``; EmptySelection without a scored recipe."""
    n_recipes = float(frequencies["n_recipes"].sum())
    if n_recipes == 0:
        raise EmptySelection
    scored = frequencies[frequencies["n_recipes"] > 0]
    q1, median, q3 = weighted_quantiles(scored["score"], scored["n_recipes"], (0.25, 0.5, 0.75))
    comparison = compare_groups(band_counts(frequencies))
    testable = comparison.testable
    difference = None
    if len(testable) >= 2:
        # Bands in score order: the first is the least healthy, the last the most.
        mean, std, n = (testable[column].to_numpy(dtype=float) for column in ("mean", "std", "n"))
        change, ci_low, ci_high, _ = welch_difference(mean[-1], std[-1], n[-1], mean[0], std[0], n[0])
        difference = BandDifference(
            str(testable.index[-1]),
            float(mean[-1]),
            str(testable.index[0]),
            float(mean[0]),
            float(change),
            float(ci_low),
            float(ci_high),
        )
    return ScoreSummary(n_recipes, float(q1), float(median), float(q3), comparison, difference)


# -- rating lift of tags and ingredients ------------------------------------------------------


@dataclass(frozen=True)
class LiftTable:
    """Items of at least MIN_SUPPORT ratings, by decreasing lift (ties by name), the overall mean
    rating and the number of ratings."""

    items: pd.DataFrame  # item, n, n_recipes, mean, lift, ci_low, ci_high, p_value, q_value, significant
    overall_mean: float
    total_ratings: int

    @property
    def significant(self) -> pd.DataFrame:
        return self.items[self.items["significant"]]

    @property
    def n_positive(self) -> int:
        """Items of significantly positive lift."""
        return int((self.significant["lift"] > 0).sum())

    @property
    def n_negative(self) -> int:
        """Items of significantly negative lift."""
        return int((self.significant["lift"] < 0).sum())

    @property
    def highest(self) -> pd.Series | None:
        """The item of highest lift, None when no lift is positive."""
        return self.items.iloc[0] if self.items["lift"].iloc[0] > 0 else None

    @property
    def lowest(self) -> pd.Series | None:
        """The item of lowest lift, None when no lift is negative."""
        return self.items.iloc[-1] if self.items["lift"].iloc[-1] < 0 else None


def lift_table(frame: pd.DataFrame) -> LiftTable:
    """Every item of the item-lift frame: its lift over the overall mean with a 95 % CI, and a Welch
    test of its ratings against all others, FDR-corrected over the items. EmptySelection without items."""
    if frame.empty:
        raise EmptySelection
    n, s, ss = (frame[c].to_numpy(dtype=float) for c in ("n", "s", "ss"))
    total_n, total_s, total_ss = (float(frame[c].iloc[0]) for c in ("total_n", "total_s", "total_ss"))
    overall_mean = total_s / total_n
    mean, std = mean_std_from_sums(n, s, ss)
    # An item on every rated recipe has no other ratings to compare with: its p-value is 1.
    rest_mean, rest_std = mean_std_from_sums(total_n - n, total_s - s, total_ss - ss)
    _, _, _, p_value = welch_difference(mean, std, n, rest_mean, rest_std, total_n - n)
    significant, q_value = fdr(p_value)
    ci_low, ci_high = mean_ci(mean, std, n)
    items = pd.DataFrame(
        {
            "item": frame["item"],
            "n": n.astype(int),
            "n_recipes": frame["n_recipes"].astype(int),
            "mean": mean,
            "lift": mean - overall_mean,
            "ci_low": ci_low - overall_mean,
            "ci_high": ci_high - overall_mean,
            "p_value": p_value,
            "q_value": q_value,
            "significant": significant,
        }
    ).sort_values(["lift", "item"], ascending=[False, True], ignore_index=True)
    return LiftTable(items, overall_mean, int(total_n))


def shown_lifts(items: pd.DataFrame) -> pd.DataFrame:
    """The LIFTS_SHOWN highest positive and lowest negative lifts, lowest first (chart order)."""
    positive = items[items["lift"] > 0].head(LIFTS_SHOWN)
    negative = items[items["lift"] < 0].tail(LIFTS_SHOWN)
    return pd.concat([negative, positive]).sort_values("lift", ignore_index=True)


# -- one recipe -------------------------------------------------------------------------------


def recipe_rating_counts(frame: pd.DataFrame, include_zero: bool) -> pd.DataFrame:
    """A recipe's reviews per rating (``rating``, ``n_interactions``), without 0 unless ``include_zero``;
    EmptySelection without any review."""
    if not include_zero:
        frame = frame[frame["rating"] > 0]
    if frame["n_interactions"].sum() == 0:
        raise EmptySelection
    return frame
