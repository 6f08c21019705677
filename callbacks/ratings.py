"""Ratings & reviews callbacks: every figure and text computed live from the filtered reviews.

Each analysis (``monthly_means``, ``volume_analysis``, ``zero_share``, ...) serves both its figure
and its interpretation text; the repository cache makes the second call cheap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, html

from app import ids, stats
from app.i18n import fmt_number, fmt_p, fmt_percent, fmt_signed, normalize_language, t
from app.filters import REVIEW_YEAR
from app.repository import get_repository
from app.stats import MIN_GROUP_SIZE
from app.stats import sps
from app.tags import STRUCTURAL_TAGS
from app.theme import color as role_color
from app.theme import palette, rating_color
from callbacks.common import View, callback, cross_filter, figure_callback, memoized_output, note_callback, option
from callbacks.figures import mean_reference, rating_axis, shade_focused_years
from layouts import ratings as ui

# Colours are the theme's roles (app/theme.py): groups too small to conclude are "muted", bands are
# "band", a second series and trend lines "secondary", each star rating "rating_<stars>".
# Inclusive upper bounds of the recipe groups by number of star ratings: 1, 2–5, 6–20, 21–100, > 100.
VOLUME_BOUNDS = (1, 5, 20, 100)
# Facet order of the distinctive-words chart: the star ratings, then reviews without stars.
WORD_FACETS = (1, 2, 3, 4, 5, 0)
# |z| above this is a distinctive word (two-sided 5 %).
Z_CRITICAL = 1.96
# Very common English words (with the fragments contractions leave: "didn't" -> "didn");
# review_words keeps them, they carry no rating signal.
STOP_WORDS = (
    "a", "about", "above", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do",
    "does", "doing", "don", "down", "during", "each", "even", "few", "for", "from", "further", "had", "has", "have",
    "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "if", "in", "into", "is",
    "it", "its", "itself", "just", "ll", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
    "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "re", "same",
    "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then",
    "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "us", "ve", "very",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would",
    "you", "your", "yours", "yourself", "yourselves",
    "ain", "aren", "couldn", "didn", "doesn", "hadn", "hasn", "haven", "isn", "mightn", "mustn", "needn", "shan",
    "shouldn", "wasn", "weren", "won", "wouldn",
)


# -- formatting helpers ------------------------------------------------------------------------

def rating_label(rating: int, language: str) -> str:
    """'0 (no stars)' for reviews without stars, '4 ★' for a star rating."""
    if rating == 0:
        return t("ratings.rating_label.0", language)
    return t("ratings.rating_label.n", language, rating=rating)


def _join(items: list[str]) -> str:
    return ", ".join(items)


def _error_bars(values: pd.Series, low: np.ndarray, high: np.ndarray, color: str) -> dict:
    """Asymmetric error bars from a CI (NaN-safe: a missing bound draws no bar)."""
    return {"type": "data", "symmetric": False, "array": np.nan_to_num(high - values), "color": color,
            "arrayminus": np.nan_to_num(values - low), "thickness": 1.2, "width": 3}


def _ci_text(low: float, high: float, n: int, unit_key: str, language: str, decimals: int = 2,
             percent: bool = False) -> str:
    """Hover and CSV text of a point: its 95 % CI and its sample size."""
    show = (lambda v: fmt_percent(v, language)) if percent else (lambda v: fmt_number(v, language, decimals))
    interval = f"{t('ratings.legend.ci', language)} {show(low)}–{show(high)}"
    return f"{interval}; n = {fmt_number(n, language)} {t(unit_key, language)}"


def _band_traces(x: np.ndarray, low: np.ndarray, high: np.ndarray, name: str, theme: str) -> list[dict]:
    """A shaded band between ``low`` and ``high``: an invisible upper line, then the lower one filled up to it."""
    line = {"type": "scatter", "x": x, "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip"}
    return [{**line, "y": high, "showlegend": False, "name": f"{name} +"},
            {**line, "y": low, "fill": "tonexty", "fillcolor": role_color("band", theme), "name": name}]


def _trend_trace(x: np.ndarray, y: np.ndarray, language: str, hover: str, theme: str,
                 name_key: str = "ratings.legend.trend") -> dict:
    """The dashed line (or logistic curve) of a count-weighted trend."""
    return {"type": "scatter", "x": x, "y": y, "mode": "lines", "name": t(name_key, language),
            "line": {"color": role_color("secondary", theme), "dash": "dash", "width": 2}, "hovertemplate": hover + "<extra></extra>"}


def _trend_verdict(trend: stats.Trend | stats.ShareTrend, up_key: str, down_key: str, flat_key: str,
                   language: str) -> str:
    """The text for a significant rise, a significant fall, or no significant change: the direction
    is the sign of the quoted number (a line's slope, a share curve's change between its ends)."""
    direction = trend.change if isinstance(trend, stats.ShareTrend) else trend.slope
    if not trend.significant or direction == 0:
        return t(flat_key, language)
    return t(up_key if direction > 0 else down_key, language)



# -- rating distribution -----------------------------------------------------------------------

def _distribution(view: View) -> pd.DataFrame:
    """Reviews per rating with shares; rating 0 only when the filter includes it."""
    frame = view.aggregate("ratings/distribution")
    if not view.filters.include_zero:
        frame = frame[frame["rating"] > 0]
    total = frame["n_reviews"].sum()
    return frame.assign(share=frame["n_reviews"] / total if total else 0.0)


@figure_callback(ui.DISTRIBUTION)
def distribution_chart(view: View) -> go.Figure:
    frame = _distribution(view)
    if frame["n_reviews"].sum() == 0:
        return view.empty()
    lang = view.language
    figure = go.Figure(go.Bar(
        x=[rating_label(r, lang) for r in frame["rating"]], y=frame["n_reviews"],
        marker_color=[rating_color(r, view.theme) for r in frame["rating"]],
        text=[fmt_percent(s, lang) for s in frame["share"]], textposition="outside", cliponaxis=False,
        name=t("ratings.axis.reviews", lang),
        hovertemplate="%{x}: %{y:,} (%{text})<extra></extra>",
    ))
    return view.styled(figure, xaxis_title=t("ratings.axis.rating", lang), yaxis_title=t("ratings.axis.reviews", lang),
                       showlegend=False)


@note_callback(ui.DISTRIBUTION_NOTE)
def distribution_text(view: View) -> str:
    frame = _distribution(view)
    lang = view.language
    total = int(frame["n_reviews"].sum())
    if total == 0:
        return t("chart.empty", lang)
    top = frame.loc[frame["n_reviews"].idxmax()]
    stars = frame[frame["rating"] > 0]
    n_rated = int(stars["n_reviews"].sum())
    _, mean, std = stats.counts_mean_std(stars["n_reviews"], stars["rating"])
    low, high = stats.mean_ci(mean, std, n_rated)
    if view.filters.include_zero:
        zero_share = float(frame.loc[frame["rating"] == 0, "share"].sum())
        zero_part = t("ratings.note.zero_included", lang, share=fmt_percent(zero_share, lang))
    else:
        zero_part = t("ratings.note.zero_excluded", lang)
    text = t("ratings.note.distribution", lang, top_share=fmt_percent(top.share, lang), total=fmt_number(total, lang),
             top_label=rating_label(int(top.rating), lang), mean=fmt_number(mean, lang, 3),
             low=fmt_number(float(low), lang, 3), high=fmt_number(float(high), lang, 3),
             n_rated=fmt_number(n_rated, lang), zero_part=zero_part)
    if n_rated < MIN_GROUP_SIZE:
        text += t("ratings.note.small_ratings", lang, ratings="1–5", n=MIN_GROUP_SIZE)
    return text


# -- monthly mean rating and its trend ---------------------------------------------------------

@dataclass(frozen=True)
class MonthlyMeans:
    """Monthly mean star rating with its CI, and the count-weighted trend over time (per year) with
    Newey–West standard errors: neighbouring months share reviewers and recipes, so their means are
    autocorrelated and the ordinary WLS p-value would call a drift of thousandths significant."""

    frame: pd.DataFrame  # month_start, n_ratings, mean_rating, ci_low, ci_high, small, time (decimal year)
    trend: stats.Trend | None

    @property
    def overall_mean(self) -> float:
        """Mean of all the star ratings of these months."""
        return float(np.average(self.frame["mean_rating"], weights=self.frame["n_ratings"]))


def monthly_means(view: View) -> MonthlyMeans | None:
    frame = view.aggregate("ratings/monthly_mean", ignoring_focus=[REVIEW_YEAR])
    if frame.empty:
        return None
    low, high = stats.mean_ci(frame["mean_rating"], frame["std_rating"], frame["n_ratings"])
    # Mid-month as a decimal year, so the slope reads in stars per year.
    time = frame["year"] + (frame["month"] - 0.5) / 12
    frame = frame.assign(ci_low=low, ci_high=high, small=frame["n_ratings"] < MIN_GROUP_SIZE, time=time)
    return MonthlyMeans(frame, stats.hac_trend(frame["time"], frame["mean_rating"], frame["n_ratings"]))


def granularity_of(value: Any) -> str:
    return option(value, ui.GRANULARITIES, ui.DEFAULT_GRANULARITY)


def rolling_of(value: Any) -> int:
    """The rolling-mean control: a window the layout offers (0 = none), else none."""
    return value if isinstance(value, int) and not isinstance(value, bool) and value in ui.ROLLING_OPTIONS \
        else ui.DEFAULT_ROLLING


def period_means(analysis: MonthlyMeans, granularity: Any = ui.DEFAULT_GRANULARITY,
                 rolling: Any = ui.DEFAULT_ROLLING) -> pd.DataFrame:
    """The mean star rating per month, quarter or year, pooled from the monthly counts, sums and sums of
    squares (so a quarter's mean is the mean of its ratings, not of its months' means), with its CI;
    every period from the first to the last, those without ratings holding n_ratings 0 and NaN means.
    ``rolling``: the count-weighted trailing mean of that many periods (the mean of all their ratings),
    NaN until that many periods have passed; without, NaN. Columns: period, start ('YYYY-MM-DD'), label,
    n_ratings, mean_rating, std_rating, ci_low, ci_high, small, rolling."""
    granularity, window = granularity_of(granularity), rolling_of(rolling)
    frame = analysis.frame
    n = frame["n_ratings"].to_numpy(float)
    mean = frame["mean_rating"].to_numpy(float)
    variance = np.nan_to_num(frame["std_rating"].to_numpy(float) ** 2)
    pooled = pd.DataFrame({"period": stats.period_index(frame["year"], frame["month"], granularity),
                           "n": n, "total": mean * n, "squares": variance * (n - 1) + n * mean ** 2})
    pooled = pooled.groupby("period").sum()
    periods = np.arange(pooled.index.min(), pooled.index.max() + 1)
    pooled = pooled.reindex(periods, fill_value=0)
    size = stats.PERIOD_MONTHS[granularity]
    per_year = 12 // size
    years, months = periods // per_year, periods % per_year * size + 1
    counts = pooled["n"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        means = np.where(counts > 0, pooled["total"] / counts, np.nan)
        stds = np.where(counts > 1, np.sqrt(np.maximum(pooled["squares"] - pooled["total"] ** 2 / counts, 0)
                                             / (counts - 1)), np.nan)
    if granularity == "month":  # the query's own monthly means and deviations, not recomputed ones
        own = pd.DataFrame({"mean": mean, "std": frame["std_rating"].to_numpy(float)},
                           index=stats.period_index(frame["year"], frame["month"], "month")).reindex(periods)
        means, stds = own["mean"].to_numpy(), own["std"].to_numpy()
    low, high = stats.mean_ci(means, stds, counts)
    labels = {"month": [f"{y}-{m:02d}" for y, m in zip(years, months)],
              "quarter": [f"{y} Q{(m - 1) // 3 + 1}" for y, m in zip(years, months)],
              "year": [str(y) for y in years]}[granularity]
    smooth = stats.rolling_mean(means, window, weights=counts) if window else np.full(len(periods), np.nan)
    return pd.DataFrame({"period": periods, "start": [f"{y:04d}-{m:02d}-01" for y, m in zip(years, months)],
                         "label": labels, "n_ratings": counts.astype(int), "mean_rating": means, "std_rating": stds,
                         "ci_low": low, "ci_high": high, "small": counts < MIN_GROUP_SIZE, "rolling": smooth})


MONTHLY_CONTROLS = (Input(ui.GRANULARITY, "value"), Input(ui.ROLLING, "value"))


@figure_callback(ui.MONTHLY_MEAN, *MONTHLY_CONTROLS)
def monthly_mean_chart(view: View, granularity: Any = ui.DEFAULT_GRANULARITY,
                       rolling: Any = ui.DEFAULT_ROLLING) -> go.Figure:
    analysis = monthly_means(view)
    if analysis is None:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    granularity, window = granularity_of(granularity), rolling_of(rolling)
    periods = period_means(analysis, granularity, window)
    frame = periods[periods["n_ratings"] > 0]
    starts, labels = frame["start"].to_numpy(), frame["label"].to_numpy()
    texts = np.array([_ci_text(lo, hi, n, "ratings.hover.n_ratings", lang, 3)
                      for lo, hi, n in zip(frame["ci_low"], frame["ci_high"], frame["n_ratings"])])
    large, small = ~frame["small"].to_numpy(), frame["small"].to_numpy()
    mean, low, high = (frame[c].to_numpy() for c in ("mean_rating", "ci_low", "ci_high"))
    hover = "%{hovertext}: %{y:.3f}<br>%{text}<extra></extra>"
    traces = _band_traces(starts[large], low[large], high[large], t("ratings.legend.ci", lang), view.theme)
    traces.append({"type": "scatter", "x": starts[large], "y": mean[large], "text": texts[large],
                   "hovertext": labels[large], "mode": "lines+markers", "line": {"color": roles["primary"], "width": 1.5},
                   "marker": {"size": 4 if granularity == "month" else 7}, "hovertemplate": hover,
                   "name": t(f"ratings.legend.mean.{granularity}", lang)})
    if small.any():
        traces.append({"type": "scatter", "x": starts[small], "y": mean[small], "text": texts[small],
                       "hovertext": labels[small], "mode": "markers", "marker": {"color": roles["muted"], "size": 5},
                       "hovertemplate": hover, "name": t("ratings.legend.small", lang, n=MIN_GROUP_SIZE)})
    smooth = periods["rolling"].to_numpy()
    if window:
        shown = np.isfinite(smooth)
        traces.append({"type": "scatter", "x": periods["start"].to_numpy()[shown], "y": smooth[shown],
                       "hovertext": periods["label"].to_numpy()[shown], "mode": "lines",
                       "line": {"color": roles["highlight"], "width": 2.5},
                       "hovertemplate": "%{hovertext}: %{y:.3f}<extra></extra>",
                       "name": t("ratings.legend.rolling", lang, n=window,
                                 periods=t(f"ratings.periods.{granularity}", lang))})
    months = analysis.frame["month_start"].dt.strftime("%Y-%m-%d").to_numpy()
    if analysis.trend is not None:
        ends = [0, len(analysis.frame) - 1]
        trend_line = analysis.trend.predict(analysis.frame["time"].to_numpy()[ends])
        traces.append(_trend_trace(months[ends], trend_line, lang, "%{x|%Y-%m}: %{y:.3f}", view.theme))
    overall = analysis.overall_mean
    shape = mean_reference(overall, lang, theme=view.theme)
    # Every drawn value: the band of the well-measured periods, every point, greyed ones included, the rolling mean.
    yaxis = rating_axis(np.concatenate([low[large], high[large], mean, smooth[np.isfinite(smooth)], [overall]]))
    figure = go.Figure(data=traces, layout={
        "xaxis": {"title": {"text": t(f"ratings.axis.period.{granularity}", lang)}},
        "yaxis": {"title": {"text": t("ratings.axis.mean_rating", lang)}, **yaxis},
        "shapes": [shape], "hovermode": "closest"})
    return view.styled(shade_focused_years(figure, view, REVIEW_YEAR, dates=True))


@note_callback(ui.MONTHLY_MEAN_NOTE, *MONTHLY_CONTROLS)
def monthly_mean_text(view: View, granularity: Any = ui.DEFAULT_GRANULARITY,
                      rolling: Any = ui.DEFAULT_ROLLING) -> str:
    analysis = monthly_means(view)
    lang = view.language
    if analysis is None:
        return t("chart.empty", lang)
    granularity, window = granularity_of(granularity), rolling_of(rolling)
    n_months = len(analysis.frame)
    trend = analysis.trend
    base = ""
    if granularity != "month":
        base += t("ratings.note.period_base", lang, period=t(f"ratings.period.{granularity}", lang))
    if window:
        base += t("ratings.note.rolling", lang, n=window, periods=t(f"ratings.periods.{granularity}", lang))
    if trend is None:
        return t("ratings.note.too_few_months", lang, months=n_months) + base
    text = t("ratings.note.trend", lang, months=fmt_number(n_months, lang), slope=fmt_signed(trend.slope, lang, 4),
             low=fmt_signed(trend.ci_low, lang, 4), high=fmt_signed(trend.ci_high, lang, 4),
             r2=fmt_number(trend.r_squared, lang, 3), p=fmt_p(trend.p_value, lang), lags=trend.maxlags,
             mean=fmt_number(analysis.overall_mean, lang, 3),
             verdict=_trend_verdict(trend, "ratings.note.trend_up", "ratings.note.trend_down",
                                    "ratings.note.trend_none", lang))
    n_small = int(analysis.frame["small"].sum())
    if n_small:
        text += t("ratings.note.small_months", lang, count=fmt_number(n_small, lang), n=MIN_GROUP_SIZE)
    return text + base


# -- rating against number of ratings ----------------------------------------------------------

def bucket_label(bucket: int, language: str) -> str:
    """Label of recipe group ``bucket`` (index into VOLUME_BOUNDS, see volume_buckets.sql)."""
    low = 1 if bucket == 0 else VOLUME_BOUNDS[bucket - 1] + 1
    if bucket >= len(VOLUME_BOUNDS):
        return t("ratings.bucket.open", language, low=VOLUME_BOUNDS[-1])
    high = VOLUME_BOUNDS[bucket]
    key = "ratings.bucket.single" if low == high else "ratings.bucket.range"
    return t(key, language, low=low, high=high)


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

    frame: pd.DataFrame  # bucket, label, n_recipes, n_ratings, mean_rating + CI, five_share + CI, small
    rho: float
    n_recipes: int
    p_value: float

    @property
    def overall_mean(self) -> float:
        """Mean of the recipes' mean ratings over all recipes (the groups' means weighted by recipes)."""
        return float(np.average(self.frame["mean_rating"], weights=self.frame["n_recipes"]))


def volume_analysis(view: View) -> VolumeAnalysis | None:
    frame = view.aggregate("ratings/volume_buckets", bounds=list(VOLUME_BOUNDS))
    if frame.empty:
        return None
    low, high = stats.mean_ci(frame["mean_rating"], frame["std_rating"], frame["n_recipes"])
    five_low, five_high = stats.proportion_ci(frame["n_five"], frame["n_ratings"])
    frame = frame.assign(
        label=[bucket_label(b, view.language) for b in frame["bucket"]], ci_low=low, ci_high=high,
        five_share=frame["n_five"] / frame["n_ratings"], five_low=five_low, five_high=five_high,
        small=frame["n_recipes"] < MIN_GROUP_SIZE)
    rho, n = float(frame["spearman_rho"].iloc[0]), int(frame["spearman_n"].iloc[0])
    return VolumeAnalysis(frame, rho, n, spearman_p_value(rho, n))


@figure_callback(ui.VOLUME)
def volume_chart(view: View) -> go.Figure:
    analysis = volume_analysis(view)
    if analysis is None:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    frame = analysis.frame
    labels, small = frame["label"].tolist(), frame["small"].to_numpy()
    # The bars sit on the first y axis (drawn at the right) so the mean line, on the overlaying
    # axis, is drawn above them.
    five_share = {
        "type": "bar", "x": labels, "y": frame["five_share"].to_numpy(), "opacity": 0.45,
        "marker": {"color": np.where(small, roles["muted"], roles["secondary"])},
        "error_y": _error_bars(frame["five_share"], frame["five_low"], frame["five_high"], roles["muted"]),
        "text": [_ci_text(lo, hi, n, "ratings.hover.n_ratings", lang, percent=True)
                 for lo, hi, n in zip(frame["five_low"], frame["five_high"], frame["n_ratings"])],
        "textposition": "none", "hovertemplate": "%{x}: %{y:.1%}<br>%{text}<extra></extra>",
        "name": t("ratings.legend.five_share", lang)}
    mean = {
        "type": "scatter", "x": labels, "y": frame["mean_rating"].to_numpy(), "mode": "lines+markers", "yaxis": "y2",
        "line": {"color": roles["primary"]}, "marker": {"color": np.where(small, roles["muted"], roles["primary"]), "size": 9},
        "error_y": _error_bars(frame["mean_rating"], frame["ci_low"], frame["ci_high"], roles["primary"]),
        "text": [_ci_text(lo, hi, n, "ratings.hover.n_recipes", lang, 3)
                 for lo, hi, n in zip(frame["ci_low"], frame["ci_high"], frame["n_recipes"])],
        "hovertemplate": "%{x}: %{y:.3f}<br>%{text}<extra></extra>", "name": t("ratings.legend.recipe_mean", lang)}
    overall = analysis.overall_mean
    shape = mean_reference(overall, lang, yref="y2", key="ratings.legend.overall_recipe_mean", theme=view.theme)
    yaxis2 = rating_axis(np.concatenate([frame["ci_low"], frame["ci_high"], frame["mean_rating"], [overall]]))
    return view.styled(go.Figure(data=[five_share, mean], layout={
        "xaxis": {"title": {"text": t("ratings.axis.ratings_per_recipe", lang)}, "type": "category"},
        "yaxis": {"title": {"text": t("ratings.axis.five_share", lang)}, "side": "right", "showgrid": False,
                  "tickformat": ".0%", "range": [0, 1], "dtick": 0.2},
        "yaxis2": {"title": {"text": t("ratings.axis.mean_rating", lang)}, "overlaying": "y", "side": "left",
                   **yaxis2},
        "shapes": [shape], "hovermode": "closest"}))


def _rho_strength(rho: float, language: str) -> str:
    """The size word of a correlation, on the thresholds every tab uses (``stats.COHEN_R``)."""
    return t(f"ratings.strength.{stats.magnitude(rho, stats.COHEN_R)}", language)


@note_callback(ui.VOLUME_NOTE)
def volume_text(view: View) -> str:
    analysis = volume_analysis(view)
    lang = view.language
    if analysis is None:
        return t("chart.empty", lang)
    if analysis.n_recipes < MIN_GROUP_SIZE or analysis.rho != analysis.rho:
        return t("ratings.note.too_few_recipes", lang, n=fmt_number(analysis.n_recipes, lang))
    if analysis.p_value < stats.ALPHA:
        key = "ratings.note.rho_positive" if analysis.rho > 0 else "ratings.note.rho_negative"
        verdict = t(key, lang, strength=_rho_strength(analysis.rho, lang))
    else:
        verdict = t("ratings.note.rho_none", lang)
    frame = analysis.frame
    first, last = frame.iloc[0], frame.iloc[-1]
    # A significant rho against the direction of the group means deserves an explanation.
    groups_direction = np.sign(last.mean_rating - first.mean_rating)
    disagree = analysis.p_value < stats.ALPHA and np.sign(analysis.rho) == -groups_direction
    small = frame.loc[frame["small"], "label"].tolist()
    small_part = t("ratings.note.small_buckets", lang, buckets=_join(small), n=MIN_GROUP_SIZE) if small else ""
    return t("ratings.note.volume", lang, rho=fmt_signed(analysis.rho, lang, 3), n=fmt_number(analysis.n_recipes, lang),
             p=fmt_p(analysis.p_value, lang), verdict=verdict,
             first_mean=fmt_number(first.mean_rating, lang, 3), first_bucket=first.label,
             last_mean=fmt_number(last.mean_rating, lang, 3), last_bucket=last.label,
             first_five=fmt_percent(first.five_share, lang), last_five=fmt_percent(last.five_share, lang),
             disagree_part=t("ratings.note.volume_disagree", lang) if disagree else "", small_part=small_part)


# -- reviews without stars per year (always counted, whatever the include-zero filter) ---------

@dataclass(frozen=True)
class ZeroShare:
    """Yearly share of reviews without stars and its binomial logistic trend (a curve within [0, 1],
    where a line fitted to the share ended at 1.7 % against about 4 % observed)."""

    frame: pd.DataFrame  # year, n_reviews, n_zero, share + Wilson CI, small
    trend: stats.ShareTrend | None


def zero_share(view: View) -> ZeroShare | None:
    """Share of reviews without stars per year. This chart is about zeros, so it overrides the
    include-zero filter; it is the review-year cross-filter's source, so it ignores that focus."""
    with_zeros = replace(view, filters=replace(view.filters, include_zero=True))
    frame = with_zeros.aggregate("ratings/zero_share_per_year", ignoring_focus=[REVIEW_YEAR])
    if frame.empty:
        return None
    low, high = stats.proportion_ci(frame["n_zero"], frame["n_reviews"])
    frame = frame.assign(share=frame["n_zero"] / frame["n_reviews"], ci_low=low, ci_high=high,
                         small=frame["n_reviews"] < MIN_GROUP_SIZE)
    return ZeroShare(frame, stats.logistic_trend(frame["year"], frame["n_zero"], frame["n_reviews"]))


