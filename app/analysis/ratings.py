"""Ratings & reviews analyses: the frames of the ``ratings/*`` queries in, every number the charts and
the sentences of the tab quote out (distribution, monthly means and their trend, ratings against the
number of ratings, reviews without stars, review length, distinctive words, two segments, the
Bayesian top). No Dash, no texts: callbacks/ratings.py draws and words them. An analysis with nothing
to work on raises ``EmptySelection`` (or a subclass below naming why, which the callback words)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from app import stats
from app.errors import EmptySelection
from app.stats import ALPHA, MIN_GROUP_SIZE, sps

# Inclusive upper bounds of the recipe groups by number of star ratings: 1, 2–5, 6–20, 21–100, > 100
# (bucket k of queries/ratings/volume_buckets.sql holds the recipes with more than bound k − 1).
VOLUME_BOUNDS = (1, 5, 20, 100)
# Facet order of the distinctive words: the star ratings, then reviews without stars.
WORD_FACETS = (1, 2, 3, 4, 5, 0)
# |z| above this is a distinctive word (two-sided 5 %).
Z_CRITICAL = 1.96


class NoDistinctiveWords(EmptySelection):
    """No word is frequent enough to score (the word counts are empty)."""


class SameSegmentTag(EmptySelection):
    """Segments A and B are the same tag: there is nothing to compare."""


@dataclass(frozen=True)
class YearValue:
    """One year's value of a yearly series (a share, a median)."""

    year: int
    value: float


def direction(significant: bool, value: float) -> int:
    """+1 for a significant rise (or a higher first group), −1 for a significant fall, 0 when the
    test is not significant or the quoted number is exactly 0."""
    if not significant or value == 0:
        return 0
    return 1 if value > 0 else -1


def trend_direction(trend: stats.Trend | stats.ShareTrend) -> int:
    """``direction`` of a trend: the sign of the number a sentence quotes (a line's slope, a share
    curve's change between its ends), when significant."""
    value = trend.change if isinstance(trend, stats.ShareTrend) else trend.slope
    return direction(trend.significant, value)


# -- rating distribution -----------------------------------------------------------------------


def rating_shares(frame: pd.DataFrame, include_zero: bool) -> pd.DataFrame:
    """The reviews per rating (``ratings/distribution``: rating, n_reviews) with their ``share`` of the
    total; rating 0 only when ``include_zero``."""
    if not include_zero:
        frame = frame[frame["rating"] > 0]
    total = frame["n_reviews"].sum()
    return frame.assign(share=frame["n_reviews"] / total if total else 0.0)


@dataclass(frozen=True)
class RatingDistribution:
    """Reviews per rating, the most frequent rating, and the mean of the star ratings (1–5) with its
    Student-t 95 % CI."""

    frame: pd.DataFrame  # rating, n_reviews, share
    total: int  # reviews shown (rating 0 included when the filter includes it)
    top_rating: int
    top_share: float
    n_rated: int  # star ratings (1–5)
    mean: float
    std: float
    ci_low: float
    ci_high: float
    zero_share: float | None  # share of reviews without stars; None when the filter leaves them out

    @property
    def small(self) -> bool:
        """Too few star ratings to conclude."""
        return self.n_rated < MIN_GROUP_SIZE


def rating_distribution(frame: pd.DataFrame, include_zero: bool) -> RatingDistribution:
    """The distribution of ``ratings/distribution``'s counts; EmptySelection without any review."""
    frame = rating_shares(frame, include_zero)
    total = int(frame["n_reviews"].sum())
    if total == 0:
        raise EmptySelection()
    top = frame.iloc[int(frame["n_reviews"].to_numpy().argmax())]  # the first of equal counts
    stars = frame[frame["rating"] > 0]
    n_rated = int(stars["n_reviews"].sum())
    _, mean, std = stats.counts_mean_std(stars["n_reviews"], stars["rating"])
    low, high = stats.mean_ci(mean, std, n_rated)
    zero_share = float(frame.loc[frame["rating"] == 0, "share"].sum()) if include_zero else None
    return RatingDistribution(
        frame,
        total,
        int(top["rating"]),
        float(top["share"]),
        n_rated,
        float(mean),
        float(std),
        float(low),
        float(high),
        zero_share,
    )


