"""Recipes callbacks: ratings by buckets of recipe attributes, nutrition and a healthiness score,
rating lift of tags and ingredients, and the recipe search with its detail card.

Every number comes from the filtered data; texts are generated from those numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import ALL, Input, Output, State, ctx, html, no_update

from app import ids
from app.filters import build_search, parse_search
from app.i18n import fmt_count, fmt_measure, fmt_number, fmt_p, fmt_percent, fmt_signed, t
from app.schema import MINUTES_OUTLIER_THRESHOLD, NUTRITION_COLUMNS
from app.stats import (ALPHA, MIN_GROUP_SIZE, TestResult, chi_square_independence, cramers_v_thresholds, fdr,
                       counts_mean_std, magnitude, mean_ci, mean_std_from_sums)
from app.stats import sps
from app.theme import palette
from callbacks.common import (InvalidInput, View, callback, figure_callback, integer, note_callback, option,
                              pattern_output_ids, text_input)
from layouts import recipes as ui

RATINGS = np.arange(1, 6)
RATING_COLUMNS = [f"n_{r}" for r in RATINGS]
_OPEN_ENDED = 2**62  # upper bound of an open-ended last bucket
# The selected search result in the theme's orange rather than Bootstrap's blue.
_ACTIVE_RESULT_STYLE = {"--bs-list-group-active-bg": "var(--kitchen-primary)",
                        "--bs-list-group-active-border-color": "var(--kitchen-primary)",
                        "--bs-list-group-active-color": "var(--kitchen-on-primary)"}


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
        for low, high in zip(self.lower_bounds, uppers):
            if high is None:
                labels.append(f"> {low - 1}")
            elif low == 0:
                labels.append(f"≤ {high}")
            else:
                labels.append(f"{low}–{high}")
        return labels

    def query_params(self) -> dict:
        return {"identifiers": {"attribute": self.attribute}, "lower_bounds": list(self.lower_bounds),
                "max_value": _OPEN_ENDED if self.max_value is None else self.max_value}


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

# Detail card: reviews shown, the characters kept of each, the URL parameter of the shown recipe.
RECENT_REVIEWS = 5
REVIEW_CHARS = 280
RECIPE_PARAM = "recipe"
MAX_RECIPE_ID = 2**63 - 1  # recipe ids are BIGINT


# -- statistics on aggregates ------------------------------------------------------------------


def rating_summary(counts: pd.DataFrame) -> pd.DataFrame:
    """n, mean, std and 95 % CI of the mean per row of a table of rating counts (columns 1..5)."""
    n, mean, std = counts_mean_std(counts.to_numpy(dtype=float), RATINGS)
    low, high = mean_ci(mean, std, n)
    return pd.DataFrame({"n": n.astype(int), "mean": mean, "std": std, "ci_low": low, "ci_high": high},
                        index=counts.index)


def _welch(mean_a, std_a, n_a, mean_b, std_b, n_b, alpha: float = ALPHA):
    """Welch's two-sample t from aggregates, vectorized: (difference a − b, CI low, CI high, p)."""
    mean_a, std_a, n_a, mean_b, std_b, n_b = (np.asarray(v, dtype=float)
                                              for v in (mean_a, std_a, n_a, mean_b, std_b, n_b))
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
        return [label for label, n in self.summary["n"].items() if 0 < n < MIN_GROUP_SIZE]


def compare_groups(counts: pd.DataFrame) -> GroupComparison:
    """Summaries of rating counts per group (rows, columns 1..5) and a chi-square test of
    rating × group over the groups with at least MIN_GROUP_SIZE ratings."""
    summary = rating_summary(counts)
    large = counts[summary["n"].to_numpy() >= MIN_GROUP_SIZE]
    test = chi_square_independence(large.to_numpy()) if len(large) >= 2 else None
    return GroupComparison(summary, test)


