"""Trends tab analyses: recipes by submission year, from the frames of the ``trends/*`` queries.

Trends of yearly means and medians (minutes, complexity, nutrition, items per recipe) are
least-squares lines over all years weighted by the recipes of each year, tested with Newey–West
standard errors (``app.stats.hac_trend``: neighbouring years are not independent). Trends of
shares (the share of recipes carrying a tag or an ingredient) are binomial logistic curves
(``app.stats.logistic_trends``, all items at once, FDR-corrected across them), which stay within
[0, 1] where a line would run below 0 %.

Every function takes what a query returned plus plain parameters and returns a typed result; with
nothing to analyse it raises ``EmptySelection`` (``NoSupportedItems`` and ``TooFewYears`` say why,
for the callback to word it). No texts and no formatting here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from app import stats
from app.errors import EmptySelection
from app.tags import STRUCTURAL_TAGS

# Years with fewer recipes are flagged as too small to read on their own.
SMALL_YEAR = stats.MIN_GROUP_SIZE
# A trend needs at least this many years.
MIN_TREND_YEARS = 3
# Items tested for a trend must be in at least this share of the filtered recipes AND this many recipes.
MIN_ITEM_SHARE = 0.005
MIN_ITEM_RECIPES = 50
# A count-weighted mean over this many times the weighted median reads as a heavy right tail.
HEAVY_TAIL_RATIO = 1.1
# From this Pearson r on, the distinct items of a year track its number of recipes.
TRACKS_VOLUME_R = 0.5
# The volume summary's concentration: the share of the recipes in this many busiest years.
BUSIEST_YEARS = 3
# The yearly centres fitted on the minutes and nutrition charts.
CENTERS = ("median", "mean")
# Column prefixes of the complexity query (``<prefix>_mean``, ``<prefix>_std``).
COMPLEXITY_PREFIXES = ("complexity", "steps", "ingredients")

Direction = Literal["up", "down"]


class NoSupportedItems(EmptySelection):
    """No item reaches the support threshold under the current filters."""


class TooFewYears(EmptySelection):
    """The filters leave fewer years than a trend needs."""

    def __init__(self, n_years: int, min_years: int = MIN_TREND_YEARS) -> None:
        super().__init__()
        self.n_years, self.min_years = n_years, min_years


def small_years(years: Iterable[float], counts: Iterable[float]) -> list[tuple[int, int]]:
    """(year, recipes) of the years with fewer than ``SMALL_YEAR`` recipes, in the given order."""
    return [(int(y), int(n)) for y, n in zip(years, counts, strict=True) if n < SMALL_YEAR]


# -- volume --------------------------------------------------------------------------------------


def volume_per_period(monthly: pd.DataFrame, granularity: str, window: int = 0) -> pd.DataFrame:
    """Recipes per period of ``granularity`` (a key of ``stats.PERIOD_MONTHS``) summed from the monthly
    counts (columns year, month, n_recipes): every period from the first to the last with recipes,
    zero-filled. Columns: period (consecutive index), year, month (first month of the period), start
    (its first day, 'YYYY-MM-DD'), n_recipes, share (of all the recipes) and rolling (the trailing mean
    of ``window`` periods, NaN without a window or until ``window`` periods are available)."""
    if monthly.empty:
        raise EmptySelection()
    size = stats.PERIOD_MONTHS[granularity]
    index = stats.period_index(monthly["year"], monthly["month"], granularity)
    counts = monthly.groupby(index)["n_recipes"].sum()
    periods = np.arange(counts.index.min(), counts.index.max() + 1)
    per_year = 12 // size
    years, months = periods // per_year, periods % per_year * size + 1
    n_recipes = counts.reindex(periods, fill_value=0).to_numpy(int)
    return pd.DataFrame(
        {
            "period": periods,
            "year": years,
            "month": months,
            "start": [f"{y:04d}-{m:02d}-01" for y, m in zip(years, months, strict=True)],
            "n_recipes": n_recipes,
            "share": n_recipes / n_recipes.sum(),
            "rolling": stats.rolling_mean(n_recipes, window) if window else np.full(len(periods), np.nan),
        }
    )


@dataclass(frozen=True)
class VolumeSummary:
    """The distribution of the recipes over the submission years."""

    counts: pd.Series  # recipes per year, indexed by year
    total: int
    mean: float
    median: float
    peak_year: int
    peak_n: int
    busiest: tuple[int, ...]  # the BUSIEST_YEARS busiest years, busiest first; () with no more years than that
    busiest_share: float | None  # their share of the recipes
    small_years: list[tuple[int, int]]

    @property
    def n_years(self) -> int:
        return len(self.counts)

    @property
    def first(self) -> int:
        return int(self.counts.index.min())

    @property
    def last(self) -> int:
        return int(self.counts.index.max())

    @property
    def peak_share(self) -> float:
        return self.peak_n / self.total

    @property
    def even_share(self) -> float:
        """The busiest years' share if the recipes were spread evenly over the years."""
        return BUSIEST_YEARS / self.n_years


