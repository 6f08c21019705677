"""Users & contributors analyses: activity tails, reviewer segments, cohort retention, contributors'
ratings by size, and the overlap of contributors and reviewers.

Inputs are the frames of the ``users/*`` queries:

- reviewer activity: ``n_reviews``, ``is_contributor``, ``n_users``, ``rating_0`` … ``rating_5`` (users
  having ``n_reviews`` reviews, and their rating counts);
- contributor activity: ``n_recipes``, ``n_contributors``;
- cohorts: ``cohort``, ``year``, ``n_active`` (users of a first-review cohort active in a year);
- contributors: ``contributor_id``, ``n_recipes``, ``n_ratings``, ``mean_rating`` (received).

An analysis with nothing to work on raises ``EmptySelection`` (or one of its subclasses below, for a
"why not" the tab words itself).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from app import stats
from app.errors import EmptySelection
from app.stats import sps

# Reviewer segments: first number of reviews of each segment (one-time 1, occasional 2-5, regular 6-50, power > 50).
REVIEWER_SEGMENT_STARTS = (1, 2, 6, 51)
# Contributor size buckets: first number of recipes of each bucket (1, 2-5, 6-20, > 20).
CONTRIBUTOR_BUCKET_STARTS = (1, 2, 6, 21)
# The "top 1 %" of the heavy-tail statement.
TOP_SHARE = 0.01

RATINGS = tuple(range(6))
RATING_COLUMNS = [f"rating_{r}" for r in RATINGS]
STARS = np.arange(1, 6)
# Effect-size words use the thresholds shared by every tab (app.stats): Cramér's V by the table's
# df* (stats.cramers_v_thresholds), ε² (stats.EPSILON_SQUARED), ρ (stats.COHEN_R), d (stats.COHEN_D).


class TooFewSegments(EmptySelection):
    """Fewer than two reviewer segments hold users: no test across segments."""


class TooFewCohorts(EmptySelection):
    """No cohort of at least ``stats.MIN_GROUP_SIZE`` users followed by a year of data."""


class TooFewBuckets(EmptySelection):
    """Fewer than two contributor size buckets hold rated contributors."""


class TooFewReviews(EmptySelection):
    """Contributors or the others wrote fewer than ``stats.MIN_GROUP_SIZE`` reviews: no comparison."""


class _Fields:
    """Results read by field name as well (``result["rho"]``), like the dicts they replaced."""

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)


def bucket_index(values: Any, starts: tuple[int, ...]) -> np.ndarray:
    """Index of the bucket (given by its first values ``starts``) each count falls in."""
    return np.searchsorted(np.asarray(starts), np.asarray(values), side="right") - 1


def _label_of(values: pd.Series, pick: Callable[[np.ndarray], Any]) -> int:
    """The (integer) index label of the value ``pick`` (np.argmin, np.argmax: the first one) selects."""
    return int(values.index[pick(values.to_numpy())])


def cramers_v_magnitude(test: stats.TestResult, table: Any) -> str:
    """The size word key ('small', …) of a chi-square test's Cramér's V, on thresholds for its table's df*."""
    rows, columns = (int((np.asarray(table).sum(axis=axis) > 0).sum()) for axis in (1, 0))
    return stats.magnitude(test.effect, stats.cramers_v_thresholds(min(rows, columns) - 1))


def rating_means(counts: Any) -> pd.DataFrame:
    """Per row of rating counts 0-5: ``mean_rating`` of the star ratings 1-5 (0 = no stars, left out)
    with its 95% CI (``ci_low``, ``ci_high``) and ``n_rated``."""
    n, mean, std = stats.counts_mean_std(np.atleast_2d(np.asarray(counts, dtype=float))[:, 1:], STARS)
    low, high = stats.mean_ci(mean, std, n)
    return pd.DataFrame({"mean_rating": mean, "ci_low": low, "ci_high": high, "n_rated": n})


