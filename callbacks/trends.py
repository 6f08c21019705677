"""Trends callbacks: recipes by submission year, every figure and text computed live.

The callbacks fetch the ``trends/*`` queries through the view, hand the frames to the pure analyses
of ``app.analysis.trends`` (yearly trends, logistic share trends, FDR, the summaries) and turn their
typed results into figures and sentences. Trends of yearly means and medians are count-weighted lines
tested with Newey–West standard errors; trends of shares are binomial logistic curves, whose texts
report the change between the fitted shares of the first and last year.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Input, Output, State, html

from app import ids, stats
from app.analysis import trends as analysis
from app.analysis.trends import MIN_TREND_YEARS, SMALL_YEAR, ItemStats, ItemTrends
from app.errors import EmptySelection
from app.filters import SUBMISSION_YEAR
from app.i18n import fmt_number, fmt_p, fmt_percent, fmt_signed, fmt_years, t
from app.schema import MINUTES_OUTLIER_THRESHOLD, NUTRITION_COLUMNS
from app.tags import STRUCTURAL_TAGS
from app.theme import palette
from callbacks.common import View, callback, count_option, cross_filter, figure_callback, note_callback, option
from callbacks.figures import ci_error_bars, shade_focused_years
from layouts import trends as ui

SHORT_SPAN_YEARS = 6  # up to this many years, every year gets its tick


# Item kind -> the recipes' item count column of the contract.
ITEM_COUNT_COLUMNS = {"tags": "n_tags", "ingredients": "n_ingredients"}


# -- inputs and data -----------------------------------------------------------------------------


def top_n_of(value: Any) -> int:
    """The Top-N control's value: one of the offered sizes, else the default."""
    return count_option(value, ui.TOP_N_OPTIONS, ui.DEFAULT_TOP_N)


def include_structural_of(value: Any) -> bool:
    """The structural-tags switch: only a true boolean includes them."""
    return value is True


def rolling_of(value: Any) -> int:
    """The rolling-mean control: a window offered by the layout (0 = none), else none."""
    return count_option(value, ui.ROLLING_OPTIONS, ui.DEFAULT_ROLLING)


def item_kind_of(kind: Any) -> str:
    """The item kind control: tags or ingredients (anything else means tags)."""
    return option(kind, ITEM_COUNT_COLUMNS, ui.DEFAULT_ITEM_KIND)


def item_stats(view: View, kind: str | None, include_structural: Any = False, per_year: bool = False) -> ItemStats:
    """Run the item query for ``kind`` (tags or ingredients; anything else means tags).

    Structural tags (``app.tags``) are dropped from the tested and ranked items unless
    ``include_structural``: filtered after the one cached query, which ranks enough items
    (the largest Top-N plus every structural tag) for both states of the switch and every N.
    ``per_year``: for the charts per year, which ignore the year focus (they shade it); the ranking
    of the most frequent items is of the focused years.
    """
    kind = item_kind_of(kind)
    frame = view.aggregate(
        "trends/item_stats",
        identifiers={"count": ITEM_COUNT_COLUMNS[kind]},
        kind=kind,
        limit=max(ui.TOP_N_OPTIONS) + len(STRUCTURAL_TAGS),
        min_recipes=ui.MIN_ITEM_RECIPES,
        min_share=ui.MIN_ITEM_SHARE,
        ignoring_focus=[SUBMISSION_YEAR] if per_year else [],
    )
    return analysis.item_sections(frame, kind, include_structural_of(include_structural), max(ui.TOP_N_OPTIONS))


def volume_per_period(view: View, granularity: Any = ui.DEFAULT_GRANULARITY, rolling: Any = 0) -> pd.DataFrame:
    """Recipes per period (year, quarter or month; anything else means year), read without the year focus
    (``analysis.volume_per_period``: zero-filled periods, their shares and the rolling mean)."""
    granularity = option(granularity, ui.GRANULARITIES, ui.DEFAULT_GRANULARITY)
    monthly = view.aggregate("trends/volume_per_month", ignoring_focus=[SUBMISSION_YEAR])
    return analysis.volume_per_period(monthly, granularity, rolling_of(rolling))


def _minutes(view: View) -> tuple[pd.DataFrame, int, Mapping[str, stats.Trend | None]]:
    """Per-year minute statistics (years with non-outlier recipes), outliers excluded, and trends."""
    result = _minutes_result(view)
    return result.frame, result.n_outliers, result.trends


def _complexity(view: View) -> tuple[pd.DataFrame, dict[str, stats.Trend | None]]:
    result = _complexity_result(view)
    return result.frame, {prefix: series.trend for prefix, series in result.series.items()}


def _complexity_result(view: View) -> analysis.ComplexityTrends:
    return analysis.complexity_per_year(view.aggregate("trends/complexity_per_year", ignoring_focus=[SUBMISSION_YEAR]))


def _nutrition(view: View, nutrient: str | None) -> tuple[str, analysis.CenterTrends]:
    nutrient = option(nutrient, NUTRITION_COLUMNS, NUTRITION_COLUMNS[0])
    frame = view.aggregate(
        "trends/nutrition_per_year", identifiers={"nutrient": nutrient}, ignoring_focus=[SUBMISSION_YEAR]
    )
    return nutrient, analysis.center_trends(frame)