@figure_callback(ui.ZERO_SHARE)
def zero_share_chart(view: View) -> go.Figure:
    analysis = zero_share(view)
    if analysis is None:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    frame = analysis.frame
    years = frame["year"].to_numpy()
    focused = view.focus_years(REVIEW_YEAR)
    colors = [roles["highlight"] if focused and focused[0] <= year <= focused[1] else roles["muted"] if small
              else roles["primary"] for year, small in zip(years, frame["small"])]
    traces = [{
        "type": "bar", "x": years, "y": frame["share"].to_numpy(), "customdata": years[:, None],
        "marker": {"color": colors}, "error_y": _error_bars(frame["share"], frame["ci_low"], frame["ci_high"], roles["muted"]),
        "text": [_ci_text(lo, hi, n, "ratings.hover.n_reviews", lang, percent=True)
                 for lo, hi, n in zip(frame["ci_low"], frame["ci_high"], frame["n_reviews"])],
        "textposition": "none", "hovertemplate": "%{x}: %{y:.1%}<br>%{text}<extra></extra>",
        "name": t("ratings.legend.zero_share", lang)}]
    if analysis.trend is not None:
        grid = np.linspace(years.min(), years.max(), 8 * int(np.ptp(years)) + 1)
        traces.append(_trend_trace(grid, analysis.trend.predict(grid), lang, "%{x:.0f}: %{y:.1%}",
                                   view.theme, "ratings.legend.logistic"))
    # Dragging selects years (a box, or a lasso from the mode bar) rather than zooming.
    figure = go.Figure(data=traces, layout={
        "xaxis": {"title": {"text": t("ratings.axis.year", lang)}, "dtick": 1},
        "yaxis": {"title": {"text": t("ratings.axis.zero_share", lang)}, "tickformat": ".0%"},
        "hovermode": "closest", "dragmode": "select", "selectdirection": "h"})
    return view.styled(shade_focused_years(figure, view, REVIEW_YEAR))


