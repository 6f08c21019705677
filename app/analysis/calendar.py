"""Comparing the groups of a calendar dimension (Seasons and Weekdays tabs), without Dash.

A ``Dimension`` defines its groups once: seasons, weekdays, weekend against weekdays (and months,
which select seasons). The functions below read the frames the ``queries/calendar/`` queries return
(one row per group index, or per group index and rating, item or value) and compute every number the
charts and sentences show: volumes against the shares the calendar predicts (chi-square goodness of
fit, Cohen's w), rating summaries with t and Wilson intervals and the chi-square independence of
rating × group (Cramér's V), a recipe measure's medians with a rank test (Kruskal–Wallis ε², or
Mann–Whitney rank-biserial r for two groups), and the items whose share differs between groups (one
test per item, Benjamini–Hochberg corrected). Nothing to compare raises ``EmptySelection`` (or one of
its typed subclasses below, which the callbacks word).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from app import stats
from app.errors import EmptySelection
from app.filters import Filters
from app.schema import NUTRITION_COLUMNS, SEASON_BY_MONTH, SEASONS
from app.stats import sps

# -- dimensions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    """A calendar grouping: cross-filter name (also the prefix of its group labels), group keys
    in display order (also the cross-filter values), each group's expected relative volume, and
    how rows fall into groups: ``source`` is the calendar column (month or weekday) and
    ``group_of[v]`` the index in ``keys`` of the group of value v."""

    name: str
    keys: tuple[str, ...]
    weights: tuple[float, ...]
    source: str
    group_of: tuple[int, ...]

    @property
    def expected_shares(self) -> np.ndarray:
        return np.asarray(self.weights, dtype=float) / sum(self.weights)

    @property
    def params(self) -> dict[str, Any]:
        """The grouping bound into the queries (SQL lists are 1-based: value v is at v + 1)."""
        return {"source": self.source, "group_of": list(self.group_of)}

    def keys_of(self, group_index: pd.Series) -> pd.Series:
        """Group keys of a query's ``group_index`` column."""
        return group_index.map(dict(enumerate(self.keys)))

    def source_values(self, key: str) -> set[int]:
        """The months or weekdays (values of ``source``) that fall into group ``key``."""
        return {value for value, group in enumerate(self.group_of) if group >= 0 and self.keys[group] == key}

    @property
    def siblings(self) -> tuple[str, ...]:
        """The cross-filter dimensions read from the same calendar column (month and season; weekday
        and day type): charts of this dimension show every group and highlight what those focus on."""
        return tuple(name for name, other in CALENDAR_DIMENSIONS.items() if other.source == self.source)

    def focused_keys(self, filters: Filters) -> tuple[str, ...] | None:
        """The groups holding the months or weekdays the sibling cross-filters select (a weekday focus
        selects the weekend or weekdays group; a day-type focus its days), None without such a focus."""
        selected: set[int] | None = None
        for name in self.siblings:
            value = filters.focus_on(name)
            if value is not None:
                values = CALENDAR_DIMENSIONS[name].source_values(value)
                selected = values if selected is None else selected & values
        if selected is None:
            return None
        groups = {self.group_of[value] for value in selected}
        return tuple(key for index, key in enumerate(self.keys) if index in groups)


# Expected volume of a season: its mean number of days (February counts 28.25 days).
SEASON_DAYS = {"winter": 90.25, "spring": 92, "summer": 92, "autumn": 91}
_NONE = -1  # month 0 and weekday 0 do not exist
SEASON = Dimension(
    "season",
    SEASONS,
    tuple(SEASON_DAYS[s] for s in SEASONS),
    "month",
    (_NONE, *(SEASONS.index(SEASON_BY_MONTH[month]) for month in range(1, 13))),
)
WEEKDAY = Dimension("weekday", tuple(str(day) for day in range(1, 8)), (1,) * 7, "weekday", (_NONE, *range(7)))
DAYTYPE = Dimension("daytype", ("weekend", "weekday"), (2, 5), "weekday", (_NONE, 1, 1, 1, 1, 1, 0, 0))
# Months are no tab's groups, but a month cross-filter selects seasons.
MONTH = Dimension("month", tuple(str(month) for month in range(1, 13)), (1,) * 12, "month", (_NONE, *range(12)))
CALENDAR_DIMENSIONS = {dimension.name: dimension for dimension in (MONTH, SEASON, WEEKDAY, DAYTYPE)}