def _item_trends(view: View, kind: str | None, structural: Any = False) -> tuple[ItemStats, ItemTrends]:
    """The item trends; when none can be shown under these filters, EmptySelection saying why."""
    items = item_stats(view, kind, structural, per_year=True)
    lang = view.language
    try:
        return items, items.trends()
    except analysis.NoSupportedItems as empty:
        raise EmptySelection(t("trends.movers_no_support", lang, kind=_kind_name(items.kind, lang))) from empty
    except analysis.TooFewYears as empty:
        raise EmptySelection(
            t("trends.movers_too_few_years", lang, min_years=empty.min_years, n=empty.n_years)
        ) from empty


# -- empty states --------------------------------------------------------------------------------
# The analyses raise EmptySelection; the view callback turns it into the empty state (a chart's empty
# figure, a text's reason, which this tab writes as paragraphs like its other texts).


def _empty_note(view: View, reason: str) -> list[html.P]:
    """A text's empty state in the tab's form: paragraphs."""
    return _paragraphs(reason)


# -- formatting ----------------------------------------------------------------------------------


def _decimals(value: float) -> int:
    """Decimals giving about three significant digits (none for a zero up to rounding noise)."""
    if not np.isfinite(value) or abs(value) < 1e-9:
        return 0
    return int(min(4, max(0, 2 - math.floor(math.log10(abs(value))))))


def _slope_decimals(trend: stats.Trend) -> int:
    return _decimals(max(abs(trend.slope), abs(trend.ci_high - trend.ci_low) / 2))


def _significance(p_value: float, q_value: float | None, lang: str) -> str:
    """'p = …', followed by the FDR-adjusted 'q = …' when there is one."""
    text = fmt_p(p_value, lang, name="p")
    return text if q_value is None else f"{text}, {fmt_p(q_value, lang, name='q')}"


def fit_label(series: str, trend: stats.Trend, unit: str, lang: str, q_value: float | None = None) -> str:
    """Legend entry of a fitted line: slope and p-value (and q)."""
    return t(
        "trends.series.fit",
        lang,
        series=series,
        slope=fmt_signed(trend.slope, lang, _slope_decimals(trend)),
        unit=unit,
        p=_significance(trend.p_value, q_value, lang),
    )


def trend_sentence(
    series: str,
    trend: stats.Trend | None,
    unit: str,
    years: Sequence[float] | pd.Series,
    lang: str,
    q_value: float | None = None,
) -> str:
    """The generated reading of one trend: slope with CI, R², p, significance and size.

    With ``q_value`` (the p-value adjusted across many tested series) significance is judged on it.
    """
    if trend is None:
        return t("trends.trend_too_few", lang, series=series, n=len(years), min_years=MIN_TREND_YEARS)
    slope, low, high = trend.slope, trend.ci_low, trend.ci_high
    decimals = _slope_decimals(trend)
    first, last = int(min(years)), int(max(years))
    if trend.significant if q_value is None else q_value < stats.ALPHA:
        change = slope * (last - first)
        verdict = t(
            "trends.verdict.up" if slope > 0 else "trends.verdict.down",
            lang,
            change=fmt_signed(change, lang, _decimals(change)),
            unit=unit,
            first=first,
            last=last,
        )
    else:
        verdict = t("trends.verdict.flat" if q_value is None else "trends.verdict.flat_fdr", lang)
    return t(
        "trends.trend_sentence",
        lang,
        series=series,
        slope=fmt_signed(slope, lang, decimals),
        unit=unit,
        low=fmt_signed(low, lang, decimals),
        high=fmt_signed(high, lang, decimals),
        r2=fmt_number(trend.r_squared, lang, 2),
        p=_significance(trend.p_value, q_value, lang),
        verdict=verdict,
    )


def share_fit_label(series: str, trend: stats.ShareTrend, lang: str, q_value: float | None = None) -> str:
    """Legend entry of a fitted logistic curve: the change between its ends and p (and q)."""
    change = 100 * trend.change
    return t(
        "trends.series.share_fit",
        lang,
        series=series,
        change=fmt_signed(change, lang, _change_decimals(trend)),
        first=int(trend.first_x),
        last=int(trend.last_x),
        p=_significance(trend.p_value, q_value, lang),
    )


def _change_decimals(trend: stats.ShareTrend) -> int:
    """Decimals of a change in percentage points: about three significant digits of it or of its CI."""
    return min(2, _decimals(100 * max(abs(trend.change), (trend.change_high - trend.change_low) / 2)))