@note_callback(ui.ZERO_SHARE_NOTE)
def zero_share_text(view: View) -> str:
    analysis = zero_share(view)
    lang = view.language
    if analysis is None:
        return t("chart.empty", lang)
    frame = analysis.frame
    total, zeros = int(frame["n_reviews"].sum()), int(frame["n_zero"].sum())
    share = fmt_percent(zeros / total, lang)
    trend = analysis.trend
    if trend is None:
        return t("ratings.note.zero_no_trend", lang, share=share, total=fmt_number(total, lang))
    # The range is read over years large enough to trust; a year of 3 reviews could read 0 % or 100 %.
    reliable = frame[~frame["small"]] if (~frame["small"]).any() else frame
    lowest, highest = reliable.loc[reliable["share"].idxmin()], reliable.loc[reliable["share"].idxmax()]
    small = [str(y) for y in frame.loc[frame["small"], "year"]]
    small_part = t("ratings.note.small_years", lang, years=_join(small), n=MIN_GROUP_SIZE) if small else ""
    return t("ratings.note.zero_share", lang, share=share, total=fmt_number(total, lang),
             min_share=fmt_percent(lowest.share, lang), min_year=int(lowest.year),
             max_share=fmt_percent(highest.share, lang), max_year=int(highest.year),
             first_fit=fmt_percent(trend.first_share, lang), first_year=int(trend.first_x),
             last_fit=fmt_percent(trend.last_share, lang), last_year=int(trend.last_x),
             change=fmt_signed(100 * trend.change, lang, 2), low=fmt_signed(100 * trend.change_low, lang, 2),
             high=fmt_signed(100 * trend.change_high, lang, 2), p=fmt_p(trend.p_value, lang),
             verdict=_trend_verdict(trend, "ratings.note.zero_up", "ratings.note.zero_down",
                                    "ratings.note.zero_flat", lang),
             small_part=small_part)


