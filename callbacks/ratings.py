"""Ratings & reviews callbacks: every figure and text computed live from the filtered reviews.

Each callback fetches its frame through the view (the repository, cached), hands it to its analysis
in app/analysis/ratings.py (``monthly_means``, ``volume_analysis``, ``zero_share``, ...), then draws
the figure or words the interpretation text; the repository cache makes the second call cheap. An
analysis with nothing to work on raises ``EmptySelection``: the chart shows its empty state, the text
its reason (callbacks.common).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, html

from app import ids, stats
from app.analysis import ratings as analyses
from app.analysis.ratings import VOLUME_BOUNDS, MonthlyMeans, SegmentComparison, VolumeAnalysis, ZeroShare
from app.errors import EmptySelection
from app.filters import REVIEW_YEAR
from app.i18n import fmt_number, fmt_p, fmt_percent, fmt_signed, normalize_language, t
from app.repository import get_repository
from app.stats import MIN_GROUP_SIZE
from app.tags import STRUCTURAL_TAGS
from app.theme import color as role_color
from app.theme import palette, rating_color
from callbacks.common import (
    View,
    callback,
    count_option,
    cross_filter,
    figure_callback,
    memoized_output,
    note_callback,
    option,
)
from callbacks.figures import ci_error_bars, mean_reference, rating_axis, shade_focused_years
from layouts import ratings as ui

# Colours are the theme's roles (app/theme.py): groups too small to conclude are "muted", bands are
# "band", a second series and trend lines "secondary", each star rating "rating_<stars>".
# Very common English words (with the fragments contractions leave: "didn't" -> "didn");
# review_words keeps them, they carry no rating signal.
STOP_WORDS = (
    "a",
    "about",
    "above",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "even",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "ll",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "re",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "ve",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "ain",
    "aren",
    "couldn",
    "didn",
    "doesn",
    "hadn",
    "hasn",
    "haven",
    "isn",
    "mightn",
    "mustn",
    "needn",
    "shan",
    "shouldn",
    "wasn",
    "weren",
    "won",
    "wouldn",
)


# -- formatting helpers ------------------------------------------------------------------------


def rating_label(rating: int, language: str) -> str:
    """'0 (no stars)' for reviews without stars, '4 ★' for a star rating."""
    if rating == 0:
        return t("ratings.rating_label.0", language)
    return t("ratings.rating_label.n", language, rating=rating)


def _join(items: list[str]) -> str:
    return ", ".join(items)


# Error bars of this tab's rates and means: thin, with short caps.
_CI_STYLE = {"thickness": 1.2, "width": 3}


def _ci_text(
    low: float, high: float, n: int, unit_key: str, language: str, decimals: int = 2, percent: bool = False
) -> str:
    """Hover and CSV text of a point: its 95 % CI and its sample size."""
    show = (lambda v: fmt_percent(v, language)) if percent else (lambda v: fmt_number(v, language, decimals))
    interval = f"{t('ratings.legend.ci', language)} {show(low)}–{show(high)}"
    return f"{interval}; n = {fmt_number(n, language)} {t(unit_key, language)}"


def _band_traces(x: np.ndarray, low: np.ndarray, high: np.ndarray, name: str, theme: str) -> list[dict]:
    """A shaded band between ``low`` and ``high``: an invisible upper line, then the lower one filled up to it."""
    line = {"type": "scatter", "x": x, "mode": "lines", "line": {"width": 0}, "hoverinfo": "skip"}
    return [
        {**line, "y": high, "showlegend": False, "name": f"{name} +"},
        {**line, "y": low, "fill": "tonexty", "fillcolor": role_color("band", theme), "name": name},
    ]


def _trend_trace(
    x: np.ndarray, y: np.ndarray, language: str, hover: str, theme: str, name_key: str = "ratings.legend.trend"
) -> dict:
    """The dashed line (or logistic curve) of a count-weighted trend."""
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines",
        "name": t(name_key, language),
        "line": {"color": role_color("secondary", theme), "dash": "dash", "width": 2},
        "hovertemplate": hover + "<extra></extra>",
    }


def _trend_verdict(
    trend: stats.Trend | stats.ShareTrend, up_key: str, down_key: str, flat_key: str, language: str
) -> str:
    """The text for a significant rise, a significant fall, or no significant change
    (``analyses.trend_direction``)."""
    return t({1: up_key, -1: down_key, 0: flat_key}[analyses.trend_direction(trend)], language)


# -- rating distribution -----------------------------------------------------------------------


def _distribution(view: View) -> pd.DataFrame:
    """Reviews per rating with shares; rating 0 only when the filter includes it."""
    return analyses.rating_shares(view.aggregate("ratings/distribution"), view.filters.include_zero)


def distribution(view: View) -> analyses.RatingDistribution:
    return analyses.rating_distribution(view.aggregate("ratings/distribution"), view.filters.include_zero)


@figure_callback(ui.DISTRIBUTION)
def distribution_chart(view: View) -> go.Figure:
    frame = distribution(view).frame
    lang = view.language
    figure = go.Figure(
        go.Bar(
            x=[rating_label(r, lang) for r in frame["rating"]],
            y=frame["n_reviews"],
            marker_color=[rating_color(r, view.theme) for r in frame["rating"]],
            text=[fmt_percent(s, lang) for s in frame["share"]],
            textposition="outside",
            cliponaxis=False,
            name=t("ratings.axis.reviews", lang),
            hovertemplate="%{x}: %{y:,} (%{text})<extra></extra>",
        )
    )
    return view.styled(
        figure,
        xaxis_title=t("ratings.axis.rating", lang),
        yaxis_title=t("ratings.axis.reviews", lang),
        showlegend=False,
    )


@note_callback(ui.DISTRIBUTION_NOTE)
def distribution_text(view: View) -> str:
    result = distribution(view)
    lang = view.language
    if result.zero_share is not None:
        zero_part = t("ratings.note.zero_included", lang, share=fmt_percent(result.zero_share, lang))
    else:
        zero_part = t("ratings.note.zero_excluded", lang)
    text = t(
        "ratings.note.distribution",
        lang,
        top_share=fmt_percent(result.top_share, lang),
        total=fmt_number(result.total, lang),
        top_label=rating_label(result.top_rating, lang),
        mean=fmt_number(result.mean, lang, 3),
        low=fmt_number(result.ci_low, lang, 3),
        high=fmt_number(result.ci_high, lang, 3),
        n_rated=fmt_number(result.n_rated, lang),
        zero_part=zero_part,
    )
    if result.small:
        text += t("ratings.note.small_ratings", lang, ratings="1–5", n=MIN_GROUP_SIZE)
    return text


# -- monthly mean rating and its trend ---------------------------------------------------------


def monthly_means(view: View) -> MonthlyMeans:
    """The monthly means of every review year (the chart shades the focused ones)."""
    return analyses.monthly_means(view.aggregate("ratings/monthly_mean", ignoring_focus=[REVIEW_YEAR]))


def granularity_of(value: Any) -> str:
    return option(value, ui.GRANULARITIES, ui.DEFAULT_GRANULARITY)


def rolling_of(value: Any) -> int:
    """The rolling-mean control: a window the layout offers (0 = none), else none."""
    return count_option(value, ui.ROLLING_OPTIONS, ui.DEFAULT_ROLLING)


def period_means(
    analysis: MonthlyMeans, granularity: Any = ui.DEFAULT_GRANULARITY, rolling: Any = ui.DEFAULT_ROLLING
) -> pd.DataFrame:
    """``analyses.period_means`` at the granularity and rolling window of the controls (values the layout
    does not offer: the defaults)."""
    return analyses.period_means(analysis, granularity_of(granularity), rolling_of(rolling))


MONTHLY_CONTROLS = (Input(ui.GRANULARITY, "value"), Input(ui.ROLLING, "value"))


@figure_callback(ui.MONTHLY_MEAN, *MONTHLY_CONTROLS)
def monthly_mean_chart(
    view: View, granularity: Any = ui.DEFAULT_GRANULARITY, rolling: Any = ui.DEFAULT_ROLLING
) -> go.Figure:
    analysis = monthly_means(view)
    lang = view.language
    roles = palette(view.theme)
    granularity, window = granularity_of(granularity), rolling_of(rolling)
    periods = analyses.period_means(analysis, granularity, window)
    frame = periods[periods["n_ratings"] > 0]
    starts, labels = frame["start"].to_numpy(), frame["label"].to_numpy()
    texts = np.array(
        [
            _ci_text(lo, hi, n, "ratings.hover.n_ratings", lang, 3)
            for lo, hi, n in zip(frame["ci_low"], frame["ci_high"], frame["n_ratings"], strict=True)
        ]
    )
    large, small = ~frame["small"].to_numpy(), frame["small"].to_numpy()
    mean, low, high = (frame[c].to_numpy() for c in ("mean_rating", "ci_low", "ci_high"))
    hover = "%{hovertext}: %{y:.3f}<br>%{text}<extra></extra>"
    traces = _band_traces(starts[large], low[large], high[large], t("ratings.legend.ci", lang), view.theme)
    traces.append(
        {
            "type": "scatter",
            "x": starts[large],
            "y": mean[large],
            "text": texts[large],
            "hovertext": labels[large],
            "mode": "lines+markers",
            "line": {"color": roles["primary"], "width": 1.5},
            "marker": {"size": 4 if granularity == "month" else 7},
            "hovertemplate": hover,
            "name": t(f"ratings.legend.mean.{granularity}", lang),
        }
    )
    if small.any():
        traces.append(
            {
                "type": "scatter",
                "x": starts[small],
                "y": mean[small],
                "text": texts[small],
                "hovertext": labels[small],
                "mode": "markers",
                "marker": {"color": roles["muted"], "size": 5},
                "hovertemplate": hover,
                "name": t("ratings.legend.small", lang, n=MIN_GROUP_SIZE),
            }
        )
    smooth = periods["rolling"].to_numpy()
    if window:
        shown = np.isfinite(smooth)
        traces.append(
            {
                "type": "scatter",
                "x": periods["start"].to_numpy()[shown],
                "y": smooth[shown],
                "hovertext": periods["label"].to_numpy()[shown],
                "mode": "lines",
                "line": {"color": roles["highlight"], "width": 2.5},
                "hovertemplate": "%{hovertext}: %{y:.3f}<extra></extra>",
                "name": t("ratings.legend.rolling", lang, n=window, periods=t(f"ratings.periods.{granularity}", lang)),
            }
        )
    months = analysis.frame["month_start"].dt.strftime("%Y-%m-%d").to_numpy()
    if analysis.trend is not None:
        ends = [0, len(analysis.frame) - 1]
        trend_line = analysis.trend.predict(analysis.frame["time"].to_numpy()[ends])
        traces.append(_trend_trace(months[ends], trend_line, lang, "%{x|%Y-%m}: %{y:.3f}", view.theme))
    overall = analysis.overall_mean
    shape = mean_reference(overall, lang, theme=view.theme)
    # Every drawn value: the band of the well-measured periods, every point, greyed ones included, the rolling mean.
    yaxis = rating_axis(np.concatenate([low[large], high[large], mean, smooth[np.isfinite(smooth)], [overall]]))
    figure = go.Figure(
        data=traces,
        layout={
            "xaxis": {"title": {"text": t(f"ratings.axis.period.{granularity}", lang)}},
            "yaxis": {"title": {"text": t("ratings.axis.mean_rating", lang)}, **yaxis},
            "shapes": [shape],
            "hovermode": "closest",
        },
    )
    return view.styled(shade_focused_years(figure, view, REVIEW_YEAR, dates=True))


@note_callback(ui.MONTHLY_MEAN_NOTE, *MONTHLY_CONTROLS)
def monthly_mean_text(view: View, granularity: Any = ui.DEFAULT_GRANULARITY, rolling: Any = ui.DEFAULT_ROLLING) -> str:
    analysis = monthly_means(view)
    lang = view.language
    granularity, window = granularity_of(granularity), rolling_of(rolling)
    n_months = analysis.n_months
    trend = analysis.trend
    base = ""
    if granularity != "month":
        base += t("ratings.note.period_base", lang, period=t(f"ratings.period.{granularity}", lang))
    if window:
        base += t("ratings.note.rolling", lang, n=window, periods=t(f"ratings.periods.{granularity}", lang))
    if trend is None:
        return t("ratings.note.too_few_months", lang, months=n_months) + base
    text = t(
        "ratings.note.trend",
        lang,
        months=fmt_number(n_months, lang),
        slope=fmt_signed(trend.slope, lang, 4),
        low=fmt_signed(trend.ci_low, lang, 4),
        high=fmt_signed(trend.ci_high, lang, 4),
        r2=fmt_number(trend.r_squared, lang, 3),
        p=fmt_p(trend.p_value, lang),
        lags=trend.maxlags,
        mean=fmt_number(analysis.overall_mean, lang, 3),
        verdict=_trend_verdict(
            trend, "ratings.note.trend_up", "ratings.note.trend_down", "ratings.note.trend_none", lang
        ),
    )
    if analysis.n_small:
        text += t("ratings.note.small_months", lang, count=fmt_number(analysis.n_small, lang), n=MIN_GROUP_SIZE)
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


def volume_analysis(view: View) -> VolumeAnalysis:
    """``analyses.volume_analysis`` with each group's label in the view's language (column ``label``)."""
    result = analyses.volume_analysis(view.aggregate("ratings/volume_buckets", bounds=list(VOLUME_BOUNDS)))
    labels = [bucket_label(b, view.language) for b in result.frame["bucket"]]
    return replace(result, frame=result.frame.assign(label=labels))


@figure_callback(ui.VOLUME)
def volume_chart(view: View) -> go.Figure:
    analysis = volume_analysis(view)
    lang = view.language
    roles = palette(view.theme)
    frame = analysis.frame
    labels, small = frame["label"].tolist(), frame["small"].to_numpy()
    # The bars sit on the first y axis (drawn at the right) so the mean line, on the overlaying
    # axis, is drawn above them.
    five_share = {
        "type": "bar",
        "x": labels,
        "y": frame["five_share"].to_numpy(),
        "opacity": 0.45,
        "marker": {"color": np.where(small, roles["muted"], roles["secondary"])},
        "error_y": ci_error_bars(
            frame["five_share"], frame["five_low"], frame["five_high"], color=roles["muted"], thickness=1.2, width=3
        ),
        "text": [
            _ci_text(lo, hi, n, "ratings.hover.n_ratings", lang, percent=True)
            for lo, hi, n in zip(frame["five_low"], frame["five_high"], frame["n_ratings"], strict=True)
        ],
        "textposition": "none",
        "hovertemplate": "%{x}: %{y:.1%}<br>%{text}<extra></extra>",
        "name": t("ratings.legend.five_share", lang),
    }
    mean = {
        "type": "scatter",
        "x": labels,
        "y": frame["mean_rating"].to_numpy(),
        "mode": "lines+markers",
        "yaxis": "y2",
        "line": {"color": roles["primary"]},
        "marker": {"color": np.where(small, roles["muted"], roles["primary"]), "size": 9},
        "error_y": ci_error_bars(
            frame["mean_rating"], frame["ci_low"], frame["ci_high"], color=roles["primary"], thickness=1.2, width=3
        ),
        "text": [
            _ci_text(lo, hi, n, "ratings.hover.n_recipes", lang, 3)
            for lo, hi, n in zip(frame["ci_low"], frame["ci_high"], frame["n_recipes"], strict=True)
        ],
        "hovertemplate": "%{x}: %{y:.3f}<br>%{text}<extra></extra>",
        "name": t("ratings.legend.recipe_mean", lang),
    }
    overall = analysis.overall_mean
    shape = mean_reference(overall, lang, yref="y2", key="ratings.legend.overall_recipe_mean", theme=view.theme)
    yaxis2 = rating_axis(np.concatenate([frame["ci_low"], frame["ci_high"], frame["mean_rating"], [overall]]))
    return view.styled(
        go.Figure(
            data=[five_share, mean],
            layout={
                "xaxis": {"title": {"text": t("ratings.axis.ratings_per_recipe", lang)}, "type": "category"},
                "yaxis": {
                    "title": {"text": t("ratings.axis.five_share", lang)},
                    "side": "right",
                    "showgrid": False,
                    "tickformat": ".0%",
                    "range": [0, 1],
                    "dtick": 0.2,
                },
                "yaxis2": {
                    "title": {"text": t("ratings.axis.mean_rating", lang)},
                    "overlaying": "y",
                    "side": "left",
                    **yaxis2,
                },
                "shapes": [shape],
                "hovermode": "closest",
            },
        )
    )


@note_callback(ui.VOLUME_NOTE)
def volume_text(view: View) -> str:
    analysis = volume_analysis(view)
    lang = view.language
    if not analysis.conclusive:
        return t("ratings.note.too_few_recipes", lang, n=fmt_number(analysis.n_recipes, lang), count=analysis.n_recipes)
    if analysis.significant:
        key = "ratings.note.rho_positive" if analysis.rho > 0 else "ratings.note.rho_negative"
        verdict = t(key, lang, strength=t(f"ratings.strength.{analysis.strength}", lang))
    else:
        verdict = t("ratings.note.rho_none", lang)
    frame = analysis.frame
    first, last = frame.iloc[0], frame.iloc[-1]
    small = frame.loc[frame["small"], "label"].tolist()
    small_part = t("ratings.note.small_buckets", lang, buckets=_join(small), n=MIN_GROUP_SIZE) if small else ""
    return t(
        "ratings.note.volume",
        lang,
        rho=fmt_signed(analysis.rho, lang, 3),
        n=fmt_number(analysis.n_recipes, lang),
        p=fmt_p(analysis.p_value, lang),
        verdict=verdict,
        first_mean=fmt_number(first.mean_rating, lang, 3),
        first_bucket=first.label,
        last_mean=fmt_number(last.mean_rating, lang, 3),
        last_bucket=last.label,
        first_five=fmt_percent(first.five_share, lang),
        last_five=fmt_percent(last.five_share, lang),
        disagree_part=t("ratings.note.volume_disagree", lang) if analysis.disagrees else "",
        small_part=small_part,
    )


# -- reviews without stars per year (always counted, whatever the include-zero filter) ---------


def zero_share(view: View) -> ZeroShare:
    """Share of reviews without stars per year. This chart is about zeros, so it overrides the
    include-zero filter; it is the review-year cross-filter's source, so it ignores that focus."""
    with_zeros = replace(view, filters=replace(view.filters, include_zero=True))
    return analyses.zero_share(with_zeros.aggregate("ratings/zero_share_per_year", ignoring_focus=[REVIEW_YEAR]))