# -- activity -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeavyTail(_Fields):
    """A count distribution's tail: ``people`` persons hold ``items``; ``one_share`` of them hold one;
    the ``top_people`` most active hold ``top_share`` of the items; the most active holds ``max_k``."""

    people: float
    items: float
    one_share: float
    top_people: int
    top_share: float
    max_k: float


def heavy_tail(k: Any, people: Any, top_share: float = TOP_SHARE) -> HeavyTail:
    """Heavy-tail summary of a count distribution: ``people[i]`` persons have ``k[i]`` items each.

    The top 1% are the ceil(1% × persons) most active persons, taken from the largest k down.
    """
    k, people = np.asarray(k, dtype=float), np.asarray(people, dtype=float)
    if not len(k):
        raise EmptySelection
    n_people, n_items = float(people.sum()), float((k * people).sum())
    top_people = math.ceil(top_share * n_people)
    order = np.argsort(-k)
    by_activity, people_by_activity = k[order], people[order]
    more_active = np.cumsum(people_by_activity) - people_by_activity  # persons ranked before each group
    taken = np.clip(top_people - more_active, 0, people_by_activity)
    return HeavyTail(
        people=n_people,
        items=n_items,
        one_share=float(people[k == 1].sum() / n_people),
        top_people=top_people,
        top_share=float((taken * by_activity).sum() / n_items),
        max_k=float(k.max()),
    )


def reviewers_per_k(frame: pd.DataFrame) -> pd.DataFrame:
    """Number of reviewers (``n_users``) having each number of reviews (``n_reviews``)."""
    return frame.groupby("n_reviews")["n_users"].sum().reset_index()


@dataclass(frozen=True)
class Activity:
    """Reviewers per number of reviews (``n_reviews``, ``n_users``) and contributors per number of
    recipes (``n_recipes``, ``n_contributors``), with their tails (None for a side without anyone)."""

    reviewers: pd.DataFrame
    contributors: pd.DataFrame
    reviewer_tail: HeavyTail | None
    contributor_tail: HeavyTail | None


def activity(reviewer_activity: pd.DataFrame, contributor_activity: pd.DataFrame) -> Activity:
    """Both activity distributions; EmptySelection when neither holds anyone."""
    reviewers = reviewers_per_k(reviewer_activity)
    if reviewers.empty and contributor_activity.empty:
        raise EmptySelection

    def tail(k: pd.Series, people: pd.Series) -> HeavyTail | None:
        return heavy_tail(k, people) if len(k) else None

    return Activity(
        reviewers,
        contributor_activity,
        tail(reviewers["n_reviews"], reviewers["n_users"]),
        tail(contributor_activity["n_recipes"], contributor_activity["n_contributors"]),
    )


# -- reviewer segments ----------------------------------------------------------------------


def segment_table(frame: pd.DataFrame, starts: tuple[int, ...] = REVIEWER_SEGMENT_STARTS) -> pd.DataFrame:
    """One row per reviewer segment (index: segment number): ``n_users``, ``n_interactions``, shares
    (``share_users``, ``share_interactions``), ``zero_share`` and ``five_share`` of its reviews, its rating
    counts ``rating_0`` … ``rating_5``, ``mean_rating`` ± CI (``ci_low``, ``ci_high``) and ``n_rated``."""
    if frame.empty:
        raise EmptySelection
    segment = bucket_index(frame["n_reviews"], starts)

    def per_segment(values: Any) -> np.ndarray:
        return np.bincount(segment, weights=np.asarray(values, dtype=float), minlength=len(starts))

    users, interactions = per_segment(frame["n_users"]), per_segment(frame["n_reviews"] * frame["n_users"])
    ratings = np.column_stack([per_segment(frame[column]) for column in RATING_COLUMNS])
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = {
            "share_users": users / users.sum(),
            "share_interactions": interactions / interactions.sum(),
            "zero_share": ratings[:, 0] / interactions,
            "five_share": ratings[:, 5] / interactions,
        }
    table = pd.DataFrame(
        {
            "n_users": users,
            "n_interactions": interactions,
            **shares,
            **dict(zip(RATING_COLUMNS, ratings.T, strict=True)),
        }
    )
    return pd.concat([table, rating_means(ratings)], axis=1)