# -- review length -----------------------------------------------------------------------------

@figure_callback(ui.LENGTH_BY_RATING)
def length_by_rating_chart(view: View) -> go.Figure:
    frame = view.aggregate("ratings/length_by_rating")
    if frame.empty:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    figure = go.Figure(go.Box(
        x=[rating_label(r, lang) for r in frame["rating"]], q1=frame["q1"], median=frame["median"], q3=frame["q3"],
        lowerfence=frame["p05"], upperfence=frame["p95"], mean=frame["mean_length"],
        text=[f"n = {fmt_number(n, lang)} {t('ratings.hover.n_reviews', lang)}" for n in frame["n_reviews"]],
        marker_color=roles["primary"], boxmean=True, name=t("ratings.axis.length", lang),
    ))
    return view.styled(figure, xaxis_title=t("ratings.axis.rating", lang), yaxis_title=t("ratings.axis.length", lang),
                       showlegend=False)


@note_callback(ui.LENGTH_BY_RATING_NOTE)
def length_by_rating_text(view: View) -> str:
    frame = view.aggregate("ratings/length_by_rating")
    lang = view.language
    if frame.empty:
        return t("chart.empty", lang)
    medians = [f"{rating_label(r, lang)} {fmt_number(m, lang)}" for r, m in zip(frame["rating"], frame["median"])]
    reliable = frame[frame["n_reviews"] >= MIN_GROUP_SIZE]
    reliable = reliable if not reliable.empty else frame
    longest, shortest = reliable.loc[reliable["median"].idxmax()], reliable.loc[reliable["median"].idxmin()]
    small = [rating_label(r, lang) for r in frame.loc[frame["n_reviews"] < MIN_GROUP_SIZE, "rating"]]
    small_part = t("ratings.note.small_ratings", lang, ratings=_join(small), n=MIN_GROUP_SIZE) if small else ""
    return t("ratings.note.length_by_rating", lang, medians=_join(medians),
             longest=rating_label(int(longest.rating), lang), longest_median=fmt_number(longest["median"], lang),
             shortest=rating_label(int(shortest.rating), lang), shortest_median=fmt_number(shortest["median"], lang),
             small_part=small_part)