@figure_callback(ui.ZERO_SHARE)
def zero_share_chart(view: View) -> go.Figure:
    analysis = zero_share(view)
    lang = view.language
    roles = palette(view.theme)
    frame = analysis.frame
    years = frame["year"].to_numpy()
    focused = view.focus_years(REVIEW_YEAR)
    colors = [
        roles["highlight"]
        if focused and focused[0] <= year <= focused[1]
        else roles["muted"]
        if small
        else roles["primary"]
        for year, small in zip(years, frame["small"], strict=True)
    ]
    traces = [
        {
            "type": "bar",
            "x": years,
            "y": frame["share"].to_numpy(),
            "customdata": years[:, None],
            "marker": {"color": colors},
            "error_y": ci_error_bars(
                frame["share"], frame["ci_low"], frame["ci_high"], color=roles["muted"], thickness=1.2, width=3
            ),
            "text": [
                _ci_text(lo, hi, n, "ratings.hover.n_reviews", lang, percent=True)
                for lo, hi, n in zip(frame["ci_low"], frame["ci_high"], frame["n_reviews"], strict=True)
            ],
            "textposition": "none",
            "hovertemplate": "%{x}: %{y:.1%}<br>%{text}<extra></extra>",
            "name": t("ratings.legend.zero_share", lang),
        }
    ]
    if analysis.trend is not None:
        grid = np.linspace(years.min(), years.max(), 8 * int(np.ptp(years)) + 1)
        traces.append(
            _trend_trace(
                grid, analysis.trend.predict(grid), lang, "%{x:.0f}: %{y:.1%}", view.theme, "ratings.legend.logistic"
            )
        )
    # Dragging selects years (a box, or a lasso from the mode bar) rather than zooming.
    figure = go.Figure(
        data=traces,
        layout={
            "xaxis": {"title": {"text": t("ratings.axis.year", lang)}, "dtick": 1},
            "yaxis": {"title": {"text": t("ratings.axis.zero_share", lang)}, "tickformat": ".0%"},
            "hovermode": "closest",
            "dragmode": "select",
            "selectdirection": "h",
        },
    )
    return view.styled(shade_focused_years(figure, view, REVIEW_YEAR))