def share_sentence(
    series: str,
    trend: stats.ShareTrend | None,
    years: Sequence[float] | np.ndarray,
    lang: str,
    q_value: float | None = None,
) -> str:
    """The generated reading of a share's logistic trend: fitted shares at both ends, their
    difference in points with its CI, p (and q); the direction word is the sign of that difference
    and "significant" needs p (or, with ``q_value``, q) under 0.05."""
    if trend is None:
        return t("trends.trend_too_few", lang, series=series, n=len(years), min_years=MIN_TREND_YEARS)
    decimals = _change_decimals(trend)
    if (trend.significant if q_value is None else q_value < stats.ALPHA) and trend.change != 0:
        verdict = t("trends.share_verdict.up" if trend.change > 0 else "trends.share_verdict.down", lang)
    else:
        verdict = t("trends.verdict.flat" if q_value is None else "trends.verdict.flat_fdr", lang)
    return t(
        "trends.share_sentence",
        lang,
        series=series,
        first_share=fmt_percent(trend.first_share, lang),
        first=int(trend.first_x),
        last_share=fmt_percent(trend.last_share, lang),
        last=int(trend.last_x),
        change=fmt_signed(100 * trend.change, lang, decimals),
        low=fmt_signed(100 * trend.change_low, lang, decimals),
        high=fmt_signed(100 * trend.change_high, lang, decimals),
        p=_significance(trend.p_value, q_value, lang),
        verdict=verdict,
    )


def _small_years_text(small: list[tuple[int, int]], lang: str) -> str | None:
    """Names the years with too few recipes to read on their own (``analysis.small_years``), or None."""
    if not small:
        return None
    listed = ", ".join(f"{y} ({fmt_number(n, lang)})" for y, n in small)
    return t("trends.small_years", lang, min_n=SMALL_YEAR, years=listed)


def small_years_sentence(years: Iterable[float], counts: Iterable[float], lang: str) -> str | None:
    """Which years have too few recipes to read on their own, or None."""
    return _small_years_text(analysis.small_years(years, counts), lang)


def _paragraphs(*sentences: str | None) -> list[html.P]:
    return [html.P(s, className="mb-1") for s in sentences if s]


# -- figure helpers ------------------------------------------------------------------------------


def _year_axes(view: View, figure: go.Figure, y_title: str, hovermode: str = "x unified", **layout: Any) -> go.Figure:
    """Years on x (whole numbers, one tick a year over short spans), the legend below the axis title."""
    years = [x for trace in figure.data if trace.x is not None for x in trace.x]
    xaxis: dict[str, Any] = {"title": t("trends.axis.year", view.language), "tickformat": "d"}
    if years and max(years) - min(years) <= SHORT_SPAN_YEARS:
        xaxis["dtick"] = 1
    # Per-year charts show every year and shade the focused ones (see SUBMISSION_YEAR).
    shade_focused_years(figure, view, SUBMISSION_YEAR)
    return view.styled(
        figure,
        xaxis=xaxis,
        yaxis_title=y_title,
        hovermode=hovermode,
        legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "bottom", "yref": "container"},
        **layout,
    )


def _add_series(
    figure: go.Figure,
    years: Any,
    values: Any,
    counts: Any,
    name: str,
    color: str,
    lang: str,
    trend: stats.Trend | stats.ShareTrend | None = None,
    unit: str = "",
    dash: str = "solid",
    error: tuple[np.ndarray, np.ndarray] | None = None,
    yaxis: str = "y",
    q_value: float | None = None,
) -> None:
    """A per-year line (hollow markers for small years) and, when fitted, its trend: a line, or for
    a share (``ShareTrend``, values in %) the logistic curve drawn on a fine grid of years."""
    years, values, counts = np.asarray(years), np.asarray(values, dtype=float), np.asarray(counts)
    error_y = None if error is None else ci_error_bars(values, *error, thickness=1, width=3)
    figure.add_scatter(
        x=years,
        y=values,
        name=name,
        mode="lines+markers",
        legendgroup=name,
        yaxis=yaxis,
        line={"color": color, "dash": dash},
        error_y=error_y,
        customdata=counts,
        marker={"color": color, "size": 7, "symbol": np.where(counts < SMALL_YEAR, "circle-open", "circle")},
        hovertemplate=f"%{{y:,.{_decimals(float(np.nanmedian(values)))}f}} (n = %{{customdata:,}} "
        f"{t('trends.hover.n', lang)})<extra>{name}</extra>",
    )
    if isinstance(trend, stats.ShareTrend):
        grid = np.linspace(trend.first_x, trend.last_x, 8 * int(trend.last_x - trend.first_x) + 1)
        figure.add_scatter(
            x=grid,
            y=100 * trend.predict(grid),
            mode="lines",
            legendgroup=name,
            yaxis=yaxis,
            name=share_fit_label(name, trend, lang, q_value),
            hoverinfo="skip",
            line={"color": color, "dash": "dot", "width": 1.5},
        )
    elif trend is not None:
        figure.add_scatter(
            x=years,
            y=trend.predict(years),
            mode="lines",
            legendgroup=name,
            yaxis=yaxis,
            name=fit_label(name, trend, unit, lang, q_value),
            hoverinfo="skip",
            line={"color": color, "dash": "dot", "width": 1.5},
        )