def comparison_sentences(comparison: GroupComparison, groups: str, language: str) -> list[str]:
    """The test, its verdict and the groups too small to conclude on, as sentences."""
    sentences = []
    test = comparison.test
    if test is None:
        sentences.append(t("recipes.verdict.untestable", language, min=MIN_GROUP_SIZE))
    else:
        sentences.append(t("recipes.test", language, groups=groups, statistic=fmt_number(test.statistic, language, 1),
                           p=fmt_p(test.p_value, language), effect=fmt_number(test.effect, language, 3)))
        if test.significant:
            df_star = min(len(comparison.testable), len(RATINGS)) - 1
            sentences.append(t("recipes.verdict.significant", language, groups=groups,
                               strength=t(f"recipes.strength.{magnitude(test.effect, cramers_v_thresholds(df_star))}", language)))
        else:
            sentences.append(t("recipes.verdict.not_significant", language, groups=groups))
    if comparison.too_small:
        sentences.append(t("recipes.small_groups", language, labels=", ".join(comparison.too_small),
                           min=MIN_GROUP_SIZE))
    return sentences


def mean_rating_figure(view: View, summary: pd.DataFrame, x_title: str) -> go.Figure:
    """Mean rating per group with its 95 % CI, over the number of ratings (bars, right axis)."""
    lang = view.language
    labels = [str(label) for label in summary.index]
    texts = [t("recipes.point_text", lang, n=fmt_count(row.n, lang), low=fmt_number(row.ci_low, lang, 2),
               high=fmt_number(row.ci_high, lang, 2)) for row in summary.itertuples()]
    colors = palette(view.theme)
    figure = go.Figure()
    # Faint bars behind the means, outlined in the full colour (the outline is what reaches 3:1).
    figure.add_bar(x=labels, y=summary["n"].tolist(), name=t("recipes.legend.n", lang), yaxis="y2", width=0.5,
                   marker={"color": colors["accent"], "opacity": 0.25,
                           "line": {"color": colors["accent"], "width": 1.5}},
                   hovertemplate="%{x}: %{y}<extra></extra>")
    figure.add_scatter(
        x=labels, y=summary["mean"].tolist(), text=texts, mode="markers+lines", name=t("recipes.legend.mean", lang),
        marker={"size": 10, "color": colors["primary"]}, line={"color": colors["primary"], "width": 1},
        error_y={"type": "data", "symmetric": False, "array": (summary["ci_high"] - summary["mean"]).tolist(),
                 "arrayminus": (summary["mean"] - summary["ci_low"]).tolist(), "color": colors["primary"]},
        hovertemplate="%{x}: %{y:.3f}<br>%{text}<extra></extra>",
    )
    return view.styled(
        figure, xaxis_title=x_title, yaxis={"title": t("recipes.axis.mean_rating", lang), "tickformat": ".2f"},
        yaxis2={"title": t("recipes.axis.ratings", lang), "overlaying": "y", "side": "right", "showgrid": False,
                "rangemode": "tozero"},
        hovermode="closest", xaxis={"type": "category"},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}, margin={"t": 30},
    )


# -- ratings by bucket of preparation time, steps, ingredients ---------------------------------


def _dimension(value: str | None) -> str:
    """The selector's dimension, preparation time when unknown."""
    return option(value, BUCKETS, MINUTES_BUCKETS.attribute)


def bucket_counts(view: View, dimension: str) -> pd.DataFrame:
    """Rating counts (columns 1..5) per bucket label of ``dimension``, every bucket present."""
    buckets = BUCKETS[dimension]
    frame = view.aggregate("recipes/rating_by_bucket", **buckets.query_params())
    table = np.zeros((len(buckets.lower_bounds), len(RATINGS)), dtype=np.int64)
    table[frame["bucket"].to_numpy() - 1, frame["rating"].to_numpy() - 1] = frame["n"].to_numpy()  # one row per pair
    return pd.DataFrame(table, index=buckets.labels(), columns=RATINGS)


@figure_callback(ui.RATING_BY_BUCKET, Input(ui.BUCKET_DIMENSION, "value"))
def rating_by_bucket(view: View, dimension: str | None) -> go.Figure:
    dimension = _dimension(dimension)
    counts = bucket_counts(view, dimension)
    if counts.to_numpy().sum() == 0:
        return view.empty()
    return mean_rating_figure(view, rating_summary(counts), t(f"recipes.axis.{dimension}", view.language))