@note_callback(ui.ZERO_SHARE_NOTE)
def zero_share_text(view: View) -> str:
    analysis = zero_share(view)
    lang = view.language
    share, total = fmt_percent(analysis.overall_share, lang), fmt_number(analysis.total, lang)
    trend = analysis.trend
    if trend is None:
        return t("ratings.note.zero_no_trend", lang, share=share, total=total)
    small = [str(y) for y in analysis.small_years]
    small_part = t("ratings.note.small_years", lang, years=_join(small), n=MIN_GROUP_SIZE) if small else ""
    lowest, highest = analysis.lowest, analysis.highest
    return t(
        "ratings.note.zero_share",
        lang,
        share=share,
        total=total,
        min_share=fmt_percent(lowest.value, lang),
        min_year=lowest.year,
        max_share=fmt_percent(highest.value, lang),
        max_year=highest.year,
        first_fit=fmt_percent(trend.first_share, lang),
        first_year=int(trend.first_x),
        last_fit=fmt_percent(trend.last_share, lang),
        last_year=int(trend.last_x),
        change=fmt_signed(100 * trend.change, lang, 2),
        low=fmt_signed(100 * trend.change_low, lang, 2),
        high=fmt_signed(100 * trend.change_high, lang, 2),
        p=fmt_p(trend.p_value, lang),
        verdict=_trend_verdict(trend, "ratings.note.zero_up", "ratings.note.zero_down", "ratings.note.zero_flat", lang),
        small_part=small_part,
    )