def volume_summary(yearly: pd.DataFrame) -> VolumeSummary:
    """Summary of the recipes per year (columns year, n_recipes)."""
    if yearly.empty:
        raise EmptySelection()
    counts = yearly.set_index("year")["n_recipes"]
    total = int(counts.sum())
    busiest = counts.nlargest(BUSIEST_YEARS) if len(counts) > BUSIEST_YEARS else counts.iloc[:0]
    return VolumeSummary(
        counts=counts,
        total=total,
        mean=float(counts.mean()),
        median=float(counts.median()),
        peak_year=int(counts.index.to_numpy()[counts.to_numpy().argmax()]),
        peak_n=int(counts.max()),
        busiest=tuple(int(year) for year in busiest.index),
        busiest_share=float(busiest.sum() / total) if len(busiest) else None,
        small_years=small_years(counts.index, counts),
    )


# -- yearly centres (minutes, nutrition) --------------------------------------------------------------


@dataclass(frozen=True)
class PerYear:
    """A result read off a per-year frame (columns year, n_recipes and the statistics)."""

    frame: pd.DataFrame

    @property
    def small_years(self) -> list[tuple[int, int]]:
        return small_years(self.frame["year"], self.frame["n_recipes"])


@dataclass(frozen=True)
class CenterTrends(PerYear):
    """Per-year median and mean of a measure (the query's frame: year, n_recipes, median, mean and its
    quantile columns) with their count-weighted Newey–West trends (None: too few years)."""

    trends: Mapping[str, stats.Trend | None]  # by centre: "median", "mean"
    tail_ratio: float | None  # count-weighted mean over weighted median; None when that median is not positive
    n_outliers: int = 0  # recipes left out of the statistics (the minutes' outliers)

    @property
    def heavy_tail(self) -> bool:
        return self.tail_ratio is not None and self.tail_ratio > HEAVY_TAIL_RATIO


def center_trends(frame: pd.DataFrame, n_outliers: int = 0) -> CenterTrends:
    """Trends of the yearly median and mean of ``frame`` and how heavy its right tail is."""
    if frame.empty:
        raise EmptySelection()
    weights = frame["n_recipes"]
    ratio = None
    if weights.sum() > 0:
        weighted_median = float(np.average(frame["median"], weights=weights))
        if weighted_median > 0:
            ratio = float(np.average(frame["mean"], weights=weights)) / weighted_median
    trends = {center: stats.hac_trend(frame["year"], frame[center], weights) for center in CENTERS}
    return CenterTrends(frame, trends, ratio, n_outliers)


def minutes_per_year(frame: pd.DataFrame) -> CenterTrends:
    """The minutes per year (query ``trends/minutes_per_year``): the years with recipes under the
    outlier threshold, and how many outliers the statistics leave out."""
    n_outliers = int(frame["n_outliers"].sum()) if not frame.empty else 0
    return center_trends(frame[frame["n_recipes"] > 0], n_outliers)


# -- yearly means (complexity, items per recipe) -------------------------------------------------


@dataclass(frozen=True)
class MeanSeries:
    """A per-year mean with its Student-t 95 % CI and its count-weighted Newey–West trend."""

    mean: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    trend: stats.Trend | None