@note_callback(ui.BUCKET_NOTE, Input(ui.BUCKET_DIMENSION, "value"), chart=ui.RATING_BY_BUCKET)
def bucket_note(view: View, dimension: str | None) -> str:
    dimension = _dimension(dimension)
    lang = view.language
    counts = bucket_counts(view, dimension)
    if counts.to_numpy().sum() == 0:
        return t("chart.empty", lang)
    comparison = compare_groups(counts)
    groups = t(f"recipes.groups.{dimension}", lang)
    sentences = []
    testable = comparison.testable
    if len(testable):
        low, high = testable["mean"].idxmin(), testable["mean"].idxmax()
        sentences.append(t("recipes.bucket_note", lang, groups=groups, low_label=low, high_label=high,
                           low_mean=fmt_number(testable.loc[low, "mean"], lang, 2),
                           high_mean=fmt_number(testable.loc[high, "mean"], lang, 2),
                           n=fmt_count(comparison.summary["n"].sum(), lang)))
    sentences += comparison_sentences(comparison, groups, lang)
    if dimension == MINUTES_BUCKETS.attribute:
        sentences.append(t("recipes.outlier_note", lang, threshold=MINUTES_OUTLIER_THRESHOLD))
    return " ".join(sentences)


# -- nutrition profile ------------------------------------------------------------------------

BOX_LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)  # whiskers at the 5th and 95th percentiles


def weighted_quantiles(values, counts, levels) -> np.ndarray:
    """Quantiles of data given as distinct values and their counts, interpolated linearly between
    order statistics (numpy's default, DuckDB's quantile_cont)."""
    values, counts = np.asarray(values, dtype=float), np.asarray(counts, dtype=float)
    order = np.argsort(values)
    values, ends = values[order], np.cumsum(counts[order])
    rank = (ends[-1] - 1) * np.asarray(levels, dtype=float)
    below = np.floor(rank)

    def value_at(position):  # the value of the data's 0-based order statistic ``position``
        return values[np.searchsorted(ends, position, side="right")]

    return value_at(below) + (rank - below) * (value_at(np.minimum(below + 1, ends[-1] - 1)) - value_at(below))


def nutrition_quantiles(view: View) -> pd.DataFrame:
    """Per nutrient (contract order): n, mean, p5, q1, median, q3, p95; n = 0 when no recipe."""
    frame = view.aggregate("recipes/nutrition_profile").dropna(subset=["value"])
    codes, nutrients = pd.factorize(frame["nutrient"])  # integer codes: cheap masks per nutrient
    values, counts = frame["value"].to_numpy(dtype=float), frame["n"].to_numpy(dtype=float)
    rows = dict.fromkeys(NUTRITION_COLUMNS, [0, *[np.nan] * (len(BOX_LEVELS) + 1)])
    for code, nutrient in enumerate(nutrients):
        part = codes == code
        n = counts[part].sum()
        rows[nutrient] = [n, values[part] @ counts[part] / n,
                          *weighted_quantiles(values[part], counts[part], BOX_LEVELS)]
    return pd.DataFrame.from_dict(rows, orient="index", columns=["n", "mean", "p5", "q1", "median", "q3", "p95"])


@figure_callback(ui.NUTRITION_PROFILE)
def nutrition_profile(view: View) -> go.Figure:
    profile = nutrition_quantiles(view)
    if profile["n"].max() == 0:
        return view.empty()
    lang = view.language
    colors = palette(view.theme)
    figure = go.Figure()
    # Calories (kcal) on a narrow left panel, the six %DV on the right one: two scales, one figure.
    for axis, nutrients, color, unit in (("", ["calories"], colors["accent"], "recipes.axis.kcal"),
                                         ("2", list(NUTRITION_COLUMNS[1:]), colors["primary"], "recipes.axis.pdv")):
        part = profile.loc[nutrients]
        figure.add_box(
            x=[t(f"recipes.nutrient.{n}", lang) for n in nutrients], q1=part["q1"].tolist(),
            median=part["median"].tolist(), q3=part["q3"].tolist(), lowerfence=part["p5"].tolist(),
            upperfence=part["p95"].tolist(), mean=part["mean"].tolist(), name=t(unit, lang),
            marker_color=color, boxpoints=False, xaxis=f"x{axis}", yaxis=f"y{axis}",
        )
    return view.styled(
        figure, showlegend=False,
        xaxis={"domain": [0, 0.14]}, yaxis={"title": t("recipes.axis.kcal", lang), "rangemode": "tozero"},
        xaxis2={"domain": [0.26, 1]},
        yaxis2={"title": t("recipes.axis.pdv", lang), "rangemode": "tozero", "anchor": "x2"},
    )