def _add_band(figure: go.Figure, years: Any, low: Any, high: Any, name: str, fillcolor: str) -> None:
    """A shaded band between two per-year quantiles: two traces, the upper one filled down to the lower."""
    decimals = _decimals(float(np.nanmedian(high)))
    figure.add_scatter(
        x=years,
        y=low,
        mode="lines",
        line={"width": 0},
        name=name,
        legendgroup="band",
        showlegend=False,
        hovertemplate=f"%{{y:,.{decimals}f}}<extra>{name} ↓</extra>",
    )
    figure.add_scatter(
        x=years,
        y=high,
        mode="lines",
        line={"width": 0},
        fill="tonexty",
        name=name,
        fillcolor=fillcolor,
        legendgroup="band",
        hovertemplate=f"%{{y:,.{decimals}f}}<extra>{name} ↑</extra>",
    )


def _add_centers(
    figure: go.Figure,
    result: analysis.CenterTrends,
    names: Mapping[str, str],
    unit: str,
    roles: Mapping[str, str],
    lang: str,
) -> None:
    """The yearly median (solid) and mean (dashed) lines of ``result`` with their trends."""
    frame = result.frame
    for center, role, dash in (("median", "primary", "solid"), ("mean", "accent", "dash")):
        _add_series(
            figure,
            frame["year"],
            frame[center],
            frame["n_recipes"],
            names[center],
            roles[role],
            lang,
            result.trends[center],
            unit,
            dash=dash,
        )


# -- volume --------------------------------------------------------------------------------------


@figure_callback(ui.VOLUME, Input(ui.GRANULARITY, "value"), Input(ui.ROLLING, "value"))
def volume_per_year(
    view: View, granularity: Any = ui.DEFAULT_GRANULARITY, rolling: Any = ui.DEFAULT_ROLLING
) -> go.Figure:
    """Recipes per period (year by default); the year cross-filter's source, so read without the year
    focus and highlighting it. A bar's customdata is its year, so clicking any period focuses its year
    and a box or lasso selection the selected years."""
    roles = palette(view.theme)
    granularity = option(granularity, ui.GRANULARITIES, ui.DEFAULT_GRANULARITY)
    window = rolling_of(rolling)
    frame = volume_per_period(view, granularity, window)
    lang, focused = view.language, view.focus_years(SUBMISSION_YEAR)
    yearly = granularity == "year"
    colors = [
        roles["primary"] if focused is None or focused[0] <= year <= focused[1] else roles["dimmed"]
        for year in frame["year"]
    ]
    # Small periods are hatched on the yearly base only: a month of 20 recipes is a normal month.
    patterns = ["/" if yearly and n < SMALL_YEAR else "" for n in frame["n_recipes"]]
    x = frame["year"] if yearly else frame["start"]
    if yearly:
        names = frame["year"].astype(str).tolist()
    elif granularity == "quarter":
        names = [f"{y} Q{(m - 1) // 3 + 1}" for y, m in zip(frame["year"], frame["month"], strict=True)]
    else:
        names = [start[:7] for start in frame["start"]]
    figure = go.Figure(
        go.Bar(
            x=x,
            y=frame["n_recipes"],
            customdata=frame["year"],
            name=t("trends.series.recipes", lang),
            text=[fmt_percent(s, lang) for s in frame["share"]],
            textposition="none",
            hovertext=names,
            marker={"color": colors, "pattern": {"shape": patterns}},
            hovertemplate="%{hovertext}: %{y:,} (%{text})<extra></extra>",
        )
    )
    if window:
        figure.add_scatter(
            x=x,
            y=frame["rolling"].to_numpy(),
            mode="lines",
            line={"color": roles["accent"], "width": 2.5},
            name=t("trends.series.rolling", lang, n=window, periods=t(f"trends.periods.{granularity}", lang)),
            hovertemplate="%{y:,.1f}<extra>%{fullData.name}</extra>",
        )
    showlegend = bool(window)
    # Dragging selects years (a box, or a lasso from the mode bar) rather than zooming.
    selection = {"dragmode": "select", "selectdirection": "h"}
    if yearly:
        return _year_axes(
            view, figure, t("trends.axis.recipes", lang), showlegend=showlegend, hovermode="closest", **selection
        )
    shade_focused_years(figure, view, SUBMISSION_YEAR, dates=True)
    return view.styled(
        figure,
        **selection,
        xaxis={"title": t(f"trends.axis.period.{granularity}", lang), "type": "date"},
        yaxis_title=t("trends.axis.recipes", lang),
        hovermode="closest",
        showlegend=showlegend,
        bargap=0.1,
        legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "bottom", "yref": "container"},
    )


cross_filter(ui.VOLUME, SUBMISSION_YEAR)