def _length_per_year(view: View) -> tuple[pd.DataFrame, stats.Trend | None]:
    frame = view.aggregate("ratings/length_per_year", ignoring_focus=[REVIEW_YEAR])
    return frame, stats.hac_trend(frame["year"], frame["median"], frame["n_reviews"])


@figure_callback(ui.LENGTH_PER_YEAR)
def length_per_year_chart(view: View) -> go.Figure:
    frame, trend = _length_per_year(view)
    if frame.empty:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    years = frame["year"].to_numpy()
    traces = _band_traces(years, frame["q1"].to_numpy(), frame["q3"].to_numpy(), t("ratings.legend.iqr", lang), view.theme)
    traces.append({
        "type": "scatter", "x": years, "y": frame["median"].to_numpy(), "mode": "lines+markers",
        "line": {"color": roles["primary"]}, "marker": {"color": np.where(frame["n_reviews"] < MIN_GROUP_SIZE, roles["muted"], roles["primary"]),
                                               "size": 7},
        "text": [f"Q1–Q3 {fmt_number(q1, lang)}–{fmt_number(q3, lang)}; n = {fmt_number(n, lang)} "
                 f"{t('ratings.hover.n_reviews', lang)}"
                 for q1, q3, n in zip(frame["q1"], frame["q3"], frame["n_reviews"])],
        "hovertemplate": "%{x}: %{y:.0f}<br>%{text}<extra></extra>", "name": t("ratings.legend.median", lang)})
    if trend is not None:
        traces.append(_trend_trace(years, trend.predict(years), lang, "%{x}: %{y:.0f}", view.theme))
    figure = go.Figure(data=traces, layout={
        "xaxis": {"title": {"text": t("ratings.axis.year", lang)}, "dtick": 1},
        "yaxis": {"title": {"text": t("ratings.axis.length", lang)}},
        "hovermode": "closest"})
    return view.styled(shade_focused_years(figure, view, REVIEW_YEAR))