# -- review length -----------------------------------------------------------------------------


def length_by_rating(view: View) -> analyses.LengthByRating:
    return analyses.length_by_rating(view.aggregate("ratings/length_by_rating"))


@figure_callback(ui.LENGTH_BY_RATING)
def length_by_rating_chart(view: View) -> go.Figure:
    frame = length_by_rating(view).frame
    lang = view.language
    roles = palette(view.theme)
    figure = go.Figure(
        go.Box(
            x=[rating_label(r, lang) for r in frame["rating"]],
            q1=frame["q1"],
            median=frame["median"],
            q3=frame["q3"],
            lowerfence=frame["p05"],
            upperfence=frame["p95"],
            mean=frame["mean_length"],
            text=[f"n = {fmt_number(n, lang)} {t('ratings.hover.n_reviews', lang)}" for n in frame["n_reviews"]],
            marker_color=roles["primary"],
            boxmean=True,
            name=t("ratings.axis.length", lang),
        )
    )
    return view.styled(
        figure, xaxis_title=t("ratings.axis.rating", lang), yaxis_title=t("ratings.axis.length", lang), showlegend=False
    )


@note_callback(ui.LENGTH_BY_RATING_NOTE)
def length_by_rating_text(view: View) -> str:
    analysis = length_by_rating(view)
    frame = analysis.frame
    lang = view.language
    medians = [
        f"{rating_label(r, lang)} {fmt_number(m, lang)}" for r, m in zip(frame["rating"], frame["median"], strict=True)
    ]
    small = [rating_label(r, lang) for r in analysis.small_ratings]
    small_part = t("ratings.note.small_ratings", lang, ratings=_join(small), n=MIN_GROUP_SIZE) if small else ""
    longest, shortest = analysis.longest, analysis.shortest
    return t(
        "ratings.note.length_by_rating",
        lang,
        medians=_join(medians),
        longest=rating_label(longest, lang),
        longest_median=fmt_number(analysis.median(longest), lang),
        shortest=rating_label(shortest, lang),
        shortest_median=fmt_number(analysis.median(shortest), lang),
        small_part=small_part,
    )