@note_callback(ui.VOLUME_NOTE, Input(ui.GRANULARITY, "value"), Input(ui.ROLLING, "value"), empty=_empty_note)
def volume_note(
    view: View, granularity: Any = ui.DEFAULT_GRANULARITY, rolling: Any = ui.DEFAULT_ROLLING
) -> list[html.P]:
    """The yearly summary (the statistics' base granularity, whatever the chart's period)."""
    summary = analysis.volume_summary(view.aggregate("trends/volume_per_year", ignoring_focus=[SUBMISSION_YEAR]))
    lang = view.language
    overview = t(
        "trends.volume_summary",
        lang,
        total=fmt_number(summary.total, lang),
        n_years=summary.n_years,
        first=summary.first,
        last=summary.last,
        mean=fmt_number(summary.mean, lang),
        median=fmt_number(summary.median, lang),
        peak_year=summary.peak_year,
        peak_n=fmt_number(summary.peak_n, lang),
        peak_share=fmt_percent(summary.peak_share, lang),
    )
    concentration = None
    if summary.busiest:
        concentration = t(
            "trends.volume_concentration",
            lang,
            top_years=", ".join(str(y) for y in summary.busiest),
            top3_share=fmt_percent(summary.busiest_share, lang),
            even_share=fmt_percent(summary.even_share, lang),
        )
    focused = view.focus_years(SUBMISSION_YEAR)
    focus = t("trends.volume_focus", lang, years=fmt_years(focused)) if focused is not None else None
    granularity = option(granularity, ui.GRANULARITIES, ui.DEFAULT_GRANULARITY)
    period = (
        None
        if granularity == "year"
        else t("trends.volume_granularity", lang, period=t(f"trends.period.{granularity}", lang))
    )
    return _paragraphs(overview, concentration, _small_years_text(summary.small_years, lang), focus, period)


# -- minutes -------------------------------------------------------------------------------------


def _minutes_result(view: View) -> analysis.CenterTrends:
    return analysis.minutes_per_year(view.aggregate("trends/minutes_per_year", ignoring_focus=[SUBMISSION_YEAR]))


def _minutes_names(lang: str) -> dict[str, str]:
    return {center: t(f"trends.series.{center}_minutes", lang) for center in analysis.CENTERS}


@figure_callback(ui.MINUTES, Input(ui.BAND, "value"))
def minutes_per_year(view: View, band: str | None = ui.DEFAULT_BAND) -> go.Figure:
    result = _minutes_result(view)
    frame = result.frame
    lang = view.language
    roles = palette(view.theme)
    band = option(band, ui.BANDS, ui.DEFAULT_BAND)
    low_column, high_column = ui.BANDS[band]
    band_name = t("trends.series.band", lang, band=band.replace("-", "–"))
    figure = go.Figure()
    _add_band(figure, frame["year"], frame[low_column], frame[high_column], band_name, roles["band"])
    _add_centers(figure, result, _minutes_names(lang), t("trends.unit.minutes", lang), roles, lang)
    excluded = t(
        "trends.outliers_excluded", lang, n=fmt_number(result.n_outliers, lang), threshold=MINUTES_OUTLIER_THRESHOLD
    )
    return _year_axes(
        view,
        figure,
        t("trends.axis.minutes", lang),
        annotations=[
            {
                "text": excluded,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1.08,
                "showarrow": False,
                "xanchor": "left",
                "font": {"size": 11},
            }
        ],
    )


@note_callback(ui.MINUTES_NOTE, empty=_empty_note)
def minutes_note(view: View) -> list[html.P]:
    result = _minutes_result(view)
    lang = view.language
    unit, names = t("trends.unit.minutes", lang), _minutes_names(lang)
    return _paragraphs(
        *(
            trend_sentence(names[center], result.trends[center], unit, result.frame["year"], lang)
            for center in analysis.CENTERS
        ),
        _small_years_text(result.small_years, lang),
    )


# -- complexity ----------------------------------------------------------------------------------

# Query column prefix (analysis.COMPLEXITY_PREFIXES) -> (series text key, unit text key, colour role).
COMPLEXITY_SERIES = {
    "complexity": ("trends.series.complexity", "trends.unit.points", "primary"),
    "steps": ("trends.series.steps", "trends.unit.steps", "accent"),
    "ingredients": ("trends.series.ingredients", "trends.unit.ingredients", "tertiary"),
}


@figure_callback(ui.COMPLEXITY)
def complexity_per_year(view: View) -> go.Figure:
    result = _complexity_result(view)
    frame = result.frame
    lang = view.language
    roles = palette(view.theme)
    figure = go.Figure()
    for prefix, (series_key, unit_key, role) in COMPLEXITY_SERIES.items():
        series = result.series[prefix]
        _add_series(
            figure,
            frame["year"],
            series.mean,
            frame["n_recipes"],
            t(series_key, lang),
            roles[role],
            lang,
            series.trend,
            t(unit_key, lang),
            error=(series.ci_low, series.ci_high),
        )
    return _year_axes(view, figure, t("trends.axis.mean_count", lang))


@note_callback(ui.COMPLEXITY_NOTE, empty=_empty_note)
def complexity_note(view: View) -> list[html.P]:
    result = _complexity_result(view)
    lang = view.language
    sentences = [
        trend_sentence(t(series_key, lang), result.series[prefix].trend, t(unit_key, lang), result.frame["year"], lang)
        for prefix, (series_key, unit_key, _) in COMPLEXITY_SERIES.items()
    ]
    return _paragraphs(*sentences, _small_years_text(result.small_years, lang))