@note_callback(ui.LENGTH_PER_YEAR_NOTE)
def length_per_year_text(view: View) -> str:
    frame, trend = _length_per_year(view)
    lang = view.language
    if frame.empty:
        return t("chart.empty", lang)
    if trend is None:
        medians = [f"{int(year)} {fmt_number(median, lang)}" for year, median in zip(frame["year"], frame["median"])]
        return t("ratings.note.length_no_trend", lang, medians=_join(medians))
    first, last = frame.iloc[0], frame.iloc[-1]
    small = [str(year) for year in frame.loc[frame["n_reviews"] < MIN_GROUP_SIZE, "year"]]
    small_part = t("ratings.note.small_years", lang, years=_join(small), n=MIN_GROUP_SIZE) if small else ""
    return t("ratings.note.length_per_year", lang, first_median=fmt_number(first["median"], lang),
             first_year=int(first.year), last_median=fmt_number(last["median"], lang), last_year=int(last.year),
             slope=fmt_signed(trend.slope, lang, 2), low=fmt_signed(trend.ci_low, lang, 2),
             high=fmt_signed(trend.ci_high, lang, 2), r2=fmt_number(trend.r_squared, lang, 3),
             p=fmt_p(trend.p_value, lang),
             verdict=_trend_verdict(trend, "ratings.note.length_up", "ratings.note.length_down",
                                    "ratings.note.length_flat", lang),
             small_part=small_part)


# -- distinctive words (precomputed over all reviews: no filter applies) -----------------------

def distinctive_words() -> pd.DataFrame:
    """Top words per rating by weighted log-odds z-score (rating, word, n, log_odds, z).

    review_words does not depend on the filters, so the query is bound without ``$f`` and its
    cached result is shared by every filter state.
    """
    return get_repository().aggregate("ratings/distinctive_words", stop_words=list(STOP_WORDS),
                                      min_count=ui.MIN_WORD_COUNT, top=ui.WORDS_PER_RATING)


def _facet_domains(count: int, gap: float) -> list[tuple[float, float]]:
    """``count`` equal intervals of [0, 1] separated by ``gap``."""
    width = (1 - gap * (count - 1)) / count
    return [(k * (width + gap), k * (width + gap) + width) for k in range(count)]