def length_per_year(view: View) -> analyses.LengthPerYear:
    """Every review year (the chart shades the focused ones)."""
    return analyses.length_per_year(view.aggregate("ratings/length_per_year", ignoring_focus=[REVIEW_YEAR]))


@figure_callback(ui.LENGTH_PER_YEAR)
def length_per_year_chart(view: View) -> go.Figure:
    analysis = length_per_year(view)
    frame, trend = analysis.frame, analysis.trend
    lang = view.language
    roles = palette(view.theme)
    years = frame["year"].to_numpy()
    traces = _band_traces(
        years, frame["q1"].to_numpy(), frame["q3"].to_numpy(), t("ratings.legend.iqr", lang), view.theme
    )
    traces.append(
        {
            "type": "scatter",
            "x": years,
            "y": frame["median"].to_numpy(),
            "mode": "lines+markers",
            "line": {"color": roles["primary"]},
            "marker": {"color": np.where(frame["small"], roles["muted"], roles["primary"]), "size": 7},
            "text": [
                f"Q1–Q3 {fmt_number(q1, lang)}–{fmt_number(q3, lang)}; n = {fmt_number(n, lang)} "
                f"{t('ratings.hover.n_reviews', lang)}"
                for q1, q3, n in zip(frame["q1"], frame["q3"], frame["n_reviews"], strict=True)
            ],
            "hovertemplate": "%{x}: %{y:.0f}<br>%{text}<extra></extra>",
            "name": t("ratings.legend.median", lang),
        }
    )
    if trend is not None:
        traces.append(_trend_trace(years, trend.predict(years), lang, "%{x}: %{y:.0f}", view.theme))
    figure = go.Figure(
        data=traces,
        layout={
            "xaxis": {"title": {"text": t("ratings.axis.year", lang)}, "dtick": 1},
            "yaxis": {"title": {"text": t("ratings.axis.length", lang)}},
            "hovermode": "closest",
        },
    )
    return view.styled(shade_focused_years(figure, view, REVIEW_YEAR))