@dataclass(frozen=True)
class SegmentExtremes:
    """The most active (``top``) and least active (``low``) segments holding users, and the shares of
    the users and of the reviews each holds."""

    top: int
    top_users_share: float
    top_reviews_share: float
    low: int
    low_users_share: float
    low_reviews_share: float


def segment_extremes(table: pd.DataFrame) -> SegmentExtremes:
    """The extreme segments of segment_table's ``table``."""
    present = table.index[table["n_users"] > 0]
    top, low = int(present.max()), int(present.min())
    users, reviews = table["share_users"].to_numpy(dtype=float), table["share_interactions"].to_numpy(dtype=float)
    return SegmentExtremes(top, float(users[top]), float(reviews[top]), low, float(users[low]), float(reviews[low]))


def overall_mean_rating(table: pd.DataFrame) -> float:
    """The mean of every star rating of a table with rating counts ``rating_0`` … ``rating_5``."""
    return float(rating_means(table[RATING_COLUMNS].sum().to_numpy())["mean_rating"].iloc[0])


@dataclass(frozen=True)
class SegmentRatingTest:
    """Chi-square test of rating × segment over the segments holding users; Cramér's V's size word
    key; the segments of lowest and highest mean rating (None when none has star ratings); the
    segments with fewer than ``stats.MIN_GROUP_SIZE`` users."""

    test: stats.TestResult
    magnitude: str
    low_segment: int | None
    low_mean: float
    high_segment: int | None
    high_mean: float
    small_segments: tuple[int, ...]


def segment_rating_test(table: pd.DataFrame) -> SegmentRatingTest:
    """Do ratings differ by segment? TooFewSegments when fewer than two segments hold users."""
    present = table.loc[table["n_users"] > 0]
    if len(present) < 2:
        raise TooFewSegments
    counts = present[RATING_COLUMNS].to_numpy()
    test = stats.chi_square_independence(counts)
    rated = present.loc[present["n_rated"] > 0, "mean_rating"]
    low, high = (_label_of(rated, np.argmin), _label_of(rated, np.argmax)) if len(rated) else (None, None)
    return SegmentRatingTest(
        test,
        cramers_v_magnitude(test, counts),
        low,
        float(rated.min()) if len(rated) else math.nan,
        high,
        float(rated.max()) if len(rated) else math.nan,
        tuple(int(i) for i in present.index[present["n_users"] < stats.MIN_GROUP_SIZE]),
    )


# -- cohorts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortMatrix:
    """``retention``: % of each cohort active per year from its first (cohorts × years, 100 on the cohort
    year, NaN before it); ``sizes``: cohort sizes; ``color_top``: the highest retention after the cohort
    year (100 when none), the top of the colour scale."""

    retention: pd.DataFrame
    sizes: pd.Series
    color_top: float


def cohort_matrix(frame: pd.DataFrame) -> CohortMatrix:
    """Retention of every cohort in every year; EmptySelection without any review."""
    if frame.empty:
        raise EmptySelection
    sizes = frame.loc[frame["year"] == frame["cohort"]].set_index("cohort")["n_active"].astype(int)
    active = frame.pivot(index="cohort", columns="year", values="n_active")
    years = range(int(frame["year"].min()), int(frame["year"].max()) + 1)
    active = active.reindex(index=sizes.index, columns=years)
    before_cohort = np.greater.outer(active.index.to_numpy(), np.asarray(list(years)))
    retention = (100 * active.fillna(0).div(sizes, axis=0)).mask(before_cohort)
    # The cohort year is 100% by definition: the colour scale spans the later years so their contrasts show.
    later_years = retention.to_numpy()[np.less.outer(retention.index.to_numpy(), retention.columns.to_numpy())]
    top = float(np.nanmax(later_years)) if np.isfinite(later_years).any() else 100.0
    return CohortMatrix(retention, sizes, top)