# -- nutrition -----------------------------------------------------------------------------------


def _nutrient_unit(nutrient: str, lang: str) -> str:
    return t("trends.unit.kcal" if nutrient == "calories" else "trends.unit.pdv", lang)


@figure_callback(ui.NUTRITION, Input(ui.NUTRIENT, "value"))
def nutrition_per_year(view: View, nutrient: str | None = NUTRITION_COLUMNS[0]) -> go.Figure:
    nutrient, result = _nutrition(view, nutrient)
    frame = result.frame
    lang = view.language
    roles = palette(view.theme)
    figure = go.Figure()
    _add_band(figure, frame["year"], frame["q25"], frame["q75"], t("trends.series.quartiles", lang), roles["band"])
    names = {center: t(f"trends.series.{center}", lang) for center in analysis.CENTERS}
    _add_centers(figure, result, names, _nutrient_unit(nutrient, lang), roles, lang)
    return _year_axes(view, figure, t(f"trends.nutrient.{nutrient}", lang))


@note_callback(ui.NUTRITION_NOTE, Input(ui.NUTRIENT, "value"), empty=_empty_note)
def nutrition_note(view: View, nutrient: str | None = NUTRITION_COLUMNS[0]) -> list[html.P]:
    nutrient, result = _nutrition(view, nutrient)
    lang = view.language
    unit, name = _nutrient_unit(nutrient, lang), t(f"trends.nutrient.{nutrient}", lang)
    tail = None
    if result.tail_ratio is not None:
        tail = t(
            "trends.tail" if result.heavy_tail else "trends.no_tail", lang, ratio=fmt_number(result.tail_ratio, lang, 2)
        )
    return _paragraphs(
        *(
            trend_sentence(
                f"{name}, {t(f'trends.series.{center}', lang).lower()}",
                result.trends[center],
                unit,
                result.frame["year"],
                lang,
            )
            for center in analysis.CENTERS
        ),
        tail,
        _small_years_text(result.small_years, lang),
    )


# -- tags and ingredients ------------------------------------------------------------------------


@callback(
    Output(ui.TOP_ITEMS_TITLE, "children"),
    Output(ui.DISTINCT_ITEMS_TITLE, "children"),
    Output(ui.MOVERS_TITLE, "children"),
    Output(ui.MOVERS_METHOD, "children"),
    Input(ui.ITEM_KIND, "value"),
    State(ids.LANG_STORE, "data"),
    prevent_initial_call=True,
)
def item_kind_texts(kind: str | None, language: str | None) -> tuple[str, str, str, str]:
    """Titles naming the analysed kind follow the tags/ingredients switch."""
    return ui.item_texts(item_kind_of(kind), language)


# The item charts' controls: kind, structural-tags switch, Top-N (the mover lines take the first two).
ITEM_CONTROLS = (Input(ui.ITEM_KIND, "value"), Input(ui.STRUCTURAL, "value"), Input(ui.TOP_N, "value"))


def _kind_name(kind: str, lang: str) -> str:
    return t(f"trends.kind.{kind}", lang)


def _structural_sentence(kind: str, structural: Any, lang: str) -> str | None:
    """Says that structural tags are left out (tags only, switch off)."""
    if kind != "tags" or include_structural_of(structural):
        return None
    return t("trends.structural_excluded", lang, n=len(STRUCTURAL_TAGS))


@figure_callback(ui.TOP_ITEMS, *ITEM_CONTROLS)
def top_items(
    view: View, kind: str | None = ui.DEFAULT_ITEM_KIND, structural: Any = False, top_n: Any = ui.DEFAULT_TOP_N
) -> go.Figure:
    frame = item_stats(view, kind, structural).top_items(top_n_of(top_n))
    lang = view.language
    roles = palette(view.theme)
    figure = go.Figure(
        go.Bar(
            x=100 * frame["share"],
            y=frame["item"],
            orientation="h",
            marker_color=roles["primary"],
            text=frame["n"],
            customdata=frame["n"],
            textposition="none",
            name=t("trends.axis.share", lang),
            hovertemplate=f"%{{y}}: %{{x:.1f}} % (%{{customdata:,}} {t('trends.hover.n', lang)})<extra></extra>",
        )
    )
    return view.styled(
        figure,
        xaxis_title=t("trends.axis.share", lang),
        yaxis={"autorange": "reversed"},
        showlegend=False,
        margin={"l": 10},
    )


@note_callback(ui.TOP_ITEMS_NOTE, *ITEM_CONTROLS, empty=_empty_note)
def top_items_note(
    view: View, kind: str | None = ui.DEFAULT_ITEM_KIND, structural: Any = False, top_n: Any = ui.DEFAULT_TOP_N
) -> list[html.P]:
    items = item_stats(view, kind, structural)
    top = items.top_items(top_n_of(top_n))
    lang = view.language
    first, last = top.iloc[0], top.iloc[-1]
    return _paragraphs(
        t(
            "trends.top_note",
            lang,
            n_distinct=fmt_number(items.n_distinct, lang),
            kind=_kind_name(items.kind, lang),
            item=first["item"],
            share=fmt_percent(first["share"], lang),
            n=fmt_number(first["n"], lang),
            rank=len(top),
            last_share=fmt_percent(last["share"], lang),
        ),
        _structural_sentence(items.kind, structural, lang),
    )