# Recipe measures compared between groups (names match queries/calendar/measure_*.sql).
MEASURES = ("minutes", "complexity", *NUTRITION_COLUMNS)
ITEM_KINDS = ("tags", "ingredients")
# An item is tested only when this many filtered recipes hold it, so every group has enough
# expected recipes for a chi-square or z approximation.
MIN_ITEM_SUPPORT = 50
TOP_ITEMS = 15
TOP_ITEMS_PER_SIDE = 10
VOLUME_SOURCES = ("recipes", "reviews")


# -- empty selections and results ----------------------------------------------------------


class OneGroup(EmptySelection):
    """Fewer than two groups hold data (a cross-filter left one, or none): nothing to compare.
    ``group``: the one group left, None when none is."""

    def __init__(self, group: str | None) -> None:
        super().__init__()
        self.group = group


class NoSupportedItems(EmptySelection):
    """No item is held by at least ``support`` filtered recipes: too few to test."""

    def __init__(self, support: int = MIN_ITEM_SUPPORT) -> None:
        super().__init__()
        self.support = support


@dataclass(frozen=True)
class GroupTest:
    """A test between the groups: ``kind`` 'gof' (chi-square goodness of fit, Cohen's w),
    'independence' (chi-square, Cramér's V), 'kruskal' (ε²) or 'mann_whitney' (rank-biserial r);
    ``magnitude`` of its effect ('negligible' … 'large', app.stats thresholds for that effect)."""

    kind: str
    result: stats.TestResult
    magnitude: str


@dataclass(frozen=True)
class SmallGroup:
    """The group with the fewest observations when below ``stats.MIN_GROUP_SIZE``: no test is run."""

    key: str
    n: int


def _group_test(kind: str, result: stats.TestResult, thresholds: Sequence[float]) -> GroupTest:
    return GroupTest(kind, result, stats.magnitude(result.effect, thresholds))


def _smallest(sizes: pd.Series, counts: pd.Series | None = None) -> SmallGroup | None:
    """The group of smallest ``sizes`` when below MIN_GROUP_SIZE, with its count (``counts`` or
    its size), else None."""
    smallest = str(sizes.idxmin())
    if sizes[smallest] >= stats.MIN_GROUP_SIZE:
        return None
    return SmallGroup(smallest, int((sizes if counts is None else counts)[smallest]))


def _lone_group(keys: Sequence[str]) -> str | None:
    """The only group with data, when fewer than two have some (None when none has)."""
    return keys[0] if keys else None


# -- query frames --------------------------------------------------------------------------


def group_counts(frame: pd.DataFrame, dimension: Dimension) -> pd.Series:
    """Rows per group of a (group_index, n) frame, every group present (0 when empty)."""
    counts = frame.set_index(dimension.keys_of(frame["group_index"]))["n"]
    return counts.reindex(list(dimension.keys), fill_value=0)


def rating_counts(frame: pd.DataFrame, dimension: Dimension) -> pd.DataFrame:
    """Reviews per group (rows, every group) and rating (columns present) of a (group_index,
    rating, n) frame."""
    table = frame.set_index([dimension.keys_of(frame["group_index"]), frame["rating"]])["n"].unstack(fill_value=0)
    return table.reindex(list(dimension.keys), fill_value=0)