def year_one_retention(frame: pd.DataFrame) -> pd.DataFrame:
    """Per cohort followed by one more year of data (index): ``size``, users active the next year
    (``retained``) and their share (``retention``)."""
    sizes = frame.loc[frame["year"] == frame["cohort"]].set_index("cohort")["n_active"]
    next_year = frame.loc[frame["year"] == frame["cohort"] + 1].set_index("cohort")["n_active"]
    followed = sizes.index[sizes.index + 1 <= frame["year"].max()]
    table = pd.DataFrame({"size": sizes.reindex(followed), "retained": next_year.reindex(followed).fillna(0)})
    table["retention"] = table["retained"] / table["size"]
    return table


@dataclass(frozen=True)
class CohortRetention:
    """Year-1 retention over the cohorts of at least ``stats.MIN_GROUP_SIZE`` users (``table``, as
    year_one_retention): pooled ``mean``, lowest and highest cohort, and its logistic trend over cohorts
    (None when it cannot be fitted) with its direction ('rise', 'fall' or 'none': not significant or flat)."""

    table: pd.DataFrame
    mean: float
    low: float
    low_cohort: int
    high: float
    high_cohort: int
    trend: stats.ShareTrend | None
    direction: Literal["rise", "fall", "none"]


def cohort_retention(frame: pd.DataFrame) -> CohortRetention:
    """EmptySelection without any review, TooFewCohorts without a cohort large enough."""
    if frame.empty:
        raise EmptySelection
    table = year_one_retention(frame)
    table = table.loc[table["size"] >= stats.MIN_GROUP_SIZE]
    if table.empty:
        raise TooFewCohorts
    # Retention is a share of each cohort: a binomial logistic trend over cohorts (a curve within
    # [0, 1]); the direction word is the sign of the change between the fitted ends it quotes.
    trend = stats.logistic_trend(table.index, table["retained"], table["size"])
    direction: Literal["rise", "fall", "none"] = (
        "none"
        if trend is None or not trend.significant or trend.change == 0
        else "rise"
        if trend.change > 0
        else "fall"
    )
    return CohortRetention(
        table,
        float(table["retained"].sum() / table["size"].sum()),
        float(table["retention"].min()),
        _label_of(table["retention"], np.argmin),
        float(table["retention"].max()),
        _label_of(table["retention"], np.argmax),
        trend,
        direction,
    )


# -- contributors' ratings by size ------------------------------------------------------------


def top_contributors(frame: pd.DataFrame, count: int) -> pd.DataFrame:
    """The ``count`` contributors with the most recipes (ties: smallest id first)."""
    if frame.empty:
        raise EmptySelection
    return frame.sort_values(["n_recipes", "contributor_id"], ascending=[False, True]).head(count)