def mean_series(frame: pd.DataFrame, mean_column: str, std_column: str) -> MeanSeries:
    """The yearly mean of ``frame[mean_column]`` (SD ``std_column``, counts ``n_recipes``)."""
    mean = frame[mean_column].to_numpy(float)
    low, high = stats.mean_ci(mean, frame[std_column], frame["n_recipes"])
    return MeanSeries(mean, low, high, stats.hac_trend(frame["year"], mean, frame["n_recipes"]))


@dataclass(frozen=True)
class ComplexityTrends(PerYear):
    """Per-year means of the complexity score, steps and ingredients (``COMPLEXITY_PREFIXES``)."""

    series: Mapping[str, MeanSeries]


def complexity_per_year(frame: pd.DataFrame) -> ComplexityTrends:
    """The complexity query's frame (year, n_recipes, <prefix>_mean, <prefix>_std) fitted per series."""
    if frame.empty:
        raise EmptySelection()
    return ComplexityTrends(
        frame, {prefix: mean_series(frame, f"{prefix}_mean", f"{prefix}_std") for prefix in COMPLEXITY_PREFIXES}
    )


# -- tags and ingredients --------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemTrends:
    """Logistic trends of the yearly share of every tested item (shares and changes in fractions)."""

    table: pd.DataFrame  # index item: n_recipes, q_value, significant and the columns of stats.logistic_trends
    shares: pd.DataFrame  # items × years
    recipes_per_year: pd.Series
    threshold: int  # the support: the fewest recipes an item needs to be tested

    @property
    def n_years(self) -> int:
        return len(self.recipes_per_year)

    @property
    def years(self) -> np.ndarray:
        return self.shares.columns.to_numpy()

    def risers(self, n: int) -> pd.DataFrame:
        """The ``n`` items whose fitted share rose most, significant or not (the chart fades the others)."""
        return self.table[self.table["change"] > 0].nlargest(n, "change")

    def fallers(self, n: int) -> pd.DataFrame:
        return self.table[self.table["change"] < 0].nsmallest(n, "change")

    def significant(self) -> pd.DataFrame:
        return self.table[self.table["significant"]]

    @property
    def n_rising(self) -> int:
        """Items with a significant (FDR q < 0.05) rise."""
        return int((self.significant()["change"] > 0).sum())

    @property
    def n_falling(self) -> int:
        return int((self.significant()["change"] < 0).sum())

    def strongest(self, direction: Direction) -> str | None:
        """The item with the largest significant (FDR q < 0.05) rise or fall, None when none passes."""
        rows = self.significant()
        rows = (
            rows[rows["change"] > 0].nlargest(1, "change")
            if direction == "up"
            else rows[rows["change"] < 0].nsmallest(1, "change")
        )
        return str(rows.index[0]) if not rows.empty else None

    def extremes(self) -> list[tuple[str, Direction]]:
        """(item, direction) of the strongest significant riser and faller; when no item passes in a
        direction, the largest change that way (its text then says it is not significant)."""
        chosen: list[tuple[str, Direction]] = []
        largest: tuple[tuple[Direction, pd.DataFrame], ...] = (("up", self.risers(1)), ("down", self.fallers(1)))
        for direction, rows in largest:
            item = self.strongest(direction) or (str(rows.index[0]) if not rows.empty else None)
            if item is not None:
                chosen.append((item, direction))
        return chosen

    def trend(self, item: str) -> stats.ShareTrend:
        return stats.share_trend_of(self.table.loc[item])

    def q_value(self, item: str) -> float:
        return float(self.table["q_value"][item])


@dataclass(frozen=True)
class ItemStats:
    """The sections of the item query (see queries/trends/item_stats.sql)."""

    kind: str
    trend_counts: pd.DataFrame  # item, year, n, n_recipes (supported items, zero-filled)
    top: pd.DataFrame  # item, n, share: the most frequent items
    per_year: pd.DataFrame  # year, n_distinct, n_recipes, items_mean, items_std
    n_distinct: int
    n_recipes: int

    def trends(self, min_recipes: int = MIN_ITEM_RECIPES, min_share: float = MIN_ITEM_SHARE) -> ItemTrends:
        """Trend of every supported item's yearly share."""
        return item_trends(self, min_recipes, min_share)

    def top_items(self, n: int) -> pd.DataFrame:
        """The ``n`` most frequent items (item, n, share)."""
        top = self.top.head(n)
        if top.empty:
            raise EmptySelection()
        return top