def box_statistics(frame: pd.DataFrame, dimension: Dimension) -> pd.DataFrame:
    """Box statistics per group present, in group order, from a (group_index, n, mean, minimum,
    maximum, quartiles) frame: n, mean, minimum, maximum, q1, median, q3, and the whisker ends
    ``lower``/``upper`` (1.5 × IQR, capped at the data range). EmptySelection without rows."""
    if frame.empty:
        raise EmptySelection()
    frame = frame.sort_values("group_index")
    frame = frame.set_index(dimension.keys_of(frame["group_index"])).drop(columns="group_index")
    quartiles = np.array(frame["quartiles"].tolist(), dtype=float).reshape(-1, 3)
    frame["q1"], frame["median"], frame["q3"] = quartiles.T
    spread = 1.5 * (frame["q3"] - frame["q1"])
    frame["lower"] = np.maximum(frame["minimum"], frame["q1"] - spread)
    frame["upper"] = np.minimum(frame["maximum"], frame["q3"] + spread)
    return frame.drop(columns="quartiles")


def group_values(frame: pd.DataFrame, dimension: Dimension) -> dict[str, np.ndarray]:
    """The values per group present, in group order, of a (group_index, value) frame."""
    indexes, values = frame["group_index"].to_numpy(), frame["value"].to_numpy(dtype=float)
    by_group = {key: values[indexes == index] for index, key in enumerate(dimension.keys)}
    return {key: group for key, group in by_group.items() if len(group)}


def item_presence(frame: pd.DataFrame, dimension: Dimension) -> pd.DataFrame:
    """Recipes holding each item (rows) per group (columns, every group) of an (item, group_index,
    n) frame."""
    table = frame.set_index([frame["item"], dimension.keys_of(frame["group_index"])])["n"].unstack(fill_value=0)
    return table.reindex(columns=list(dimension.keys), fill_value=0)


# -- volumes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceVolume:
    """Recipes (by submission date) or reviews (by review date) per group: ``counts``, ``shares``
    (fractions of ``total``; 0 when it is 0), the groups of highest and lowest share, and the
    goodness of fit to the calendar's expected shares, or ``too_small``: the group of smallest
    expected count when that is below MIN_GROUP_SIZE (``n``: its observed count)."""

    name: str
    counts: pd.Series
    total: int
    shares: pd.Series
    high: str
    low: str
    test: GroupTest | None
    too_small: SmallGroup | None


@dataclass(frozen=True)
class Volumes:
    """The expected share of each group (``expected``), and per source (recipes, reviews) its volumes."""

    expected: pd.Series
    sources: tuple[SourceVolume, ...]

    @property
    def empty(self) -> bool:
        return all(source.total == 0 for source in self.sources)


def volumes(dimension: Dimension, recipes: pd.Series, reviews: pd.Series) -> Volumes:
    """Recipes and reviews per group against the calendar's expected shares (chi-square goodness
    of fit, Cohen's w), each tested only when every group expects MIN_GROUP_SIZE observations."""
    expected = pd.Series(dimension.expected_shares, index=list(dimension.keys))
    sources = []
    for name, counts in zip(VOLUME_SOURCES, (recipes, reviews), strict=True):
        total = int(counts.sum())
        shares = counts / total if total else counts * 0.0
        expected_counts = expected * total
        too_small = _smallest(expected_counts, counts)
        test = None
        if total and too_small is None:
            test = _group_test(
                "gof", stats.chi_square_goodness_of_fit(counts.to_numpy(), dimension.weights), stats.COHEN_W
            )
        sources.append(
            SourceVolume(name, counts, total, shares, str(shares.idxmax()), str(shares.idxmin()), test, too_small)
        )
    return Volumes(expected, tuple(sources))


# -- a recipe measure ----------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureComparison:
    """A recipe measure per group present: ``medians`` (columns median, n; group order), and the
    rank test (Kruskal–Wallis for several groups; Mann–Whitney, first group over second, for a
    two-group dimension), unless ``lone_group`` (one group only has values) or ``too_small``."""

    medians: pd.DataFrame
    lone_group: str | None
    too_small: SmallGroup | None
    test: GroupTest | None