@note_callback(ui.LENGTH_PER_YEAR_NOTE)
def length_per_year_text(view: View) -> str:
    analysis = length_per_year(view)
    frame, trend = analysis.frame, analysis.trend
    lang = view.language
    if trend is None:
        medians = [
            f"{int(year)} {fmt_number(median, lang)}"
            for year, median in zip(frame["year"], frame["median"], strict=True)
        ]
        return t("ratings.note.length_no_trend", lang, medians=_join(medians))
    first, last = analysis.first, analysis.last
    small = [str(year) for year in analysis.small_years]
    small_part = t("ratings.note.small_years", lang, years=_join(small), n=MIN_GROUP_SIZE) if small else ""
    return t(
        "ratings.note.length_per_year",
        lang,
        first_median=fmt_number(first.value, lang),
        first_year=first.year,
        last_median=fmt_number(last.value, lang),
        last_year=last.year,
        slope=fmt_signed(trend.slope, lang, 2),
        low=fmt_signed(trend.ci_low, lang, 2),
        high=fmt_signed(trend.ci_high, lang, 2),
        r2=fmt_number(trend.r_squared, lang, 3),
        p=fmt_p(trend.p_value, lang),
        verdict=_trend_verdict(
            trend, "ratings.note.length_up", "ratings.note.length_down", "ratings.note.length_flat", lang
        ),
        small_part=small_part,
    )


# -- distinctive words (precomputed over all reviews: no filter applies) -----------------------


def distinctive_words() -> pd.DataFrame:
    """Top words per rating by weighted log-odds z-score (rating, word, n, log_odds, z).

    review_words does not depend on the filters, so the query is bound without ``$f`` and its
    cached result is shared by every filter state.
    """
    return get_repository().aggregate(
        "ratings/distinctive_words", stop_words=list(STOP_WORDS), min_count=ui.MIN_WORD_COUNT, top=ui.WORDS_PER_RATING
    )


def _facet_domains(count: int, gap: float) -> list[tuple[float, float]]:
    """``count`` equal intervals of [0, 1] separated by ``gap``."""
    width = (1 - gap * (count - 1)) / count
    return [(k * (width + gap), k * (width + gap) + width) for k in range(count)]


def word_leaders(language: str) -> analyses.DistinctiveWords:
    """The words' analysis; without any word, the empty state says why."""
    try:
        return analyses.distinctive_words(distinctive_words())
    except analyses.NoDistinctiveWords:
        raise EmptySelection(t("ratings.note.words_empty", language)) from None