def _distinct_items(view: View, kind: str | None) -> tuple[str, analysis.DistinctItems]:
    items = item_stats(view, kind, per_year=True)
    return items.kind, analysis.distinct_items(items.per_year)


@figure_callback(ui.DISTINCT_ITEMS, Input(ui.ITEM_KIND, "value"))
def distinct_items(view: View, kind: str | None = ui.DEFAULT_ITEM_KIND) -> go.Figure:
    kind, result = _distinct_items(view, kind)
    frame, per_recipe = result.frame, result.per_recipe
    lang = view.language
    roles = palette(view.theme)
    kind_name = _kind_name(kind, lang)
    names = {"kind": kind_name, "Kind": kind_name.capitalize()}
    figure = go.Figure(
        go.Bar(
            x=frame["year"],
            y=frame["n_distinct"],
            name=t("trends.series.distinct", lang, **names),
            marker={
                "color": roles["secondary"],
                "opacity": 0.6,
                "pattern": {"shape": ["/" if n < SMALL_YEAR else "" for n in frame["n_recipes"]]},
            },
            customdata=frame["n_recipes"],
            hovertemplate=f"%{{y:,}} (n = %{{customdata:,}} {t('trends.hover.n', lang)})<extra></extra>",
        )
    )
    _add_series(
        figure,
        frame["year"],
        per_recipe.mean,
        frame["n_recipes"],
        t("trends.series.per_recipe", lang, kind=kind_name),
        roles["primary"],
        lang,
        per_recipe.trend,
        kind_name,
        error=(per_recipe.ci_low, per_recipe.ci_high),
        yaxis="y2",
    )
    return _year_axes(
        view,
        figure,
        t("trends.axis.distinct", lang, **names),
        yaxis2={
            "title": t("trends.axis.per_recipe", lang, **names),
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
            "rangemode": "tozero",
            "tickmode": "auto",
        },
    )


@note_callback(ui.DISTINCT_ITEMS_NOTE, Input(ui.ITEM_KIND, "value"), empty=_empty_note)
def distinct_items_note(view: View, kind: str | None = ui.DEFAULT_ITEM_KIND) -> list[html.P]:
    kind, result = _distinct_items(view, kind)
    lang = view.language
    kind_name = _kind_name(kind, lang)
    volume = None
    if result.volume_r is not None:
        volume = t(
            "trends.distinct_tracks_volume" if result.tracks_volume else "trends.distinct_loose",
            lang,
            kind=kind_name,
            r=fmt_number(result.volume_r, lang, 2),
            n=len(result.frame),
        )
    return _paragraphs(
        trend_sentence(
            t("trends.series.per_recipe", lang, kind=kind_name),
            result.per_recipe.trend,
            kind_name,
            result.frame["year"],
            lang,
        ),
        volume,
        _small_years_text(result.small_years, lang),
    )


# The columns of ItemTrends.table a mover's hover text reads, in its order.
HOVER_COLUMNS = (
    "first_share",
    "first_x",
    "last_share",
    "last_x",
    "change_low",
    "change_high",
    "p_value",
    "q_value",
    "n_recipes",
)


def _mover_hover(rows: pd.DataFrame, lang: str) -> list[str]:
    """Per bar: fitted ends, CI, p and q, also exported in the CSV as the trace text."""
    return [
        f"{fmt_percent(first_share, lang)} ({int(first_x)}) → {fmt_percent(last_share, lang)} "
        f"({int(last_x)}), {t('trends.hover.ci', lang)} {fmt_signed(100 * low, lang, 2)} … "
        f"{fmt_signed(100 * high, lang, 2)}, {fmt_p(p_value, lang, name='p')}, "
        f"{fmt_p(q_value, lang, name='q')}, n = {fmt_number(n_recipes, lang)}"
        for first_share, first_x, last_share, last_x, low, high, p_value, q_value, n_recipes in zip(
            *(rows[column].to_numpy(float) for column in HOVER_COLUMNS), strict=True
        )
    ]