def measure_comparison(dimension: Dimension, groups: dict[str, np.ndarray]) -> MeasureComparison:
    """Medians and the rank test of ``groups`` (values per group present, as ``group_values``
    returns them). EmptySelection when no group has a value."""
    if not groups:
        raise EmptySelection()
    medians = pd.DataFrame(
        {
            "median": [float(np.median(values)) for values in groups.values()],
            "n": [len(values) for values in groups.values()],
        },
        index=list(groups),
    )
    if len(groups) < 2:
        return MeasureComparison(medians, _lone_group(list(groups)), None, None)
    too_small = _smallest(medians["n"])
    if too_small is not None:
        return MeasureComparison(medians, None, too_small, None)
    if len(dimension.keys) == 2:
        first, second = dimension.keys
        test = _group_test("mann_whitney", stats.mann_whitney(groups[first], groups[second]), stats.COHEN_R)
    else:
        test = _group_test("kruskal", stats.kruskal_wallis(list(groups.values())), stats.EPSILON_SQUARED)
    return MeasureComparison(medians, None, None, test)


# -- ratings -------------------------------------------------------------------------------


def rating_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Per group: reviews, rated reviews, mean rating over 1–5 stars with its t interval, and the
    shares of 5-star and 1–2-star reviews among all reviews counted, with Wilson intervals."""
    ratings = np.asarray(table.columns, dtype=float)
    counts = table.to_numpy(dtype=float)
    stars, values = counts[:, ratings > 0], ratings[ratings > 0]
    rated = stars.sum(axis=1)
    reviews = counts.sum(axis=1)
    five = counts[:, ratings == 5].sum(axis=1)
    poor = counts[:, np.isin(ratings, (1, 2))].sum(axis=1)
    _, mean, std = stats.counts_mean_std(stars, values)
    with np.errstate(divide="ignore", invalid="ignore"):
        five_share, poor_share = five / reviews, poor / reviews
    mean_low, mean_high = stats.mean_ci(mean, std, rated)
    five_low, five_high = stats.proportion_ci(five, reviews)
    poor_low, poor_high = stats.proportion_ci(poor, reviews)
    return pd.DataFrame(
        {
            "reviews": reviews.astype(int),
            "rated": rated.astype(int),
            "mean": mean,
            "mean_low": mean_low,
            "mean_high": mean_high,
            "five": five_share,
            "five_low": five_low,
            "five_high": five_high,
            "poor": poor_share,
            "poor_low": poor_low,
            "poor_high": poor_high,
        },
        index=table.index,
    )


def reviewed_groups(table: pd.DataFrame) -> pd.DataFrame:
    """``rating_summary`` of the groups with reviews; EmptySelection when none has any."""
    summary = rating_summary(table)
    summary = summary[summary["reviews"] > 0]
    if summary.empty:
        raise EmptySelection()
    return summary


@dataclass(frozen=True)
class Extremes:
    """The groups of lowest and highest value of a column, and those values."""

    low: str
    low_value: float
    high: str
    high_value: float


def _extremes(values: pd.Series) -> Extremes:
    low, high = str(values.idxmin()), str(values.idxmax())
    return Extremes(low, float(values[low]), high, float(values[high]))


@dataclass(frozen=True)
class RatingComparison:
    """Ratings per group with reviews: ``summary`` (columns of ``rating_summary``); the groups of
    highest and lowest mean rating among those with rated reviews (``mean``, None without any),
    of 5-star and 1–2-star shares; the chi-square independence of rating × group (Cramér's V,
    thresholds scaled by its df*), unless ``lone_group`` (one group only has reviews) or
    ``too_small`` (a group with fewer than MIN_GROUP_SIZE rated reviews)."""

    summary: pd.DataFrame
    lone_group: str | None
    mean: Extremes | None
    five: Extremes
    poor: Extremes
    too_small: SmallGroup | None
    test: GroupTest | None


def rating_comparison(table: pd.DataFrame) -> RatingComparison:
    """Ratings compared between groups from ``table`` (reviews per group × rating, as
    ``rating_counts`` returns it). EmptySelection when no group has a review."""
    summary = reviewed_groups(table)
    five, poor = _extremes(summary["five"]), _extremes(summary["poor"])
    if len(summary) < 2:
        return RatingComparison(summary, _lone_group([str(key) for key in summary.index]), None, five, poor, None, None)
    rated = summary[summary["rated"] > 0]
    mean = _extremes(rated["mean"]) if not rated.empty else None
    too_small = _smallest(summary["rated"])
    test = None
    if too_small is None:
        observed = table.loc[summary.index]
        test = _group_test(
            "independence",
            stats.chi_square_independence(observed.to_numpy()),
            stats.cramers_v_thresholds(min(observed.shape) - 1),
        )
    return RatingComparison(summary, None, mean, five, poor, too_small, test)


# -- items ---------------------------------------------------------------------------------


def presence_chi_square(present: np.ndarray, totals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Chi-square independence of presence × group for many items at once.

    ``present``: items × groups counts of recipes holding the item; ``totals``: recipes per group.
    Each item is a 2 × k table (holding / not holding); returns (chi², p-value, Cramér's V), equal
    to scipy's ``chi2_contingency(correction=False)`` item by item but in one vectorized pass.
    """
    present = np.asarray(present, dtype=float)
    totals = np.asarray(totals, dtype=float)
    n = totals.sum()
    item_totals = present.sum(axis=1, keepdims=True)
    expected_present = item_totals * totals / n
    expected_absent = (n - item_totals) * totals / n
    with np.errstate(divide="ignore", invalid="ignore"):
        cells = (present - expected_present) ** 2 * (1 / expected_present + 1 / expected_absent)
    # An item held by every recipe (or none) has an empty row: 0 · ∞ cells contribute nothing.
    chi2 = np.where(np.isfinite(cells), cells, 0.0).sum(axis=1)
    p_values = sps.chi2.sf(chi2, df=len(totals) - 1)
    return chi2, p_values, np.sqrt(chi2 / n)