@figure_callback(ui.WORDS)
def words_chart(view: View) -> go.Figure:
    top = distinctive_words()
    lang = view.language
    roles = palette(view.theme)
    if top.empty:
        return view.empty(t("ratings.note.words_empty", lang))
    facets = [r for r in WORD_FACETS if r in set(top["rating"])]
    # A grid of panels laid out by hand, the figure built in one go: make_subplots and per-panel
    # updates cost more than everything else of this callback.
    columns = min(3, len(facets))
    rows = math.ceil(len(facets) / columns)
    x_domains, y_domains = _facet_domains(columns, 0.12), _facet_domains(rows, 0.16)[::-1]
    traces, layout, titles = [], {}, []
    for index, rating in enumerate(facets):
        suffix = "" if index == 0 else str(index + 1)
        x_domain, y_domain = x_domains[index % columns], y_domains[index // columns]
        words = top[top["rating"] == rating].iloc[::-1]  # highest z at the top of the panel
        traces.append({
            "type": "bar", "x": words["z"].to_numpy(), "y": words["word"].tolist(), "orientation": "h",
            "xaxis": f"x{suffix}", "yaxis": f"y{suffix}", "name": rating_label(rating, lang),
            "marker": {"color": np.where(words["z"] > Z_CRITICAL, roles[f"rating_{rating}"], roles["muted"])},
            "text": [f"{fmt_number(n, lang)} {t('ratings.hover.occurrences', lang)}" for n in words["n"]],
            "textposition": "none", "hovertemplate": "%{y}: z = %{x:.1f}<br>%{text}<extra></extra>"})
        last_row = index // columns == rows - 1
        layout[f"xaxis{suffix}"] = {"domain": x_domain, "anchor": f"y{suffix}",
                                    "title": {"text": t("ratings.axis.z", lang) if last_row else ""}}
        layout[f"yaxis{suffix}"] = {"domain": y_domain, "anchor": f"x{suffix}", "tickfont": {"size": 11}}
        titles.append({"text": rating_label(rating, lang), "showarrow": False, "xref": "paper", "yref": "paper",
                       "x": sum(x_domain) / 2, "y": y_domain[1], "xanchor": "center", "yanchor": "bottom",
                       "font": {"size": 14}})
    figure = go.Figure(data=traces, layout={**layout, "annotations": titles, "showlegend": False,
                                            "margin": {"l": 90, "r": 20, "t": 40, "b": 50}})
    return view.styled(figure)


@note_callback(ui.WORDS_NOTE)
def words_text(view: View) -> str:
    top = distinctive_words()
    lang = view.language
    if top.empty:
        return t("ratings.note.words_empty", lang)
    firsts = top.groupby("rating").first()
    facets = [r for r in WORD_FACETS if r in firsts.index]
    words = [f"{rating_label(r, lang)} “{firsts.loc[r, 'word']}” (z = {fmt_number(firsts.loc[r, 'z'], lang, 1)})"
             for r in facets]
    weak = [rating_label(r, lang) for r in facets if firsts.loc[r, "z"] <= Z_CRITICAL]
    weak_part = t("ratings.note.words_weak", lang, ratings=_join(weak)) if weak else ""
    return t("ratings.note.words", lang, words=_join(words), weak_part=weak_part)


cross_filter(ui.ZERO_SHARE, REVIEW_YEAR)


# -- two-segment comparison --------------------------------------------------------------------

def segment_tags() -> pd.DataFrame:
    """The tags a segment can be (tag, n_recipes), most frequent first, structural tags left out. Over
    all recipes: the options do not move with the filters."""
    return get_repository().aggregate("ratings/segment_tags", exclude=list(STRUCTURAL_TAGS),
                                      limit=ui.SEGMENT_OPTIONS_SHOWN)


@callback(
    Output(ui.SEGMENT_A, "options"), Output(ui.SEGMENT_A, "placeholder"), Output(ui.SEGMENT_B, "options"),
    Input(ids.FILTERS_STORE, "data"), State(ids.LANG_STORE, "data"),
    prevent_initial_call=False,
)
def segment_options(_filters: Any, language: Any) -> tuple[list[dict], str, list[dict]]:
    """The segment dropdowns' tags; segment A's placeholder names its default, the most frequent tag.
    Memoized like the charts (they do not depend on the filters, only on the language)."""
    lang = normalize_language(language)

    def build() -> list:
        tags = segment_tags()
        options = [{"label": f"{tag} ({fmt_number(n, lang)})", "value": tag}
                   for tag, n in tags.itertuples(index=False)]
        placeholder = str(tags["tag"].iloc[0]) if len(tags) else ""
        return [options, placeholder, [{"label": t("ratings.segment_rest", lang), "value": ui.REST}, *options]]

    options, placeholder, b_options = memoized_output("output/ratings-segment-options", {"lang": lang}, build)
    return options, placeholder, b_options


def _segment_value(value: Any) -> str | None:
    """A tag from a dropdown: a non-blank printable string (an unknown tag makes an empty segment), else None."""
    if not isinstance(value, str) or len(value) > 200 or not value.strip() or not value.isprintable():
        return None
    return value.strip()


@dataclass(frozen=True)
class SegmentComparison:
    """The rating counts of two disjoint segments and the tests comparing them."""

    tag_a: str
    tag_b: str | None  # None: every recipe without tag A
    counts: pd.DataFrame  # rating, a, b: reviews per rating shown (0 only when the filter includes it)
    n_both: int  # reviews of recipes holding both tags, left out of both segments
    mann_whitney: stats.TestResult  # on the star ratings 1–5, A over B
    chi_square: stats.TestResult  # on the counts of every rating shown

    def stars(self, segment: str) -> tuple[float, float, int]:
        """Mean and standard deviation of the segment's star ratings (1–5), and their number."""
        rows = self.counts[self.counts["rating"] > 0]
        _, mean, std = stats.counts_mean_std(rows[segment], rows["rating"])
        return mean, std, int(rows[segment].sum())


def segment_comparison(view: View, tag_a: Any = None, tag_b: Any = ui.REST) -> SegmentComparison | None:
    """Segment A (a tag; by default the most frequent one) against B (another tag, or every other recipe
    when ``tag_b`` is REST or not a tag). None when no tag is available."""
    a = _segment_value(tag_a)
    if a is None:
        tags = segment_tags()
        if tags.empty:
            return None
        a = str(tags["tag"].iloc[0])
    b = None if tag_b == ui.REST else _segment_value(tag_b)
    frame = view.aggregate("ratings/segment_distribution", tag_a=a, tag_b=b or "")
    table = frame.pivot(index="rating", columns="segment", values="n_reviews").fillna(0).astype(int)
    if not view.filters.include_zero:
        table = table[table.index > 0]
    counts = pd.DataFrame({"rating": table.index.to_numpy(int), "a": table["a"].to_numpy(),
                           "b": table["b"].to_numpy()})
    stars = counts[counts["rating"] > 0]
    mann_whitney = stats.mann_whitney(np.repeat(stars["rating"].to_numpy(), stars["a"].to_numpy()),
                                      np.repeat(stars["rating"].to_numpy(), stars["b"].to_numpy()))
    chi_square = stats.chi_square_independence(counts[["a", "b"]].to_numpy().T)
    return SegmentComparison(a, b, counts, int(table["both"].sum()), mann_whitney, chi_square)


def _segment_name(comparison: SegmentComparison, segment: str, lang: str) -> str:
    if segment == "a":
        return comparison.tag_a
    return comparison.tag_b if comparison.tag_b is not None else t("ratings.segment_rest", lang)


SEGMENT_CONTROLS = (Input(ui.SEGMENT_A, "value"), Input(ui.SEGMENT_B, "value"))


@figure_callback(ui.SEGMENTS, *SEGMENT_CONTROLS)
def segments_chart(view: View, tag_a: Any = None, tag_b: Any = ui.REST) -> go.Figure:
    comparison = segment_comparison(view, tag_a, tag_b)
    lang = view.language
    roles = palette(view.theme)
    if comparison is not None and comparison.tag_a == comparison.tag_b:
        return view.empty(t("ratings.note.segment_same_tag", lang))
    if comparison is None or comparison.counts[["a", "b"]].to_numpy().sum() == 0:
        return view.empty()
    counts = comparison.counts
    labels = [rating_label(r, lang) for r in counts["rating"]]
    traces = []
    for segment, color in (("a", roles["primary"]), ("b", roles["secondary"])):
        n = counts[segment].to_numpy()
        total = int(n.sum())
        shares = n / total if total else np.zeros(len(n))
        name = t("ratings.legend.segment", lang, segment=segment.upper(), name=_segment_name(comparison, segment, lang),
                 n=fmt_number(total, lang))
        traces.append({"type": "bar", "x": labels, "y": shares, "name": name, "marker": {"color": color},
                       "customdata": n, "text": [fmt_percent(s, lang) for s in shares], "textposition": "none",
                       "hovertemplate": f"{segment.upper()}, %{{x}}: %{{text}} (%{{customdata:,}} "
                                        f"{t('ratings.hover.n_reviews', lang)})<extra></extra>"})
    return view.styled(go.Figure(data=traces, layout={
        "barmode": "group", "xaxis": {"title": {"text": t("ratings.axis.rating", lang)}, "type": "category"},
        "yaxis": {"title": {"text": t("ratings.axis.share_of_segment", lang)}, "tickformat": ".0%"},
        "legend": {"orientation": "h", "x": 0, "y": 1.12}, "hovermode": "closest"}))


@note_callback(ui.SEGMENTS_NOTE, *SEGMENT_CONTROLS)
def segments_text(view: View, tag_a: Any = None, tag_b: Any = ui.REST) -> str:
    comparison = segment_comparison(view, tag_a, tag_b)
    lang = view.language
    if comparison is None:
        return t("chart.empty", lang)
    if comparison.tag_a == comparison.tag_b:
        return t("ratings.note.segment_same_tag", lang)
    (mean_a, std_a, n_a), (mean_b, std_b, n_b) = comparison.stars("a"), comparison.stars("b")
    if n_a == 0 or n_b == 0:
        return t("ratings.note.segment_empty", lang, segment="A" if n_a == 0 else "B",
                 name=_segment_name(comparison, "a" if n_a == 0 else "b", lang))
    parts = []
    for segment, mean, std, n in (("a", mean_a, std_a, n_a), ("b", mean_b, std_b, n_b)):
        low, high = stats.mean_ci(mean, std, n)
        parts.append(t("ratings.note.segment_part", lang, segment=segment.upper(),
                       name=_segment_name(comparison, segment, lang), n=fmt_number(n, lang),
                       mean=fmt_number(mean, lang, 3), low=fmt_number(float(low), lang, 3),
                       high=fmt_number(float(high), lang, 3)))
    mw, chi = comparison.mann_whitney, comparison.chi_square
    if mw.significant and mw.effect != 0:
        verdict = t("ratings.note.segment_higher" if mw.effect > 0 else "ratings.note.segment_lower", lang)
    else:
        verdict = t("ratings.note.segment_same", lang)
    text = t("ratings.note.segments", lang, parts=" ".join(parts), p=fmt_p(mw.p_value, lang),
             r=fmt_signed(mw.effect, lang, 3), r_size=t(f"ratings.effect.{stats.magnitude(mw.effect, stats.COHEN_R)}", lang),
             verdict=verdict, chi2=fmt_number(chi.statistic, lang, 1), chi_p=fmt_p(chi.p_value, lang),
             v=fmt_number(chi.effect, lang, 3),
             v_size=t(f"ratings.effect.{stats.magnitude(chi.effect, stats.cramers_v_thresholds(1))}", lang))
    if comparison.n_both:
        text += t("ratings.note.segment_both", lang, n=fmt_number(comparison.n_both, lang))
    small = [s.upper() for s, n in (("a", n_a), ("b", n_b)) if n < MIN_GROUP_SIZE]
    if small:
        text += t("ratings.note.segment_small", lang, segments=_join(small), n=MIN_GROUP_SIZE)
    return text


# -- top recipes by Bayesian average -----------------------------------------------------------

def top_n_of(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value in ui.TOP_N_OPTIONS \
        else ui.DEFAULT_TOP_N


def bayesian_top(view: View, top_n: Any = ui.DEFAULT_TOP_N) -> pd.DataFrame:
    """The ``top_n`` recipes by Bayesian average (see queries/ratings/bayesian_top.sql): recipe_id, name,
    n_ratings, mean_rating, bayes_rating, and the prior (prior_mean C, prior_weight m), n_recipes and
    n_ratings_all repeated on every row. One cached query ranks the largest N."""
    return view.aggregate("ratings/bayesian_top", limit=max(ui.TOP_N_OPTIONS)).head(top_n_of(top_n))


def _recipe_label(recipe_id: int, name: Any) -> str:
    name = name if isinstance(name, str) and name.strip() else "?"
    name = name if len(name) <= 40 else name[:39] + "…"
    return f"{name} (#{recipe_id})"


@figure_callback(ui.TOP_RECIPES, Input(ui.TOP_N, "value"))
def top_recipes_chart(view: View, top_n: Any = ui.DEFAULT_TOP_N) -> go.Figure:
    frame = bayesian_top(view, top_n)
    if frame.empty:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    labels = [_recipe_label(int(i), name) for i, name in zip(frame["recipe_id"], frame["name"])]
    hover_n = [f"n = {fmt_number(n, lang)} {t('ratings.hover.n_ratings', lang)}" for n in frame["n_ratings"]]
    bayes = {"type": "bar", "orientation": "h", "x": frame["bayes_rating"].to_numpy(), "y": labels,
             "marker": {"color": roles["primary"]}, "text": hover_n, "textposition": "none",
             "customdata": frame["recipe_id"].to_numpy(), "name": t("ratings.legend.bayes", lang),
             "hovertemplate": "%{y}: %{x:.3f}<br>%{text}<extra></extra>"}
    raw = {"type": "scatter", "mode": "markers", "x": frame["mean_rating"].to_numpy(), "y": labels,
           "marker": {"color": roles["secondary"], "symbol": "diamond", "size": 9}, "text": hover_n, "cliponaxis": False,
           "name": t("ratings.legend.raw_mean", lang), "hovertemplate": "%{y}: %{x:.3f}<br>%{text}<extra></extra>"}
    prior = float(frame["prior_mean"].iloc[0])
    xaxis = rating_axis(np.concatenate([frame["bayes_rating"], frame["mean_rating"], [prior]]))
    shape = mean_reference(prior, lang, xref="paper", key="ratings.legend.prior", theme=view.theme)
    # A vertical reference at C: the shape helper draws horizontal lines, so swap its axes.
    shape = {**shape, "xref": "x", "x0": prior, "x1": prior, "yref": "y domain", "y0": 0, "y1": 1}
    return view.styled(go.Figure(data=[bayes, raw], layout={
        "xaxis": {"title": {"text": t("ratings.axis.mean_rating", lang)}, **xaxis},
        "yaxis": {"autorange": "reversed", "automargin": True, "type": "category"},
        "shapes": [shape], "hovermode": "closest", "margin": {"l": 10, "b": 90},
        "legend": {"orientation": "h", "x": 0, "y": 0, "yanchor": "bottom", "yref": "container"}}))


def top_recipes_sentence(frame: pd.DataFrame, lang: str) -> str:
    """The prior (C, m) and the first recipe, from ``bayesian_top``'s rows."""
    first = frame.iloc[0]
    perfect = int((frame["mean_rating"] >= 5).sum())
    return t("ratings.note.top_recipes", lang, c=fmt_number(first.prior_mean, lang, 3),
             n_ratings=fmt_number(first.n_ratings_all, lang), m=fmt_number(first.prior_weight, lang, 1),
             n_recipes=fmt_number(first.n_recipes, lang), name=_recipe_label(int(first.recipe_id), first["name"]),
             bayes=fmt_number(first.bayes_rating, lang, 3), raw=fmt_number(first.mean_rating, lang, 3),
             n=fmt_number(first.n_ratings, lang), shown=len(frame), perfect=perfect)


@note_callback(ui.TOP_RECIPES_NOTE, Input(ui.TOP_N, "value"))
def top_recipes_text(view: View, top_n: Any = ui.DEFAULT_TOP_N) -> Any:
    """The prior and the first recipe, then the ranked table (every name readable, whatever N)."""
    frame = bayesian_top(view, top_n)
    lang = view.language
    if frame.empty:
        return t("chart.empty", lang)
    header = html.Tr([html.Th(t(key, lang)) for key in ("ratings.table.rank", "ratings.table.recipe",
                                                         "ratings.table.n", "ratings.table.raw",
                                                         "ratings.table.bayes")])
    rows = [html.Tr([html.Td(rank), html.Td(_recipe_label(int(r.recipe_id), r.name)),
                     html.Td(fmt_number(r.n_ratings, lang)), html.Td(fmt_number(r.mean_rating, lang, 3)),
                     html.Td(fmt_number(r.bayes_rating, lang, 3))])
            for rank, r in enumerate(frame.itertuples(), start=1)]
    table = html.Table([html.Thead(header), html.Tbody(rows)], className="table table-sm small mb-1 mt-1",
                       id=ui.TOP_RECIPES_TABLE)
    return [html.Div(top_recipes_sentence(frame, lang)), html.Div(table, style={"maxHeight": "16rem",
                                                                                "overflowY": "auto"})]