@figure_callback(ui.MOVERS, *ITEM_CONTROLS)
def movers(
    view: View, kind: str | None = ui.DEFAULT_ITEM_KIND, structural: Any = False, top_n: Any = ui.DEFAULT_TOP_N
) -> go.Figure:
    _, result = _item_trends(view, kind, structural)
    lang = view.language
    roles = palette(view.theme)
    unit = t("trends.unit.pp", lang)
    shown = top_n_of(top_n) // 2
    risers, fallers = result.risers(shown), result.fallers(shown)
    figure = go.Figure()
    for rows, name, color in (
        (risers, t("trends.series.risers", lang), roles["primary"]),
        (fallers, t("trends.series.fallers", lang), roles["secondary"]),
    ):
        if rows.empty:
            continue
        change = 100 * rows["change"]
        figure.add_bar(
            x=change,
            y=rows.index,
            orientation="h",
            name=name,
            text=_mover_hover(rows, lang),
            textposition="none",
            marker={"color": color, "opacity": np.where(rows["significant"], 1.0, 0.35)},
            error_x={
                "type": "data",
                "array": 100 * rows["change_high"] - change,
                "arrayminus": change - 100 * rows["change_low"],
                "color": roles["neutral"],
                "thickness": 1.2,
                "width": 3,
            },
            hovertemplate=f"%{{y}}: %{{x:+.2f}} {unit}<br>%{{text}}<extra></extra>",
        )
    # Top riser at the top, strongest faller at the bottom (category arrays list bottom first).
    bottom_first = list(fallers.index) + list(risers.index[::-1])
    return view.styled(
        figure,
        xaxis_title=t("trends.axis.change", lang),
        margin={"l": 10},
        barmode="overlay",
        yaxis={"categoryorder": "array", "categoryarray": bottom_first},
    )


def _mover_detail(label_key: str, item: str, result: ItemTrends, lang: str) -> str:
    trend = result.trend(item)
    decimals = _change_decimals(trend)
    return t(
        "trends.mover_detail",
        lang,
        label=t(label_key, lang),
        item=item,
        first_share=fmt_percent(trend.first_share, lang),
        first=int(trend.first_x),
        last_share=fmt_percent(trend.last_share, lang),
        last=int(trend.last_x),
        change=fmt_signed(100 * trend.change, lang, decimals),
        low=fmt_signed(100 * trend.change_low, lang, decimals),
        high=fmt_signed(100 * trend.change_high, lang, decimals),
        p=fmt_p(trend.p_value, lang, name="p"),
        q=fmt_p(result.q_value(item), lang, name="q"),
    )


@note_callback(ui.MOVERS_NOTE, *ITEM_CONTROLS)
def movers_note(
    view: View, kind: str | None = ui.DEFAULT_ITEM_KIND, structural: Any = False, top_n: Any = ui.DEFAULT_TOP_N
) -> list[html.P]:
    lang = view.language
    try:
        items, result = _item_trends(view, kind, structural)
    except EmptySelection as empty:  # the reason, and which tags were left out
        return _paragraphs(empty.reason, _structural_sentence(item_kind_of(kind), structural, lang))
    kind_name = _kind_name(items.kind, lang)
    significant = result.significant()
    sentences = [
        t(
            "trends.movers_summary",
            lang,
            tested=fmt_number(len(result.table), lang),
            kind=kind_name,
            n_years=result.n_years,
            threshold=fmt_number(result.threshold, lang),
            n_sig=fmt_number(len(significant), lang),
            n_up=result.n_rising,
            n_down=result.n_falling,
        ),
        _structural_sentence(items.kind, structural, lang),
    ]
    if significant.empty:
        sentences.append(t("trends.movers_none", lang, kind=kind_name))
        return _paragraphs(*sentences)
    # An item is named only when its q passes: the strongest significant riser and faller.
    directions: tuple[tuple[str, analysis.Direction], ...] = (("trends.top_riser", "up"), ("trends.top_faller", "down"))
    for label_key, direction in directions:
        item = result.strongest(direction)
        sentences.append(
            _mover_detail(label_key, item, result, lang)
            if item is not None
            else t(
                "trends.no_significant_direction",
                lang,
                kind=kind_name,
                direction=t(f"trends.direction.{direction}", lang),
            )
        )
    return _paragraphs(*sentences)


# Colour role of the strongest riser's and faller's lines.
DIRECTION_ROLES = {"up": "primary", "down": "secondary"}


@figure_callback(ui.MOVER_LINES, Input(ui.ITEM_KIND, "value"), Input(ui.STRUCTURAL, "value"))
def mover_lines(view: View, kind: str | None = ui.DEFAULT_ITEM_KIND, structural: Any = False) -> go.Figure:
    _, result = _item_trends(view, kind, structural)
    lang = view.language
    roles = palette(view.theme)
    counts = result.recipes_per_year.to_numpy()
    figure = go.Figure()
    for item, direction in result.extremes():
        _add_series(
            figure,
            result.years,
            100 * result.shares.loc[item].to_numpy(),
            counts,
            item,
            roles[DIRECTION_ROLES[direction]],
            lang,
            result.trend(item),
            q_value=result.q_value(item),
        )
    return _year_axes(view, figure, t("trends.axis.share", lang))


@note_callback(ui.MOVER_LINES_NOTE, Input(ui.ITEM_KIND, "value"), Input(ui.STRUCTURAL, "value"), empty=_empty_note)
def mover_lines_note(view: View, kind: str | None = ui.DEFAULT_ITEM_KIND, structural: Any = False) -> list[html.P]:
    _, result = _item_trends(view, kind, structural)
    lang = view.language
    sentences = [
        share_sentence(item, result.trend(item), result.years, lang, q_value=result.q_value(item))
        for item, _ in result.extremes()
    ]
    return _paragraphs(*sentences, small_years_sentence(result.years, result.recipes_per_year, lang))