def item_sections(frame: pd.DataFrame, kind: str, include_structural: bool, top_limit: int) -> ItemStats:
    """Split the item query's frame (column section: trend, top, year, all) into ``ItemStats``.

    Structural tags (``app.tags``) are dropped from the tested and ranked items of ``kind`` 'tags'
    unless ``include_structural``; the ranking keeps the ``top_limit`` most frequent items. The distinct
    count keeps every item: it measures the vocabulary, not the ranking.
    """
    section = frame["section"].to_numpy()
    trend, top, per_year, overall = (frame[section == name] for name in ("trend", "top", "year", "all"))
    if kind == "tags" and not include_structural:
        trend = trend[~trend["item"].isin(STRUCTURAL_TAGS)]
        top = top[~top["item"].isin(STRUCTURAL_TAGS)]
    top = top.head(top_limit)
    n_recipes = int(overall["n_recipes"].fillna(0).sum())
    return ItemStats(
        kind=kind,
        trend_counts=trend[["item", "year", "n", "n_recipes"]].astype({"year": int}),
        top=pd.DataFrame(
            {"item": top["item"].to_numpy(), "n": top["n"].to_numpy(), "share": top["n"].to_numpy() / max(n_recipes, 1)}
        ),
        per_year=pd.DataFrame(
            {
                "year": per_year["year"].to_numpy(int),
                "n_distinct": per_year["n"].to_numpy(),
                "n_recipes": per_year["n_recipes"].to_numpy(),
                "items_mean": per_year["items_mean"].to_numpy(),
                "items_std": per_year["items_std"].to_numpy(),
            }
        ),
        n_distinct=int(overall["n"].fillna(0).sum()),
        n_recipes=n_recipes,
    )


def item_trends(items: ItemStats, min_recipes: int = MIN_ITEM_RECIPES, min_share: float = MIN_ITEM_SHARE) -> ItemTrends:
    """Logistic trend of every supported item's yearly share, FDR-corrected across the items.

    Raises ``NoSupportedItems`` when no item reaches the support, ``TooFewYears`` under
    ``MIN_TREND_YEARS`` years.
    """
    if items.trend_counts.empty:
        raise NoSupportedItems()
    counts = items.trend_counts.pivot(index="item", columns="year", values="n")
    if len(counts.columns) < MIN_TREND_YEARS:
        raise TooFewYears(len(counts.columns))
    recipes_per_year = items.per_year.set_index("year")["n_recipes"].reindex(counts.columns)
    shares = counts.div(recipes_per_year.to_numpy(), axis="columns")
    fits = stats.logistic_trends(counts.columns.to_numpy(), counts.to_numpy(), recipes_per_year.to_numpy())
    fits.index = counts.index
    fits["n_recipes"] = counts.sum(axis=1)
    fits["q_value"] = stats.fdr(fits["p_value"])[1]
    fits["significant"] = fits["q_value"] < stats.ALPHA
    threshold = max(min_recipes, math.ceil(min_share * items.n_recipes))
    return ItemTrends(fits, shares, recipes_per_year, threshold)


@dataclass(frozen=True)
class DistinctItems(PerYear):
    """Distinct items and items per recipe by year (``frame``: ItemStats.per_year), and how the
    distinct count follows the volume."""

    per_recipe: MeanSeries  # items per recipe
    volume_r: float | None  # Pearson r of distinct items and recipes per year; None: too few years or a constant

    @property
    def tracks_volume(self) -> bool:
        return self.volume_r is not None and self.volume_r >= TRACKS_VOLUME_R


def distinct_items(per_year: pd.DataFrame) -> DistinctItems:
    """The per-year section of the item query (year, n_distinct, n_recipes, items_mean, items_std)."""
    if per_year.empty:
        raise EmptySelection()
    volume_r = None
    if len(per_year) >= MIN_TREND_YEARS and per_year["n_distinct"].std() > 0 and per_year["n_recipes"].std() > 0:
        volume_r = float(np.corrcoef(per_year["n_distinct"], per_year["n_recipes"])[0, 1])
    return DistinctItems(per_year, mean_series(per_year, "items_mean", "items_std"), volume_r)