def items_across_groups(counts: pd.DataFrame, totals: pd.Series) -> pd.DataFrame:
    """Per item: share in each group, chi-square of presence × group, FDR q-value, Cramér's V;
    significant items first, by decreasing V. Groups without recipes are left out."""
    groups = [key for key in counts.columns if totals[key] > 0]
    shares = counts[groups] / totals[groups]
    chi2, p_values, v = presence_chi_square(counts[groups].to_numpy(), totals[groups].to_numpy())
    significant, q_values = stats.fdr(p_values)
    result = shares.assign(
        chi2=chi2,
        p=p_values,
        q=q_values,
        significant=significant,
        v=v,
        overall=counts[groups].sum(axis=1) / totals[groups].sum(),
    )
    return result.sort_values(["significant", "v"], ascending=[False, False])


def items_between(counts: pd.DataFrame, totals: pd.Series, first: str, second: str) -> pd.DataFrame:
    """Per item: shares in ``first`` and ``second``, their difference (pp), two-proportion z-test
    and FDR q-value; sorted by decreasing difference."""
    share_first, share_second = counts[first] / totals[first], counts[second] / totals[second]
    z, p_values = stats.two_proportion_test(counts[first], totals[first], counts[second], totals[second])
    significant, q_values = stats.fdr(p_values)
    return pd.DataFrame(
        {
            "first": share_first,
            "second": share_second,
            "difference_pp": 100 * (share_first - share_second),
            "z": z,
            "p": p_values,
            "q": q_values,
            "significant": significant,
        }
    ).sort_values("difference_pp", ascending=False)


def _require_items(counts: pd.DataFrame, totals: pd.Series, dimension: Dimension) -> None:
    """OneGroup when fewer than two groups have recipes, NoSupportedItems without any item."""
    present = [key for key in dimension.keys if totals[key] > 0]
    if len(present) < 2:
        raise OneGroup(_lone_group(present))
    if counts.empty:
        raise NoSupportedItems()


@dataclass(frozen=True)
class StrongestItem:
    """The significant item of largest Cramér's V: its groups of highest and lowest share."""

    item: str
    shares: Extremes
    v: float
    magnitude: str