# -- monthly mean rating and its trend ---------------------------------------------------------


@dataclass(frozen=True)
class MonthlyMeans:
    """Monthly mean star rating with its CI, and the count-weighted trend over time (per year) with
    Newey–West standard errors: neighbouring months share reviewers and recipes, so their means are
    autocorrelated and the ordinary WLS p-value would call a drift of thousandths significant."""

    # year, month, month_start, n_ratings, mean_rating, std_rating, ci_low, ci_high, small,
    # time (mid-month as a decimal year)
    frame: pd.DataFrame
    trend: stats.Trend | None  # None: fewer than 3 months

    @property
    def overall_mean(self) -> float:
        """Mean of all the star ratings of these months."""
        return float(np.average(self.frame["mean_rating"], weights=self.frame["n_ratings"]))

    @property
    def n_months(self) -> int:
        return len(self.frame)

    @property
    def n_small(self) -> int:
        """Months with fewer than MIN_GROUP_SIZE ratings."""
        return int(self.frame["small"].sum())


def monthly_means(frame: pd.DataFrame) -> MonthlyMeans:
    """The months of ``ratings/monthly_mean`` (year, month, month_start, n_ratings, mean_rating,
    std_rating) with their CI and trend; EmptySelection without any month."""
    if frame.empty:
        raise EmptySelection()
    low, high = stats.mean_ci(frame["mean_rating"], frame["std_rating"], frame["n_ratings"])
    # Mid-month as a decimal year, so the slope reads in stars per year.
    time = frame["year"] + (frame["month"] - 0.5) / 12
    frame = frame.assign(ci_low=low, ci_high=high, small=frame["n_ratings"] < MIN_GROUP_SIZE, time=time)
    return MonthlyMeans(frame, stats.hac_trend(frame["time"], frame["mean_rating"], frame["n_ratings"]))