@figure_callback(ui.WORDS)
def words_chart(view: View) -> go.Figure:
    analysis = word_leaders(view.language)
    lang = view.language
    roles = palette(view.theme)
    facets = analysis.facets
    # A grid of panels laid out by hand, the figure built in one go: make_subplots and per-panel
    # updates cost more than everything else of this callback.
    columns = min(3, len(facets))
    rows = math.ceil(len(facets) / columns)
    x_domains, y_domains = _facet_domains(columns, 0.12), _facet_domains(rows, 0.16)[::-1]
    traces, layout, titles = [], {}, []
    for index, rating in enumerate(facets):
        suffix = "" if index == 0 else str(index + 1)
        x_domain, y_domain = x_domains[index % columns], y_domains[index // columns]
        words = analysis.words(rating).iloc[::-1]  # highest z at the top of the panel
        traces.append(
            {
                "type": "bar",
                "x": words["z"].to_numpy(),
                "y": words["word"].tolist(),
                "orientation": "h",
                "xaxis": f"x{suffix}",
                "yaxis": f"y{suffix}",
                "name": rating_label(rating, lang),
                "marker": {"color": np.where(words["distinctive"], roles[f"rating_{rating}"], roles["muted"])},
                "text": [f"{fmt_number(n, lang)} {t('ratings.hover.occurrences', lang)}" for n in words["n"]],
                "textposition": "none",
                "hovertemplate": "%{y}: z = %{x:.1f}<br>%{text}<extra></extra>",
            }
        )
        last_row = index // columns == rows - 1
        layout[f"xaxis{suffix}"] = {
            "domain": x_domain,
            "anchor": f"y{suffix}",
            "title": {"text": t("ratings.axis.z", lang) if last_row else ""},
        }
        layout[f"yaxis{suffix}"] = {"domain": y_domain, "anchor": f"x{suffix}", "tickfont": {"size": 11}}
        titles.append(
            {
                "text": rating_label(rating, lang),
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": sum(x_domain) / 2,
                "y": y_domain[1],
                "xanchor": "center",
                "yanchor": "bottom",
                "font": {"size": 14},
            }
        )
    figure = go.Figure(
        data=traces,
        layout={**layout, "annotations": titles, "showlegend": False, "margin": {"l": 90, "r": 20, "t": 40, "b": 50}},
    )
    return view.styled(figure)


@note_callback(ui.WORDS_NOTE)
def words_text(view: View) -> str:
    analysis = word_leaders(view.language)
    lang = view.language
    words = [
        f"{rating_label(leader.rating, lang)} “{leader.word}” (z = {fmt_number(leader.z, lang, 1)})"
        for leader in analysis.leaders
    ]
    weak = [rating_label(r, lang) for r in analysis.weak]
    weak_part = t("ratings.note.words_weak", lang, ratings=_join(weak)) if weak else ""
    return t("ratings.note.words", lang, words=_join(words), weak_part=weak_part)


cross_filter(ui.ZERO_SHARE, REVIEW_YEAR)


# -- two-segment comparison --------------------------------------------------------------------


def segment_tags() -> pd.DataFrame:
    """The tags a segment can be (tag, n_recipes), most frequent first, structural tags left out. Over
    all recipes: the options do not move with the filters."""
    return get_repository().aggregate(
        "ratings/segment_tags", exclude=list(STRUCTURAL_TAGS), limit=ui.SEGMENT_OPTIONS_SHOWN
    )


@callback(
    Output(ui.SEGMENT_A, "options"),
    Output(ui.SEGMENT_A, "placeholder"),
    Output(ui.SEGMENT_B, "options"),
    Input(ids.FILTERS_STORE, "data"),
    State(ids.LANG_STORE, "data"),
    prevent_initial_call=False,
)
def segment_options(_filters: Any, language: Any) -> tuple[list[dict], str, list[dict]]:
    """The segment dropdowns' tags; segment A's placeholder names its default, the most frequent tag.
    Memoized like the charts (they do not depend on the filters, only on the language)."""
    lang = normalize_language(language)

    def build() -> list:
        tags = segment_tags()
        options = [{"label": f"{tag} ({fmt_number(n, lang)})", "value": tag} for tag, n in tags.itertuples(index=False)]
        placeholder = str(tags["tag"].iloc[0]) if len(tags) else ""
        return [options, placeholder, [{"label": t("ratings.segment_rest", lang), "value": ui.REST}, *options]]

    options, placeholder, b_options = memoized_output("output/ratings-segment-options", {"lang": lang}, build)
    return options, placeholder, b_options


def _segment_value(value: Any) -> str | None:
    """A tag from a dropdown: a non-blank printable string (an unknown tag makes an empty segment), else None."""
    if not isinstance(value, str) or len(value) > 200 or not value.strip() or not value.isprintable():
        return None
    return value.strip()


def segment_comparison(view: View, tag_a: Any = None, tag_b: Any = ui.REST) -> SegmentComparison:
    """Segment A (a tag; by default the most frequent one) against B (another tag, or every other recipe
    when ``tag_b`` is REST or not a tag): ``analyses.compare_segments``. EmptySelection when no tag is
    available or when A and B are the same tag (saying so)."""
    a = _segment_value(tag_a)
    if a is None:
        a = analyses.default_segment(segment_tags())
    b = None if tag_b == ui.REST else _segment_value(tag_b)
    frame = view.aggregate("ratings/segment_distribution", tag_a=a, tag_b=b or "")
    try:
        return analyses.compare_segments(frame, a, b, view.filters.include_zero)
    except analyses.SameSegmentTag:
        raise EmptySelection(t("ratings.note.segment_same_tag", view.language)) from None


def _segment_name(comparison: SegmentComparison, segment: str, lang: str) -> str:
    if segment == "a":
        return comparison.tag_a
    return comparison.tag_b if comparison.tag_b is not None else t("ratings.segment_rest", lang)


SEGMENT_CONTROLS = (Input(ui.SEGMENT_A, "value"), Input(ui.SEGMENT_B, "value"))


@figure_callback(ui.SEGMENTS, *SEGMENT_CONTROLS)
def segments_chart(view: View, tag_a: Any = None, tag_b: Any = ui.REST) -> go.Figure:
    comparison = segment_comparison(view, tag_a, tag_b)
    if comparison.n_reviews == 0:
        raise EmptySelection()
    lang = view.language
    roles = palette(view.theme)
    counts = comparison.counts
    labels = [rating_label(r, lang) for r in counts["rating"]]
    traces = []
    for segment, color in (("a", roles["primary"]), ("b", roles["secondary"])):
        n, shares = counts[segment].to_numpy(), counts[f"share_{segment}"].to_numpy()
        total = int(n.sum())
        name = t(
            "ratings.legend.segment",
            lang,
            segment=segment.upper(),
            name=_segment_name(comparison, segment, lang),
            n=fmt_number(total, lang),
        )
        traces.append(
            {
                "type": "bar",
                "x": labels,
                "y": shares,
                "name": name,
                "marker": {"color": color},
                "customdata": n,
                "text": [fmt_percent(s, lang) for s in shares],
                "textposition": "none",
                "hovertemplate": f"{segment.upper()}, %{{x}}: %{{text}} (%{{customdata:,}} "
                f"{t('ratings.hover.n_reviews', lang)})<extra></extra>",
            }
        )
    return view.styled(
        go.Figure(
            data=traces,
            layout={
                "barmode": "group",
                "xaxis": {"title": {"text": t("ratings.axis.rating", lang)}, "type": "category"},
                "yaxis": {"title": {"text": t("ratings.axis.share_of_segment", lang)}, "tickformat": ".0%"},
                "legend": {"orientation": "h", "x": 0, "y": 1.12},
                "hovermode": "closest",
            },
        )
    )


@note_callback(ui.SEGMENTS_NOTE, *SEGMENT_CONTROLS)
def segments_text(view: View, tag_a: Any = None, tag_b: Any = ui.REST) -> str:
    comparison = segment_comparison(view, tag_a, tag_b)
    lang = view.language
    empty = comparison.empty_segment
    if empty is not None:
        return t("ratings.note.segment_empty", lang, segment=empty.upper(), name=_segment_name(comparison, empty, lang))
    parts = []
    for segment in ("a", "b"):
        stars = comparison.stars(segment)
        parts.append(
            t(
                "ratings.note.segment_part",
                lang,
                segment=segment.upper(),
                name=_segment_name(comparison, segment, lang),
                n=fmt_number(stars.n, lang),
                mean=fmt_number(stars.mean, lang, 3),
                low=fmt_number(stars.ci_low, lang, 3),
                high=fmt_number(stars.ci_high, lang, 3),
            )
        )
    mw, chi = comparison.mann_whitney, comparison.chi_square
    verdict = t(
        {1: "ratings.note.segment_higher", -1: "ratings.note.segment_lower", 0: "ratings.note.segment_same"}[
            comparison.direction
        ],
        lang,
    )
    text = t(
        "ratings.note.segments",
        lang,
        parts=" ".join(parts),
        p=fmt_p(mw.p_value, lang),
        r=fmt_signed(mw.effect, lang, 3),
        r_size=t(f"ratings.effect.{comparison.r_magnitude}", lang),
        verdict=verdict,
        chi2=fmt_number(chi.statistic, lang, 1),
        chi_p=fmt_p(chi.p_value, lang),
        v=fmt_number(chi.effect, lang, 3),
        v_size=t(f"ratings.effect.{comparison.v_magnitude}", lang),
    )
    if comparison.n_both:
        text += t("ratings.note.segment_both", lang, n=fmt_number(comparison.n_both, lang))
    small = [s.upper() for s in comparison.small_segments]
    if small:
        text += t("ratings.note.segment_small", lang, segments=_join(small), n=MIN_GROUP_SIZE)
    return text


# -- top recipes by Bayesian average -----------------------------------------------------------


def top_n_of(value: Any) -> int:
    return count_option(value, ui.TOP_N_OPTIONS, ui.DEFAULT_TOP_N)


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
    top = analyses.top_recipes(bayesian_top(view, top_n))
    frame = top.frame
    lang = view.language
    roles = palette(view.theme)
    labels = [_recipe_label(int(i), name) for i, name in zip(frame["recipe_id"], frame["name"], strict=True)]
    hover_n = [f"n = {fmt_number(n, lang)} {t('ratings.hover.n_ratings', lang)}" for n in frame["n_ratings"]]
    bayes = {
        "type": "bar",
        "orientation": "h",
        "x": frame["bayes_rating"].to_numpy(),
        "y": labels,
        "marker": {"color": roles["primary"]},
        "text": hover_n,
        "textposition": "none",
        "customdata": frame["recipe_id"].to_numpy(),
        "name": t("ratings.legend.bayes", lang),
        "hovertemplate": "%{y}: %{x:.3f}<br>%{text}<extra></extra>",
    }
    raw = {
        "type": "scatter",
        "mode": "markers",
        "x": frame["mean_rating"].to_numpy(),
        "y": labels,
        "marker": {"color": roles["secondary"], "symbol": "diamond", "size": 9},
        "text": hover_n,
        "cliponaxis": False,
        "name": t("ratings.legend.raw_mean", lang),
        "hovertemplate": "%{y}: %{x:.3f}<br>%{text}<extra></extra>",
    }
    prior = top.prior_mean
    xaxis = rating_axis(np.concatenate([frame["bayes_rating"], frame["mean_rating"], [prior]]))
    shape = mean_reference(prior, lang, xref="paper", key="ratings.legend.prior", theme=view.theme)
    # A vertical reference at C: the shape helper draws horizontal lines, so swap its axes.
    shape = {**shape, "xref": "x", "x0": prior, "x1": prior, "yref": "y domain", "y0": 0, "y1": 1}
    return view.styled(
        go.Figure(
            data=[bayes, raw],
            layout={
                "xaxis": {"title": {"text": t("ratings.axis.mean_rating", lang)}, **xaxis},
                "yaxis": {"autorange": "reversed", "automargin": True, "type": "category"},
                "shapes": [shape],
                "hovermode": "closest",
                "margin": {"l": 10, "b": 90},
                "legend": {"orientation": "h", "x": 0, "y": 0, "yanchor": "bottom", "yref": "container"},
            },
        )
    )


def top_recipes_sentence(frame: pd.DataFrame, lang: str) -> str:
    """The prior (C, m) and the first recipe, from ``bayesian_top``'s rows."""
    top = analyses.top_recipes(frame)
    first = top.first
    return t(
        "ratings.note.top_recipes",
        lang,
        c=fmt_number(top.prior_mean, lang, 3),
        n_ratings=fmt_number(top.n_ratings_all, lang),
        m=fmt_number(top.prior_weight, lang, 1),
        n_recipes=fmt_number(top.n_recipes, lang),
        name=_recipe_label(first.recipe_id, first.name),
        bayes=fmt_number(first.bayes_rating, lang, 3),
        raw=fmt_number(first.mean_rating, lang, 3),
        n=fmt_number(first.n_ratings, lang),
        shown=len(frame),
        perfect=top.n_perfect,
    )


@note_callback(ui.TOP_RECIPES_NOTE, Input(ui.TOP_N, "value"))
def top_recipes_text(view: View, top_n: Any = ui.DEFAULT_TOP_N) -> Any:
    """The prior and the first recipe, then the ranked table (every name readable, whatever N)."""
    top = analyses.top_recipes(bayesian_top(view, top_n))
    lang = view.language
    header = html.Tr(
        [
            html.Th(t(key, lang))
            for key in (
                "ratings.table.rank",
                "ratings.table.recipe",
                "ratings.table.n",
                "ratings.table.raw",
                "ratings.table.bayes",
            )
        ]
    )
    rows = [
        html.Tr(
            [
                html.Td(rank),
                html.Td(_recipe_label(r.recipe_id, r.name)),
                html.Td(fmt_number(r.n_ratings, lang)),
                html.Td(fmt_number(r.mean_rating, lang, 3)),
                html.Td(fmt_number(r.bayes_rating, lang, 3)),
            ]
        )
        for rank, r in enumerate(top.recipes, start=1)
    ]
    table = html.Table(
        [html.Thead(header), html.Tbody(rows)], className="table table-sm small mb-1 mt-1", id=ui.TOP_RECIPES_TABLE
    )
    return [
        html.Div(top_recipes_sentence(top.frame, lang)),
        html.Div(table, style={"maxHeight": "16rem", "overflowY": "auto"}),
    ]