@note_callback(ui.NUTRITION_NOTE, chart=ui.NUTRITION_PROFILE)
def nutrition_note(view: View) -> str:
    profile = nutrition_quantiles(view)
    lang = view.language
    if profile["n"].max() == 0:
        return t("chart.empty", lang)
    calories = profile.loc["calories"]
    daily = profile.loc[list(NUTRITION_COLUMNS[1:]), "median"]
    top, bottom = daily.idxmax(), daily.idxmin()
    return t("recipes.nutrition_note", lang, n=fmt_count(calories.n, lang),
             calories=fmt_number(calories["median"], lang), calories_q1=fmt_number(calories.q1, lang),
             calories_q3=fmt_number(calories.q3, lang), top=t(f"recipes.nutrient.{top}", lang),
             top_value=fmt_percent(daily[top] / 100, lang, 0), bottom=t(f"recipes.nutrient.{bottom}", lang),
             bottom_value=fmt_percent(daily[bottom] / 100, lang, 0))


# -- healthiness score ------------------------------------------------------------------------


def score_frequencies(view: View) -> pd.DataFrame:
    """Per distinct score: n_recipes, n_1..n_5, and its 5-point bin and 20-point band."""
    frame = view.aggregate("recipes/health_score").dropna(subset=["score"])
    bins = np.clip(np.floor(frame["score"] / SCORE_BIN_WIDTH), 0, SCORE_BINS - 1).astype(int)
    return frame.assign(bin=bins, band=bins // BINS_PER_BAND)


def band_counts(frequencies: pd.DataFrame) -> pd.DataFrame:
    """Rating counts (columns 1..5) per 20-point band, labelled '0–20' … '80–100', every band present."""
    bands = frequencies.groupby("band")[RATING_COLUMNS].sum().reindex(range(SCORE_BINS // BINS_PER_BAND),
                                                                      fill_value=0)
    bands.columns = RATINGS
    width = SCORE_BIN_WIDTH * BINS_PER_BAND
    bands.index = [f"{b * width}–{(b + 1) * width}" for b in bands.index]
    return bands


@figure_callback(ui.SCORE_DISTRIBUTION)
def score_distribution(view: View) -> go.Figure:
    frequencies = score_frequencies(view)
    recipes = frequencies.groupby("bin")["n_recipes"].sum().reindex(range(SCORE_BINS), fill_value=0)
    if recipes.sum() == 0:
        return view.empty()
    lang = view.language
    starts = recipes.index.to_numpy() * SCORE_BIN_WIDTH
    colors = palette(view.theme)
    figure = go.Figure(go.Bar(
        x=(starts + SCORE_BIN_WIDTH / 2).tolist(), y=recipes.tolist(), width=SCORE_BIN_WIDTH * 0.92,
        text=[f"{s}–{s + SCORE_BIN_WIDTH}" for s in starts], textposition="none", name=t("recipes.axis.recipes", lang),
        marker={"color": starts.tolist(), "colorscale": [[0, colors["highlight"]], [0.5, colors["accent"]], [1, colors["primary"]]], "cmin": 0,
                "cmax": 100},
        hovertemplate="%{text}: %{y}<extra></extra>",
    ))
    return view.styled(figure, xaxis={"title": t("recipes.axis.score", lang), "range": [0, 100], "dtick": 10},
                       yaxis_title=t("recipes.axis.recipes", lang), showlegend=False)


@figure_callback(ui.RATING_BY_SCORE)
def rating_by_score(view: View) -> go.Figure:
    counts = band_counts(score_frequencies(view))
    if counts.to_numpy().sum() == 0:
        return view.empty()
    return mean_rating_figure(view, rating_summary(counts), t("recipes.axis.score", view.language))


@note_callback(ui.SCORE_NOTE, chart=ui.RATING_BY_SCORE)
def score_note(view: View) -> str:
    frequencies = score_frequencies(view)
    lang = view.language
    n_recipes = frequencies["n_recipes"].sum()
    if n_recipes == 0:
        return t("chart.empty", lang)
    scored = frequencies[frequencies["n_recipes"] > 0]
    q1, median, q3 = weighted_quantiles(scored["score"], scored["n_recipes"], (0.25, 0.5, 0.75))
    sentences = [t("recipes.score_note", lang, median=fmt_measure(median, lang, 1), q1=fmt_measure(q1, lang, 1),
                   q3=fmt_measure(q3, lang, 1), n=fmt_count(n_recipes, lang))]
    comparison = compare_groups(band_counts(frequencies))
    testable = comparison.testable
    if len(testable) >= 2:
        low, high = testable.iloc[0], testable.iloc[-1]  # bands in score order: least to most healthy
        difference, ci_low, ci_high, _ = _welch(high["mean"], high["std"], high["n"], low["mean"], low["std"], low["n"])
        sentences.append(t("recipes.score_difference", lang, high_label=testable.index[-1],
                           high_mean=fmt_number(high["mean"], lang, 2), low_label=testable.index[0],
                           low_mean=fmt_number(low["mean"], lang, 2), difference=fmt_signed(difference, lang),
                           low=fmt_signed(ci_low, lang), high=fmt_signed(ci_high, lang)))
    sentences += comparison_sentences(comparison, t("recipes.groups.score", lang), lang)
    return " ".join(sentences)


# -- rating lift of tags and ingredients ------------------------------------------------------


@dataclass(frozen=True)
class LiftTable:
    items: pd.DataFrame  # item, n, n_recipes, mean, lift, ci_low, ci_high, p_value, q_value, significant
    overall_mean: float
    total_ratings: int


def _kind(value: str | None) -> str:
    """The selector's item kind, tags when unknown."""
    return option(value, ITEM_KINDS, ui.LIFT_KINDS[0])


def item_lifts(view: View, kind: str) -> LiftTable:
    """Every item with at least MIN_SUPPORT ratings: its lift over the overall mean with a 95 % CI,
    and a Welch test of its ratings against all others, FDR-corrected over the items."""
    frame = view.aggregate("recipes/item_lift", kind=kind, min_support=MIN_SUPPORT)
    if frame.empty:
        return LiftTable(frame, float("nan"), 0)
    n, s, ss = (frame[c].to_numpy(dtype=float) for c in ("n", "s", "ss"))
    total_n, total_s, total_ss = (float(frame[c].iloc[0]) for c in ("total_n", "total_s", "total_ss"))
    overall_mean = total_s / total_n
    mean, std = mean_std_from_sums(n, s, ss)
    # An item on every rated recipe has no other ratings to compare with: its p-value is 1.
    rest_mean, rest_std = mean_std_from_sums(total_n - n, total_s - s, total_ss - ss)
    _, _, _, p_value = _welch(mean, std, n, rest_mean, rest_std, total_n - n)
    significant, q_value = fdr(p_value)
    ci_low, ci_high = mean_ci(mean, std, n)
    items = pd.DataFrame({
        "item": frame["item"], "n": n.astype(int), "n_recipes": frame["n_recipes"].astype(int), "mean": mean,
        "lift": mean - overall_mean, "ci_low": ci_low - overall_mean, "ci_high": ci_high - overall_mean,
        "p_value": p_value, "q_value": q_value, "significant": significant,
    }).sort_values(["lift", "item"], ascending=[False, True], ignore_index=True)
    return LiftTable(items, overall_mean, int(total_n))


def shown_lifts(items: pd.DataFrame) -> pd.DataFrame:
    """The LIFTS_SHOWN highest positive and lowest negative lifts, lowest first (chart order)."""
    positive = items[items["lift"] > 0].head(LIFTS_SHOWN)
    negative = items[items["lift"] < 0].tail(LIFTS_SHOWN)
    return pd.concat([negative, positive]).sort_values("lift", ignore_index=True)


@figure_callback(ui.ITEM_LIFT, Input(ui.LIFT_KIND, "value"))
def item_lift(view: View, kind: str | None) -> go.Figure:
    kind = _kind(kind)
    table = item_lifts(view, kind)
    lang = view.language
    if table.items.empty:
        return view.empty(t("recipes.lift_none", lang, kind=t(f"recipes.kind_plural.{kind}", lang),
                            min_support=MIN_SUPPORT))
    shown = shown_lifts(table.items)
    palette_ = palette(view.theme)
    figure = go.Figure()
    for significant in (True, False):
        part = shown[shown["significant"] == significant]
        texts = [t("recipes.lift_text", lang, n=fmt_count(row.n, lang), recipes=fmt_count(row.n_recipes, lang),
                   mean=fmt_number(row.mean, lang, 3), q=fmt_p(row.q_value, lang, "q"))
                 for row in part.itertuples()]
        colors = ([palette_["positive"] if lift > 0 else palette_["negative"] for lift in part["lift"]] if significant
                  else palette_["muted"])
        figure.add_bar(
            y=part["item"].tolist(), x=part["lift"].tolist(), orientation="h", text=texts, textposition="none",
            name=t("recipes.legend.significant" if significant else "recipes.legend.not_significant", lang),
            marker_color=colors,
            error_x={"type": "data", "symmetric": False, "array": (part["ci_high"] - part["lift"]).tolist(),
                     "arrayminus": (part["lift"] - part["ci_low"]).tolist(), "color": palette_["reference"]},
            hovertemplate="%{y}: %{x:+.3f}<br>%{text}<extra></extra>",
        )
    return view.styled(
        figure, barmode="overlay", xaxis={"title": t("recipes.axis.lift", lang), "zeroline": True},
        yaxis={"categoryorder": "array", "categoryarray": list(shown["item"]), "automargin": True},
        legend={"orientation": "h", "y": -0.12}, margin={"l": 160},
    )


def _lift_sentence(row: pd.Series, direction_key: str, language: str) -> str:
    return t("recipes.lift_extreme", language, direction=t(direction_key, language), item=row["item"],
             lift=fmt_signed(row["lift"], language),
             low=fmt_signed(row["ci_low"], language), high=fmt_signed(row["ci_high"], language),
             n=fmt_count(row["n"], language),
             verdict="" if row["significant"] else t("recipes.lift_not_significant", language))


@note_callback(ui.LIFT_NOTE, Input(ui.LIFT_KIND, "value"), chart=ui.ITEM_LIFT)
def lift_note(view: View, kind: str | None) -> str:
    kind = _kind(kind)
    lang = view.language
    table = item_lifts(view, kind)
    kind_text = t(f"recipes.kind_plural.{kind}", lang)
    if table.items.empty:
        return t("recipes.lift_none", lang, kind=kind_text, min_support=MIN_SUPPORT)
    items = table.items
    significant = items[items["significant"]]
    sentences = [t("recipes.lift_note", lang, n_items=fmt_count(len(items), lang), kind=kind_text,
                   min_support=MIN_SUPPORT, overall=fmt_number(table.overall_mean, lang, 3),
                   total=fmt_count(table.total_ratings, lang), n_significant=fmt_count(len(significant), lang),
                   n_positive=fmt_count(int((significant["lift"] > 0).sum()), lang),
                   n_negative=fmt_count(int((significant["lift"] < 0).sum()), lang))]
    if significant.empty:
        sentences.append(t("recipes.lift_no_significant", lang))
    if items["lift"].iloc[0] > 0:
        sentences.append(_lift_sentence(items.iloc[0], "recipes.lift_highest", lang))
    if items["lift"].iloc[-1] < 0:
        sentences.append(_lift_sentence(items.iloc[-1], "recipes.lift_lowest", lang))
    sentences.append(t("recipes.lift_method", lang, min_support=MIN_SUPPORT))
    return " ".join(sentences)


# -- recipe search and detail card ------------------------------------------------------------


def search_recipes(view: View, text: Any) -> pd.DataFrame | None:
    """Matching recipes, or None when the text is too short to search (or not a text)."""
    needle = text_input(text).strip().lower()
    if len(needle) < ui.SEARCH_MIN_CHARS:
        return None
    return view.aggregate("recipes/search", text=needle, limit=ui.SEARCH_LIMIT)


@note_callback(ui.SEARCH_RESULTS, Input(ui.SEARCH_INPUT, "value"), State(ui.SELECTED_RECIPE, "data"))
def search_results(view: View, text: Any, selected: Any = None):
    """Up to SEARCH_LIMIT matching recipes as a clickable list, the selected one highlighted."""
    lang, text, selected = view.language, text_input(text), recipe_id_of(selected)
    found = search_recipes(view, text)
    if found is None:
        return html.Div(t("recipes.search_short", lang, min=ui.SEARCH_MIN_CHARS), className="interpretation mx-0")
    if found.empty:
        return html.Div(t("recipes.search_none", lang, text=text.strip()), className="interpretation mx-0")
    items = []
    for row in found.itertuples():
        meta = t("recipes.result_meta", lang, n=fmt_count(row.n_interactions, lang),
                 rating=fmt_number(row.mean_rating, lang, 2), minutes=fmt_number(row.minutes, lang))
        badge = [] if row.name_match else [dbc.Badge(t("recipes.result_ingredient", lang), color="secondary",
                                                     className="ms-2")]
        items.append(dbc.ListGroupItem(
            [html.Div([html.Span(row.name, className="fw-semibold"), *badge]),
             html.Small(meta, className="text-secondary")],
            id=ui.search_result_id(row.recipe_id), action=True, n_clicks=0, active=bool(row.recipe_id == selected),
            className="recipes-result",
        ))
    return dbc.ListGroup(items, className="mt-2", style=_ACTIVE_RESULT_STYLE)


def recipe_id_of(value: Any) -> int | None:
    """A recipe id (an integer, or its digits), None when absent or invalid."""
    try:
        return integer(value, 0, MAX_RECIPE_ID, "recipe id")
    except InvalidInput:
        return None


def recipe_in_search(search: Any) -> int | None:
    """The recipe id of a ``?recipe=`` URL parameter, None when absent or invalid."""
    values = parse_search(search).get(RECIPE_PARAM) or []
    return recipe_id_of(values[0]) if values else None


def search_with_recipe(search: str | None, recipe_id: int) -> str:
    """The URL query with ``recipe=`` set, every other parameter (tab, language, filters) kept."""
    return build_search({**parse_search(search), RECIPE_PARAM: str(recipe_id)})


@callback(Output(ui.SELECTED_RECIPE, "data"), Output(ids.URL, "search", allow_duplicate=True),
          Input({"type": ui.SEARCH_RESULT_TYPE, "recipe": ALL}, "n_clicks"), State(ids.URL, "search"),
          prevent_initial_call=True)
def select_recipe(clicks, search):
    """The clicked result becomes the selection and lands in the URL, so the card can be shared;
    a re-rendered list (every count at 0) selects nothing."""
    trigger = ctx.triggered_id
    if not isinstance(trigger, dict) or not ctx.triggered or not ctx.triggered[0]["value"]:
        return no_update, no_update
    recipe_id = recipe_id_of(trigger.get("recipe"))
    if recipe_id is None:
        return no_update, no_update
    return recipe_id, search_with_recipe(search, recipe_id)


@callback(Output(ui.SELECTED_RECIPE, "data", allow_duplicate=True), Input(ids.URL, "search"),
          State(ui.SELECTED_RECIPE, "data"), prevent_initial_call="initial_duplicate")
def select_recipe_from_url(search, selected):
    """A shared link opens its recipe's card; a URL without ``recipe=`` keeps the selection."""
    recipe_id = recipe_in_search(search)
    return recipe_id if recipe_id is not None and recipe_id != selected else no_update


@callback(Output({"type": ui.SEARCH_RESULT_TYPE, "recipe": ALL}, "active"), Input(ui.SELECTED_RECIPE, "data"),
          State({"type": ui.SEARCH_RESULT_TYPE, "recipe": ALL}, "id"), prevent_initial_call=True)
def highlight_selected(selected, result_ids):
    return [isinstance(result, dict) and result.get("recipe") == selected for result in pattern_output_ids(result_ids)]


def _fact(label: str, value) -> html.Div:
    return html.Div([html.Div(label, className="kpi-label"), html.Div(value, className="fw-semibold")],
                    className="me-4 mb-2")


def _stars(rating: int, language: str) -> str:
    return "★" * rating + "☆" * (5 - rating) if rating > 0 else t("recipes.detail.no_stars", language)


@note_callback(ui.DETAIL, Input(ui.SELECTED_RECIPE, "data"))
def recipe_card(view: View, recipe_id: Any):
    """Everything about one recipe: facts, description, ingredients, nutrition, tags, steps, reviews."""
    lang = view.language
    recipe_id = integer(recipe_id, 0, MAX_RECIPE_ID, "recipe id")
    if recipe_id is None:
        return html.Div(t("recipes.detail_empty", lang), className="interpretation mx-0")
    found = view.aggregate("recipes/recipe_detail", recipe_id=recipe_id)
    if found.empty:
        return html.Div(t("recipes.detail_missing", lang), className="interpretation mx-0")
    recipe = found.iloc[0]
    reviews = view.aggregate("recipes/recipe_reviews", recipe_id=recipe_id, limit=RECENT_REVIEWS,
                             max_chars=REVIEW_CHARS)
    rating = (t("recipes.detail.rating_value", lang, mean=fmt_number(recipe.mean_rating, lang, 2),
                n=fmt_count(recipe.n_rated, lang)) if recipe.n_rated else t("recipes.detail.no_rating", lang))
    facts = html.Div([
        _fact(t("recipes.detail.minutes", lang), t("recipes.detail.minutes_value", lang,
                                                   minutes=fmt_number(recipe.minutes, lang))),
        _fact(t("recipes.detail.contributor", lang), str(recipe.contributor_id)),
        _fact(t("recipes.detail.submitted", lang), f"{recipe.submitted:%Y-%m-%d}"),
        _fact(t("recipes.detail.rating", lang), rating),
    ], className="d-flex flex-wrap")
    nutrition = dbc.Table(html.Tbody([
        html.Tr([html.Td(t(f"recipes.nutrient.{column}", lang)),
                 html.Td(f"{fmt_number(recipe[column], lang)} kcal" if column == "calories"
                         else fmt_percent(recipe[column] / 100, lang, 0), className="text-end")])
        for column in NUTRITION_COLUMNS
    ]), size="sm", className="mb-0")
    review_items = [html.Li([
        html.Div([html.Span(f"{review.date:%Y-%m-%d}", className="text-secondary me-2"),
                  html.Span(_stars(int(review.rating), lang))]),
        html.Div(review.review + ("…" if review.truncated else "")),
    ], className="mb-2") for review in reviews.itertuples()]

    description = recipe.description if isinstance(recipe.description, str) and recipe.description else "–"

    def section(key: str, content) -> html.Div:
        return html.Div([html.H6(t(key, lang), className="mt-3"), content])

    return dbc.Card([
        dbc.CardHeader(html.Span(recipe["name"], className="fs-5"), id=ui.DETAIL_NAME),
        dbc.CardBody([
            facts,
            section("recipes.detail.description", html.P(description)),
            dbc.Row([
                dbc.Col(section("recipes.detail.ingredients", html.Ul([html.Li(i) for i in recipe.ingredients])), md=6),
                dbc.Col(section("recipes.detail.nutrition", nutrition), md=6),
            ]),
            section("recipes.detail.tags", html.Div([dbc.Badge(tag, color="secondary", className="me-1 mb-1")
                                                     for tag in recipe.tags if tag])),
            section("recipes.detail.steps", html.Ol([html.Li(step) for step in recipe.steps])),
            section("recipes.detail.reviews", html.Ul(review_items, className="list-unstyled")
                    if review_items else html.P(t("recipes.detail.no_reviews", lang))),
        ]),
    ], className="chart-card", id=ui.DETAIL_CARD)


@figure_callback(ui.DETAIL_RATINGS, Input(ui.SELECTED_RECIPE, "data"))
def detail_ratings(view: View, recipe_id: Any) -> go.Figure:
    lang = view.language
    recipe_id = integer(recipe_id, 0, MAX_RECIPE_ID, "recipe id")
    if recipe_id is None:
        return view.empty(t("recipes.detail_empty", lang))
    frame = view.aggregate("recipes/recipe_ratings", recipe_id=recipe_id)
    if not view.filters.include_zero:
        frame = frame[frame["rating"] > 0]
    if frame["n_interactions"].sum() == 0:
        return view.empty()
    counts = frame["n_interactions"].tolist()
    figure = go.Figure(go.Bar(x=frame["rating"].astype(str).tolist(), y=counts, text=counts, textposition="outside",
                              cliponaxis=False, marker_color=palette(view.theme)["primary"],
                              name=t("recipes.axis.reviews", lang)))
    return view.styled(figure, xaxis_title=t("recipes.axis.rating", lang), yaxis_title=t("recipes.axis.reviews", lang),
                       showlegend=False, margin={"t": 30})