def period_means(monthly: MonthlyMeans, granularity: str, window: int) -> pd.DataFrame:
    """The mean star rating per period of ``granularity`` (a key of ``stats.PERIOD_MONTHS``), pooled
    from the monthly counts, sums and sums of squares (so a quarter's mean is the mean of its ratings,
    not of its months' means), with its CI; every period from the first to the last, those without
    ratings holding n_ratings 0 and NaN means. ``window``: the count-weighted trailing mean of that many
    periods (the mean of all their ratings), NaN until that many periods have passed; 0: NaN.
    Columns: period, start ('YYYY-MM-DD'), label ('2004-01', '2004 Q1', '2004'), n_ratings, mean_rating,
    std_rating, ci_low, ci_high, small, rolling."""
    frame = monthly.frame
    n = frame["n_ratings"].to_numpy(float)
    mean = frame["mean_rating"].to_numpy(float)
    variance = np.nan_to_num(frame["std_rating"].to_numpy(float) ** 2)
    pooled = pd.DataFrame(
        {
            "period": stats.period_index(frame["year"], frame["month"], granularity),
            "n": n,
            "total": mean * n,
            "squares": variance * (n - 1) + n * mean**2,
        }
    )
    pooled = pooled.groupby("period").sum()
    periods = np.arange(pooled.index.min(), pooled.index.max() + 1)
    pooled = pooled.reindex(periods, fill_value=0)
    size = stats.PERIOD_MONTHS[granularity]
    per_year = 12 // size
    years, months = periods // per_year, periods % per_year * size + 1
    counts = pooled["n"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        means = np.where(counts > 0, pooled["total"] / counts, np.nan)
        stds = np.where(
            counts > 1, np.sqrt(np.maximum(pooled["squares"] - pooled["total"] ** 2 / counts, 0) / (counts - 1)), np.nan
        )
    if granularity == "month":  # the query's own monthly means and deviations, not recomputed ones
        own = pd.DataFrame(
            {"mean": mean, "std": frame["std_rating"].to_numpy(float)},
            index=stats.period_index(frame["year"], frame["month"], "month"),
        ).reindex(periods)
        means, stds = own["mean"].to_numpy(), own["std"].to_numpy()
    low, high = stats.mean_ci(means, stds, counts)
    labels = {
        "month": [f"{y}-{m:02d}" for y, m in zip(years, months, strict=True)],
        "quarter": [f"{y} Q{(m - 1) // 3 + 1}" for y, m in zip(years, months, strict=True)],
        "year": [str(y) for y in years],
    }[granularity]
    smooth = stats.rolling_mean(means, window, weights=counts) if window else np.full(len(periods), np.nan)
    return pd.DataFrame(
        {
            "period": periods,
            "start": [f"{y:04d}-{m:02d}-01" for y, m in zip(years, months, strict=True)],
            "label": labels,
            "n_ratings": counts.astype(int),
            "mean_rating": means,
            "std_rating": stds,
            "ci_low": low,
            "ci_high": high,
            "small": counts < MIN_GROUP_SIZE,
            "rolling": smooth,
        }
    )


# -- rating against number of ratings ----------------------------------------------------------


def spearman_p_value(rho: float, n: int) -> float:
    """Two-sided p-value of Spearman's rho by the t approximation (as scipy.stats.spearmanr)."""
    if n < 3 or rho != rho:
        return float("nan")
    if abs(rho) >= 1:
        return 0.0
    statistic = rho * math.sqrt((n - 2) / (1 - rho * rho))
    return float(2 * sps.t.sf(abs(statistic), n - 2))


@dataclass(frozen=True)
class VolumeAnalysis:
    """Recipe groups by number of ratings, and the rank correlation over all recipes."""

    # bucket (index into VOLUME_BOUNDS), n_recipes, n_ratings, mean_rating (mean of the recipes' means),
    # std_rating, n_five, ci_low, ci_high, five_share, five_low, five_high (Wilson), small
    frame: pd.DataFrame
    rho: float  # Spearman's rho of (number of ratings, mean rating) over all recipes
    n_recipes: int
    p_value: float

    @property
    def overall_mean(self) -> float:
        """Mean of the recipes' mean ratings over all recipes (the groups' means weighted by recipes)."""
        return float(np.average(self.frame["mean_rating"], weights=self.frame["n_recipes"]))

    @property
    def conclusive(self) -> bool:
        """Enough recipes, and a defined rho, to read the correlation."""
        return not (self.n_recipes < MIN_GROUP_SIZE or self.rho != self.rho)

    @property
    def significant(self) -> bool:
        return self.p_value < ALPHA

    @property
    def strength(self) -> str:
        """The size of rho on the thresholds every tab uses (``stats.COHEN_R``)."""
        return stats.magnitude(self.rho, stats.COHEN_R)

    @property
    def disagrees(self) -> bool:
        """A significant rho against the direction of the first and last groups' means (single-rated
        recipes at 5.0 take the top ranks while the group means rise): the text explains it."""
        first, last = self.frame["mean_rating"].iloc[0], self.frame["mean_rating"].iloc[-1]
        return bool(self.significant and np.sign(self.rho) == -np.sign(last - first))


def volume_analysis(frame: pd.DataFrame) -> VolumeAnalysis:
    """The groups of ``ratings/volume_buckets`` with their CIs, 5-star shares and the Spearman test;
    EmptySelection without any recipe."""
    if frame.empty:
        raise EmptySelection()
    low, high = stats.mean_ci(frame["mean_rating"], frame["std_rating"], frame["n_recipes"])
    five_low, five_high = stats.proportion_ci(frame["n_five"], frame["n_ratings"])
    frame = frame.assign(
        ci_low=low,
        ci_high=high,
        five_share=frame["n_five"] / frame["n_ratings"],
        five_low=five_low,
        five_high=five_high,
        small=frame["n_recipes"] < MIN_GROUP_SIZE,
    )
    rho, n = float(frame["spearman_rho"].iloc[0]), int(frame["spearman_n"].iloc[0])
    return VolumeAnalysis(frame, rho, n, spearman_p_value(rho, n))


# -- reviews without stars per year --------------------------------------------------------------


@dataclass(frozen=True)
class ZeroShare:
    """Yearly share of reviews without stars and its binomial logistic trend (a curve within [0, 1],
    where a line fitted to the share ended at 1.7 % against about 4 % observed)."""

    frame: pd.DataFrame  # year, n_reviews, n_zero, share, ci_low, ci_high (Wilson), small
    trend: stats.ShareTrend | None  # None: fewer than 3 years
    lowest: YearValue  # the lowest and highest shares over the years large enough to trust (all
    highest: YearValue  # years when none is): a year of 3 reviews could read 0 % or 100 %

    @property
    def total(self) -> int:
        return int(self.frame["n_reviews"].sum())

    @property
    def n_zero(self) -> int:
        return int(self.frame["n_zero"].sum())

    @property
    def overall_share(self) -> float:
        return self.n_zero / self.total

    @property
    def small_years(self) -> list[int]:
        return [int(year) for year in self.frame.loc[self.frame["small"], "year"]]


def zero_share(frame: pd.DataFrame) -> ZeroShare:
    """The years of ``ratings/zero_share_per_year`` (year, n_reviews, n_zero) with their shares, Wilson
    CIs and logistic trend; EmptySelection without any year."""
    if frame.empty:
        raise EmptySelection()
    low, high = stats.proportion_ci(frame["n_zero"], frame["n_reviews"])
    frame = frame.assign(
        share=frame["n_zero"] / frame["n_reviews"], ci_low=low, ci_high=high, small=frame["n_reviews"] < MIN_GROUP_SIZE
    )
    reliable = frame[~frame["small"]] if (~frame["small"]).any() else frame
    shares = reliable["share"].to_numpy()
    lowest, highest = reliable.iloc[int(shares.argmin())], reliable.iloc[int(shares.argmax())]
    return ZeroShare(
        frame,
        stats.logistic_trend(frame["year"], frame["n_zero"], frame["n_reviews"]),
        YearValue(int(lowest["year"]), float(lowest["share"])),
        YearValue(int(highest["year"]), float(highest["share"])),
    )


# -- review length -----------------------------------------------------------------------------


@dataclass(frozen=True)
class LengthByRating:
    """Review length quantiles per rating, and the ratings with the longest and shortest median
    (among the ratings with enough reviews, all of them when none has)."""

    frame: pd.DataFrame  # rating, n_reviews, mean_length, p05, q1, median, q3, p95
    longest: int  # rating
    shortest: int

    def median(self, rating: int) -> float:
        return float(self.frame.loc[self.frame["rating"] == rating, "median"].iloc[0])

    @property
    def small_ratings(self) -> list[int]:
        """Ratings with fewer than MIN_GROUP_SIZE reviews."""
        return [int(r) for r in self.frame.loc[self.frame["n_reviews"] < MIN_GROUP_SIZE, "rating"]]


def length_by_rating(frame: pd.DataFrame) -> LengthByRating:
    """``ratings/length_by_rating`` read; EmptySelection without any review."""
    if frame.empty:
        raise EmptySelection()
    reliable = frame[frame["n_reviews"] >= MIN_GROUP_SIZE]
    reliable = reliable if not reliable.empty else frame
    medians = reliable["median"].to_numpy()
    longest, shortest = reliable.iloc[int(medians.argmax())], reliable.iloc[int(medians.argmin())]
    return LengthByRating(frame, int(longest["rating"]), int(shortest["rating"]))


@dataclass(frozen=True)
class LengthPerYear:
    """Median review length per review year and its count-weighted Newey–West trend."""

    frame: pd.DataFrame  # year, n_reviews, q1, median, q3, small
    trend: stats.Trend | None  # None: fewer than 3 years

    @property
    def first(self) -> YearValue:
        """The first year's median."""
        return YearValue(int(self.frame["year"].iloc[0]), float(self.frame["median"].iloc[0]))

    @property
    def last(self) -> YearValue:
        return YearValue(int(self.frame["year"].iloc[-1]), float(self.frame["median"].iloc[-1]))

    @property
    def small_years(self) -> list[int]:
        return [int(year) for year in self.frame.loc[self.frame["small"], "year"]]


def length_per_year(frame: pd.DataFrame) -> LengthPerYear:
    """``ratings/length_per_year`` with its trend; EmptySelection without any year."""
    if frame.empty:
        raise EmptySelection()
    frame = frame.assign(small=frame["n_reviews"] < MIN_GROUP_SIZE)
    return LengthPerYear(frame, stats.hac_trend(frame["year"], frame["median"], frame["n_reviews"]))


# -- distinctive words -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WordLeader:
    """The most distinctive word of a rating."""

    rating: int
    word: str
    z: float

    @property
    def distinctive(self) -> bool:
        return self.z > Z_CRITICAL


@dataclass(frozen=True)
class DistinctiveWords:
    """The top words per rating by weighted log-odds z-score, and each rating's leading word."""

    top: pd.DataFrame  # rating, word, n, log_odds, z, distinctive (z > Z_CRITICAL); by rating, z descending
    leaders: tuple[WordLeader, ...]  # the first word of each rating present, in WORD_FACETS order

    @property
    def facets(self) -> list[int]:
        """The ratings present, in WORD_FACETS order."""
        return [leader.rating for leader in self.leaders]

    def words(self, rating: int) -> pd.DataFrame:
        """The rows of ``rating``, highest z first."""
        return self.top[self.top["rating"] == rating]

    @property
    def weak(self) -> list[int]:
        """The ratings whose best word is not distinctive."""
        return [leader.rating for leader in self.leaders if leader.z <= Z_CRITICAL]


def distinctive_words(top: pd.DataFrame) -> DistinctiveWords:
    """``ratings/distinctive_words`` (rating, word, n, log_odds, z; by rating, z descending) read;
    NoDistinctiveWords when empty."""
    if top.empty:
        raise NoDistinctiveWords()
    top = top.assign(distinctive=top["z"] > Z_CRITICAL)
    present = set(top["rating"])
    leaders = []
    for rating in (r for r in WORD_FACETS if r in present):
        first = top[top["rating"] == rating].iloc[0]
        leaders.append(WordLeader(rating, str(first["word"]), float(first["z"])))
    return DistinctiveWords(top, tuple(leaders))


# -- two-segment comparison ----------------------------------------------------------------------


def default_segment(tags: pd.DataFrame) -> str:
    """Segment A when none is chosen: the most frequent tag of ``ratings/segment_tags`` (tag,
    n_recipes, most frequent first); EmptySelection when there is no tag."""
    if tags.empty:
        raise EmptySelection()
    return str(tags["tag"].iloc[0])


@dataclass(frozen=True)
class SegmentStars:
    """A segment's star ratings (1–5): their number, mean, SD and the mean's Student-t 95 % CI."""

    n: int
    mean: float
    std: float
    ci_low: float
    ci_high: float

    @property
    def small(self) -> bool:
        return self.n < MIN_GROUP_SIZE


@dataclass(frozen=True)
class SegmentComparison:
    """The rating counts of two disjoint segments and the tests comparing them."""

    tag_a: str
    tag_b: str | None  # None: every recipe without tag A
    # rating, a, b (reviews per rating shown: 0 only when the filter includes it), share_a, share_b
    # (of the segment's reviews; 0 for an empty segment)
    counts: pd.DataFrame
    n_both: int  # reviews of recipes holding both tags, left out of both segments
    mann_whitney: stats.TestResult  # on the star ratings 1–5, A over B
    chi_square: stats.TestResult  # on the counts of every rating shown
    stars_a: SegmentStars
    stars_b: SegmentStars

    def stars(self, segment: str) -> SegmentStars:
        """The star ratings of segment 'a' or 'b'."""
        return self.stars_a if segment == "a" else self.stars_b

    @property
    def n_reviews(self) -> int:
        """Reviews of both segments (ratings shown)."""
        return int(self.counts[["a", "b"]].to_numpy().sum())

    @property
    def empty_segment(self) -> str | None:
        """'a' or 'b', the first segment without any star rating, else None."""
        return next((s for s in ("a", "b") if self.stars(s).n == 0), None)

    @property
    def small_segments(self) -> list[str]:
        return [s for s in ("a", "b") if self.stars(s).small]

    @property
    def direction(self) -> int:
        """+1 when A is rated significantly higher than B, −1 lower, 0 neither."""
        return direction(self.mann_whitney.significant, self.mann_whitney.effect)

    @property
    def r_magnitude(self) -> str:
        return stats.magnitude(self.mann_whitney.effect, stats.COHEN_R)

    @property
    def v_magnitude(self) -> str:
        """Cramér's V of the 2-row table: df* = 1."""
        return stats.magnitude(self.chi_square.effect, stats.cramers_v_thresholds(1))


def _segment_stars(counts: pd.DataFrame, segment: str) -> SegmentStars:
    rows = counts[counts["rating"] > 0]
    n = int(rows[segment].sum())
    _, mean, std = stats.counts_mean_std(rows[segment], rows["rating"])
    low, high = stats.mean_ci(mean, std, n)
    return SegmentStars(n, float(mean), float(std), float(low), float(high))


def compare_segments(frame: pd.DataFrame, tag_a: str, tag_b: str | None, include_zero: bool) -> SegmentComparison:
    """Segment A (recipes with ``tag_a``) against B (with ``tag_b``, or every other recipe when None),
    from ``ratings/segment_distribution`` (segment 'a' | 'b' | 'both', rating, n_reviews). The ratings
    shown include 0 only when ``include_zero``. SameSegmentTag when A and B are the same tag."""
    if tag_a == tag_b:
        raise SameSegmentTag()
    table = frame.pivot(index="rating", columns="segment", values="n_reviews").fillna(0).astype(int)
    if not include_zero:
        table = table[table.index > 0]
    counts = pd.DataFrame({"rating": table.index.to_numpy(int), "a": table["a"].to_numpy(), "b": table["b"].to_numpy()})
    for segment in ("a", "b"):
        n = counts[segment].to_numpy()
        total = int(n.sum())
        counts[f"share_{segment}"] = n / total if total else np.zeros(len(n))
    stars = counts[counts["rating"] > 0]
    mann_whitney = stats.mann_whitney(
        np.repeat(stars["rating"].to_numpy(), stars["a"].to_numpy()),
        np.repeat(stars["rating"].to_numpy(), stars["b"].to_numpy()),
    )
    chi_square = stats.chi_square_independence(counts[["a", "b"]].to_numpy().T)
    return SegmentComparison(
        tag_a,
        tag_b,
        counts,
        int(table["both"].sum()),
        mann_whitney,
        chi_square,
        _segment_stars(counts, "a"),
        _segment_stars(counts, "b"),
    )


# -- top recipes by Bayesian average -------------------------------------------------------------


@dataclass(frozen=True)
class RankedRecipe:
    """A recipe of the Bayesian top: its raw and Bayesian means over its star ratings."""

    recipe_id: int
    name: str | None
    n_ratings: int
    mean_rating: float
    bayes_rating: float


@dataclass(frozen=True)
class TopRecipes:
    """The recipes ranked by Bayesian average (queries/ratings/bayesian_top.sql), the prior they are
    shrunk to, and the first of them."""

    # recipe_id, name, n_ratings, mean_rating, bayes_rating (and the prior columns, repeated)
    frame: pd.DataFrame
    prior_mean: float  # C: the mean of all star ratings
    prior_weight: float  # m: the median number of star ratings per recipe
    n_recipes: int  # rated recipes
    n_ratings_all: int  # star ratings of all recipes
    n_perfect: int  # recipes shown whose raw mean is 5 stars
    recipes: tuple[RankedRecipe, ...]  # in rank order

    @property
    def first(self) -> RankedRecipe:
        return self.recipes[0]


def top_recipes(frame: pd.DataFrame) -> TopRecipes:
    """``ratings/bayesian_top``'s rows (already cut to the N shown); EmptySelection without any."""
    if frame.empty:
        raise EmptySelection()
    recipes = tuple(
        RankedRecipe(int(recipe_id), name if isinstance(name, str) else None, int(n), float(mean), float(bayes))
        for recipe_id, name, n, mean, bayes in zip(
            frame["recipe_id"],
            frame["name"],
            frame["n_ratings"],
            frame["mean_rating"],
            frame["bayes_rating"],
            strict=True,
        )
    )
    row = frame.iloc[0]
    return TopRecipes(
        frame,
        float(row["prior_mean"]),
        float(row["prior_weight"]),
        int(row["n_recipes"]),
        int(row["n_ratings_all"]),
        int((frame["mean_rating"] >= 5).sum()),
        recipes,
    )