@dataclass(frozen=True)
class ItemsAcrossGroups:
    """Items compared across every group with recipes: ``tested`` (``items_across_groups``'s frame,
    one row per item held by MIN_ITEM_SUPPORT recipes), the ``groups`` compared (dimension order),
    the TOP_ITEMS significant items of largest V from the last to the first (``top_shares``: their
    share per group; ``top_deviation``: that share against the item's overall share, in %), and the
    strongest significant item (None when none is significant)."""

    tested: pd.DataFrame
    groups: tuple[str, ...]
    top_shares: pd.DataFrame
    top_deviation: pd.DataFrame
    strongest: StrongestItem | None

    @property
    def n_significant(self) -> int:
        return int(self.tested["significant"].sum())


def items_across(dimension: Dimension, counts: pd.DataFrame, totals: pd.Series) -> ItemsAcrossGroups:
    """The items whose share varies between the groups (chi-square per item, FDR): ``counts`` as
    ``item_presence`` returns them, ``totals`` recipes per group. OneGroup or NoSupportedItems when
    there is nothing to compare."""
    _require_items(counts, totals, dimension)
    tested = items_across_groups(counts, totals)
    significant = tested[tested["significant"]]
    groups = tuple(key for key in dimension.keys if key in tested.columns)
    top = significant.head(TOP_ITEMS).iloc[::-1]
    top_shares = top[list(groups)]
    strongest = None
    if not significant.empty:
        item = significant.index[0]
        v = float(significant.loc[item, "v"])
        strongest = StrongestItem(
            str(item),
            _extremes(significant.loc[item, list(groups)].astype(float)),
            v,
            stats.magnitude(v, stats.COHEN_W),
        )
    return ItemsAcrossGroups(tested, groups, top_shares, 100 * (top_shares.div(top["overall"], axis=0) - 1), strongest)


@dataclass(frozen=True)
class SideItem:
    """The significant item most over-represented in ``group`` against ``other``: both shares and
    their difference in percentage points."""

    group: str
    other: str
    item: str
    share: float
    other_share: float

    @property
    def difference_pp(self) -> float:
        return 100 * (self.share - self.other_share)


@dataclass(frozen=True)
class ItemsBetweenGroups:
    """Items compared between the two groups of a dimension: ``tested`` (``items_between``'s
    frame), the TOP_ITEMS_PER_SIDE significant items of largest difference over-represented in the
    first group (``top_first``, strongest first) and in the second (``top_second``, strongest last),
    and the strongest of each side (None when that side has no significant item)."""

    tested: pd.DataFrame
    top_first: pd.DataFrame
    top_second: pd.DataFrame
    strongest_first: SideItem | None
    strongest_second: SideItem | None

    @property
    def n_significant(self) -> int:
        return int(self.tested["significant"].sum())


def items_between_groups(dimension: Dimension, counts: pd.DataFrame, totals: pd.Series) -> ItemsBetweenGroups:
    """The items over-represented in each group of a two-group dimension (two-proportion z-test
    per item, FDR). OneGroup or NoSupportedItems when there is nothing to compare."""
    _require_items(counts, totals, dimension)
    first, second = dimension.keys
    tested = items_between(counts, totals, first, second)
    significant = tested[tested["significant"]]
    above, below = significant[significant["difference_pp"] > 0], significant[significant["difference_pp"] < 0]
    strongest_first = strongest_second = None
    if not above.empty:
        item = above.index[0]
        strongest_first = SideItem(
            first, second, str(item), float(above.loc[item, "first"]), float(above.loc[item, "second"])
        )
    if not below.empty:
        item = below.index[-1]
        strongest_second = SideItem(
            second, first, str(item), float(below.loc[item, "second"]), float(below.loc[item, "first"])
        )
    return ItemsBetweenGroups(
        tested, above.head(TOP_ITEMS_PER_SIDE), below.tail(TOP_ITEMS_PER_SIDE), strongest_first, strongest_second
    )