def rated_contributors(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(size bucket, recipes, mean rating received) of the contributors who received at least one rating."""
    rated = frame.loc[frame["n_ratings"] > 0]
    recipes = rated["n_recipes"].to_numpy()
    return bucket_index(recipes, CONTRIBUTOR_BUCKET_STARTS), recipes, rated["mean_rating"].to_numpy(dtype=float)


def contributor_buckets(frame: pd.DataFrame) -> pd.DataFrame:
    """Per size bucket (``bucket``), over rated contributors: ``n_contributors``, ``mean`` and ``std`` of
    their mean rating, its CI (``ci_low``, ``ci_high``) and box quantiles (``q1``, ``median``, ``q3``,
    ``lowerfence``, ``upperfence``: Tukey fences). EmptySelection without a rated contributor."""
    buckets, _, means = rated_contributors(frame)
    if not len(means):
        raise EmptySelection
    rows = []
    for bucket in np.unique(buckets):  # at most four buckets: numpy beats a pandas groupby here
        values = means[buckets == bucket]
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        reach = 1.5 * (q3 - q1)  # Tukey fences: the furthest values within 1.5 IQR of the quartiles
        rows.append(
            {
                "bucket": bucket,
                "n_contributors": len(values),
                "mean": values.mean(),
                "std": values.std(ddof=1) if len(values) > 1 else math.nan,
                "q1": q1,
                "median": median,
                "q3": q3,
                "lowerfence": values[values >= q1 - reach].min(),
                "upperfence": values[values <= q3 + reach].max(),
            }
        )
    table = pd.DataFrame(rows)
    table["ci_low"], table["ci_high"] = stats.mean_ci(table["mean"], table["std"], table["n_contributors"])
    return table


def overall_contributor_mean(table: pd.DataFrame) -> float:
    """The mean over rated contributors of their mean rating, from contributor_buckets' table."""
    return float(np.average(table["mean"], weights=table["n_contributors"]))


@dataclass(frozen=True)
class BucketStats(_Fields):
    """One contributor size bucket: its number, contributors, mean of their mean rating and its SD."""

    bucket: int
    n_contributors: int
    mean: float
    std: float


@dataclass(frozen=True)
class ProlificTests(_Fields):
    """Do ratings received differ by contributor size? (see prolific_tests)"""

    table: pd.DataFrame  # contributor_buckets
    kruskal: stats.TestResult
    kruskal_p: float
    epsilon_magnitude: str
    rho: float
    rho_p: float
    rho_significant: bool
    rho_magnitude: str
    welch: stats.TestResult
    welch_p: float
    welch_significant: bool
    welch_magnitude: str
    small: BucketStats
    large: BucketStats
    direction: Literal["better", "worse", "none"]  # the verdict: the large bucket's ratings vs the small one's
    rho_disagrees: bool  # a significant ρ of the other sign than the quoted means' difference
    small_buckets: tuple[int, ...]  # buckets with fewer than stats.MIN_GROUP_SIZE contributors


def prolific_tests(frame: pd.DataFrame) -> ProlificTests:
    """Do ratings received differ by contributor size? EmptySelection without any contributor,
    TooFewBuckets with fewer than 2 rated buckets.

    - Kruskal–Wallis across the size buckets (ε²) and Spearman ρ between recipes and mean rating
      over contributors, reported as they are;
    - the verdict compares the two groups the text names, the smallest and the largest bucket
      (Welch's t on their mean ratings, Cohen's d): its direction word is the sign of the difference
      of the two means it quotes, so the sentence cannot contradict them (ρ over contributors can
      point the other way: single-recipe contributors with one rating hold both extremes).
    The three p-values are adjusted together (Benjamini–Hochberg).
    """
    if frame.empty:
        raise EmptySelection
    buckets, recipes, means = rated_contributors(frame)
    groups = [means[buckets == bucket] for bucket in np.unique(buckets)]
    if len(groups) < 2:
        raise TooFewBuckets
    kruskal = stats.kruskal_wallis(groups)
    rho, rho_p = sps.spearmanr(recipes, means)
    rho, rho_p = (float(rho), float(rho_p)) if np.isfinite(rho) else (0.0, 1.0)  # constant input: no association
    table = contributor_buckets(frame)
    small, large = (
        BucketStats(int(row["bucket"]), int(row["n_contributors"]), float(row["mean"]), float(row["std"]))
        for row in (table.iloc[0], table.iloc[-1])
    )
    welch = stats.welch_t(large.mean, large.std, large.n_contributors, small.mean, small.std, small.n_contributors)
    rejected, adjusted = stats.fdr([kruskal.p_value, rho_p, welch.p_value])
    difference = large.mean - small.mean
    direction: Literal["better", "worse", "none"] = (
        "none" if not rejected[2] or difference == 0 else "better" if difference > 0 else "worse"
    )
    return ProlificTests(
        table=table,
        kruskal=kruskal,
        kruskal_p=float(adjusted[0]),
        epsilon_magnitude=stats.magnitude(kruskal.effect, stats.EPSILON_SQUARED),
        rho=rho,
        rho_p=float(adjusted[1]),
        rho_significant=bool(rejected[1]),
        rho_magnitude=stats.magnitude(rho, stats.COHEN_R),
        welch=welch,
        welch_p=float(adjusted[2]),
        welch_significant=bool(rejected[2]),
        welch_magnitude=stats.magnitude(welch.effect, stats.COHEN_D),
        small=small,
        large=large,
        direction=direction,
        rho_disagrees=bool(rejected[1] and difference != 0 and np.sign(rho) != np.sign(difference)),
        small_buckets=tuple(int(b) for b in table.loc[table["n_contributors"] < stats.MIN_GROUP_SIZE, "bucket"]),
    )


# -- contributors and reviewers overlap -------------------------------------------------------

OVERLAP_PARTS = ("both", "contributors_only", "reviewers_only")


@dataclass(frozen=True)
class Overlap:
    """Contributors vs reviewers: how many of each and of both, their shares, and the rating counts
    0-5 of each side's reviews (``ratings``: row 0 contributors' reviews, row 1 the others')."""

    contributors: int
    reviewers: int
    both: int
    ratings: np.ndarray

    @property
    def contributors_share(self) -> float:
        """Share of contributors who also review (NaN without contributors)."""
        return self.both / self.contributors if self.contributors else math.nan

    @property
    def reviewers_share(self) -> float:
        """Share of reviewers who also contribute (NaN without reviewers)."""
        return self.both / self.reviewers if self.reviewers else math.nan

    def parts(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per part of OVERLAP_PARTS: (people among the contributors and among the reviewers, their
        shares of each group, 0 for an empty group)."""
        totals = np.array([self.contributors, self.reviewers], dtype=float)
        both = np.array([self.both, self.both], dtype=float)
        counts = {
            "both": both,
            "contributors_only": np.array([totals[0] - both[0], 0]),
            "reviewers_only": np.array([0, totals[1] - both[1]]),
        }
        with np.errstate(invalid="ignore", divide="ignore"):
            return {part: (counts[part], np.where(totals > 0, counts[part] / totals, 0)) for part in OVERLAP_PARTS}

    def rating_shares(self) -> np.ndarray:
        """Per side (rows as ``ratings``), the share of its reviews at each rating 0-5 (0 without reviews)."""
        totals = self.ratings.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(totals > 0, self.ratings / totals, 0.0)


def overlap_summary(reviewers: pd.DataFrame, contributor_counts: pd.DataFrame) -> Overlap:
    """From the reviewer activity and the contributor activity frames; EmptySelection without anyone."""
    by_role = (
        reviewers.groupby("is_contributor")[["n_users", *RATING_COLUMNS]].sum().reindex([True, False], fill_value=0)
    )
    summary = Overlap(
        int(contributor_counts["n_contributors"].sum()),
        int(by_role["n_users"].sum()),
        int(by_role["n_users"].to_numpy()[0]),
        by_role[RATING_COLUMNS].to_numpy(dtype=float),
    )
    if summary.contributors == 0 and summary.reviewers == 0:
        raise EmptySelection
    return summary


@dataclass(frozen=True)
class OverlapTest:
    """Contributors' reviews vs the others': chi-square test of their rating distributions, Cramér's V's
    size word key, and each side's mean rating ± CI (``means``: rows 0 contributors, 1 others; columns
    as rating_means)."""

    test: stats.TestResult
    magnitude: str
    means: pd.DataFrame


def overlap_test(summary: Overlap) -> OverlapTest:
    """TooFewReviews when a side wrote fewer than ``stats.MIN_GROUP_SIZE`` reviews."""
    ratings = summary.ratings
    if ratings.sum(axis=1).min() < stats.MIN_GROUP_SIZE:
        raise TooFewReviews
    test = stats.chi_square_independence(ratings)
    return OverlapTest(test, cramers_v_magnitude(test, ratings), rating_means(ratings))
