"""Comparing the groups of a calendar dimension: seasons, weekdays, weekend against weekdays.

The Seasons and Weekdays tabs share these callbacks: volumes against the shares expected from the
calendar, rating summaries with confidence intervals, box plots of a recipe measure with a rank
test, and the tags or ingredients whose share differs between groups. Queries live in
``queries/calendar/``, every number in ``app.analysis.calendar`` (its ``Dimension`` defines the
groups once and binds them into every query as ``$source`` and ``$group_of``); this module fetches
the aggregates, calls the analyses and turns their results into figures and sentences.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from dash import Input, State, html

from app import stats
from app.analysis import calendar as analysis
from app.analysis.calendar import (
    DAYTYPE as DAYTYPE,
)
from app.analysis.calendar import (
    ITEM_KINDS,
    MEASURES,
    SEASON_DAYS,
    Dimension,
    Extremes,
    GroupTest,
    NoSupportedItems,
    OneGroup,
    SideItem,
    SmallGroup,
)
from app.analysis.calendar import (
    MIN_ITEM_SUPPORT as MIN_ITEM_SUPPORT,
)
from app.analysis.calendar import (
    SEASON as SEASON,
)
from app.analysis.calendar import (
    WEEKDAY as WEEKDAY,
)
from app.analysis.calendar import (
    # Re-exported: the tabs' tests reach the item tests and the rating summary through this module.
    items_across_groups as items_across_groups,
)
from app.analysis.calendar import (
    items_between as items_between,
)
from app.analysis.calendar import (
    presence_chi_square as presence_chi_square,
)
from app.analysis.calendar import (
    rating_summary as rating_summary,
)
from app.errors import EmptySelection
from app.i18n import fmt_count, fmt_measure, fmt_number, fmt_p, fmt_percent, normalize_language, t
from app.theme import palette
from callbacks import common
from callbacks.common import View
from callbacks.figures import ci_error_bars, shade_categories
from layouts.calendar_controls import measure_title

# Tests whose statistic counts pairs of observations (Mann–Whitney U): written as a whole number
# (ties can make it end in .5, a precision no reader needs); chi-square and H keep one decimal.
COUNT_STATISTICS = frozenset({"mann_whitney"})
# The symbol of each test's statistic.
STATISTIC_SYMBOLS = {"gof": "χ²", "independence": "χ²", "kruskal": "H", "mann_whitney": "U"}

FADED_OPACITY = 0.35


# -- empty states --------------------------------------------------------------------------
# The analyses raise EmptySelection when there is nothing to compare; the builders below let it
# through. A chart's empty state is callbacks.common's (figure_callback); a note's is its reason as
# the one sentence of the list (note_callback below), whether the app or a test calls it.

Result = TypeVar("Result")


def _worded(dimension: Dimension, kind: str | None, language: str, analyse: Callable[[], Result]) -> Result:
    """``analyse()``, its typed empty selections raised again as EmptySelection with their sentence."""
    try:
        return analyse()
    except OneGroup as empty:
        raise EmptySelection(_one_group(empty.group, dimension, language)) from empty
    except NoSupportedItems as empty:
        raise EmptySelection(
            t(
                "calendar.items.too_few",
                language,
                kind=t(f"calendar.kind.{_kind(kind)}", language),
                support=empty.support,
            )
        ) from empty


def note_callback(note_id: str, *extra: Input | State) -> Callable:
    """``common.note_callback`` for a function returning sentences, shown one paragraph each; the
    function returned (returning the sentences, or the empty selection's reason as the only one)
    stays callable in tests."""

    def decorate(function: Callable[..., list[str]]) -> Callable[..., list[str]]:
        @functools.wraps(function)
        def sentences(view: View, *values: Any) -> list[str]:
            try:
                return function(view, *values)
            except EmptySelection as empty:
                return [empty.reason or t("chart.empty", view.language)]

        def paragraphs(view: View, *values: Any) -> list[html.P]:
            return [html.P(line, className="mb-1") for line in sentences(view, *values)]

        common.note_callback(note_id, *extra)(functools.wraps(function)(paragraphs))
        return sentences

    return decorate


# -- shared wording ------------------------------------------------------------------------


def label(dimension: Dimension, key: str, language: str) -> str:
    """A group's name, e.g. 'Winter', 'Mon', 'Weekend'."""
    return t(f"{dimension.name}.{key}", language)


def labels(dimension: Dimension, keys: Sequence[str], language: str) -> list[str]:
    return [label(dimension, key, language) for key in keys]


def test_sentence(test: GroupTest, language: str) -> str:
    """'<test>: <statistic>, p — (not) significant; effect = x (<magnitude> effect).'"""
    result = test.result
    key = "calendar.significant" if result.significant else "calendar.not_significant"
    name = t(f"calendar.test.{test.kind}", language)
    value = (
        fmt_count(result.statistic, language)
        if test.kind in COUNT_STATISTICS
        else fmt_number(result.statistic, language, 1)
    )
    return t(
        key,
        language,
        test=name[0].upper() + name[1:],
        statistic=f"{STATISTIC_SYMBOLS[test.kind]} = {value}",
        p=fmt_p(result.p_value, normalize_language(language)),
        effect_name=t(f"calendar.effect.{test.kind}", language),
        effect=fmt_number(result.effect, language, 3),
        magnitude=t(f"calendar.magnitude.{test.magnitude}", language),
    )


def _too_small(small: SmallGroup, unit: str, dimension: Dimension, language: str) -> str:
    """The 'too small to conclude' sentence of a group with fewer than MIN_GROUP_SIZE observations."""
    return t(
        "calendar.too_small",
        language,
        group=label(dimension, small.key, language),
        n=fmt_count(small.n, language),
        unit=t(f"calendar.unit.{unit}", language),
        minimum=stats.MIN_GROUP_SIZE,
    )


def _one_group(group: str | None, dimension: Dimension, language: str) -> str:
    """The 'nothing to compare' sentence when fewer than two groups have data (cross-filter)."""
    return t("calendar.one_group", language, group=label(dimension, group, language) if group else "–")


def _shade_focused(figure: go.Figure, view: View, dimension: Dimension, shown: Sequence[str], xref: str = "x") -> None:
    """Shade the focused groups among the ``shown`` categories of axis ``xref``."""
    focused = dimension.focused_keys(view.filters) or ()
    shade_categories(figure, view, [index for index, key in enumerate(shown) if key in focused], xref)


# -- aggregates ----------------------------------------------------------------------------


def _aggregate(view: View, dimension: Dimension, query: str, **params: Any) -> pd.DataFrame:
    """A calendar query per group of ``dimension``. Every chart of a dimension shows all its groups:
    a cross-filter on it or on a sibling (see ``Dimension.siblings``) highlights groups instead of
    leaving one, which would leave nothing to compare; any other cross-filter applies."""
    return view.aggregate(query, ignoring_focus=dimension.siblings, **dimension.params, **params)


def recipe_counts(view: View, dimension: Dimension) -> pd.Series:
    """Recipes per group, every group present (0 when empty)."""
    return analysis.group_counts(_aggregate(view, dimension, "calendar/recipe_volume"), dimension)


def rating_table(view: View, dimension: Dimension) -> pd.DataFrame:
    """Reviews per group (rows, every group) and rating (columns present in the filtered data)."""
    return analysis.rating_counts(_aggregate(view, dimension, "calendar/rating_counts"), dimension)


def _measure(measure: str | None) -> str:
    """The selected measure, falling back to the first for an unknown value."""
    return common.option(measure, MEASURES, MEASURES[0])


def _kind(kind: str | None) -> str:
    return common.option(kind, ITEM_KINDS, ITEM_KINDS[0])


def measure_quantiles(view: View, dimension: Dimension, measure: str | None) -> pd.DataFrame:
    """Box statistics per group present: n, mean, quartiles and whisker ends (1.5 × IQR, capped)."""
    frame = _aggregate(view, dimension, "calendar/measure_quantiles", measure=_measure(measure))
    return analysis.box_statistics(frame, dimension)


def measure_groups(view: View, dimension: Dimension, measure: str | None) -> dict[str, np.ndarray]:
    """The measure's values per group present, for the rank tests (kept on the server)."""
    frame = _aggregate(view, dimension, "calendar/measure_values", measure=_measure(measure))
    return analysis.group_values(frame, dimension)


def item_counts(view: View, dimension: Dimension, kind: str | None) -> pd.DataFrame:
    """Recipes holding each supported item (rows) per group (columns, every group)."""
    frame = _aggregate(view, dimension, "calendar/item_counts", kind=_kind(kind), min_support=MIN_ITEM_SUPPORT)
    return analysis.item_presence(frame, dimension)


def _volumes(view: View, dimension: Dimension) -> analysis.Volumes:
    return analysis.volumes(dimension, recipe_counts(view, dimension), rating_table(view, dimension).sum(axis=1))


def _items_across(view: View, dimension: Dimension, kind: str | None) -> analysis.ItemsAcrossGroups:
    return _worded(
        dimension,
        kind,
        view.language,
        lambda: analysis.items_across(dimension, item_counts(view, dimension, kind), recipe_counts(view, dimension)),
    )


def _items_between(view: View, dimension: Dimension, kind: str | None) -> analysis.ItemsBetweenGroups:
    return _worded(
        dimension,
        kind,
        view.language,
        lambda: analysis.items_between_groups(
            dimension, item_counts(view, dimension, kind), recipe_counts(view, dimension)
        ),
    )


# -- figures -------------------------------------------------------------------------------


def volume_figure(view: View, dimension: Dimension) -> go.Figure:
    """Shares of recipes (submission date) and reviews (review date) per group against the shares
    the calendar predicts; clicking a group cross-filters on it, the focused groups stay opaque."""
    volumes = _volumes(view, dimension)
    if volumes.empty:
        raise EmptySelection()
    lang = view.language
    roles = palette(view.theme)
    keys = list(dimension.keys)
    names = labels(dimension, keys, lang)
    focused = dimension.focused_keys(view.filters)
    opacity = [1.0 if focused is None or key in focused else FADED_OPACITY for key in keys]
    figure = go.Figure()
    for source, color in zip(volumes.sources, (roles["accent"], roles["primary"]), strict=True):
        figure.add_bar(
            x=names,
            y=(source.shares * 100).round(3),
            customdata=keys,
            name=t(f"calendar.{source.name}", lang),
            text=[fmt_count(c, lang) for c in source.counts],
            textposition="none",
            marker={"color": color, "opacity": opacity},
            hovertemplate=f"%{{x}}: %{{y:.2f}} % ({t('calendar.hover.count', lang)} %{{text}})"
            "<extra>%{fullData.name}</extra>",
        )
    figure.add_scatter(
        x=names,
        y=(volumes.expected * 100).round(3).to_numpy(),
        customdata=keys,
        mode="markers",
        name=t("calendar.expected", lang),
        marker={"symbol": "line-ew-open", "size": 44, "line": {"width": 3}, "color": roles["neutral"]},
        hovertemplate="%{x}: %{y:.2f} %<extra>%{fullData.name}</extra>",
    )
    return view.styled(
        figure,
        yaxis_title=t("calendar.axis.share", lang),
        xaxis_title=t(f"dim.{dimension.name}", lang),
        barmode="group",
        bargap=0.25,
    )


def measure_figure(view: View, dimension: Dimension, measure: str | None) -> go.Figure:
    """Box plots of a recipe measure per group, from quantiles computed in SQL."""
    measure = _measure(measure)
    boxes = measure_quantiles(view, dimension, measure)
    lang = view.language
    roles = palette(view.theme)
    name = measure_title(measure, lang)
    figure = go.Figure(
        go.Box(
            x=labels(dimension, list(boxes.index), lang),
            q1=boxes["q1"],
            median=boxes["median"],
            q3=boxes["q3"],
            lowerfence=boxes["lower"],
            upperfence=boxes["upper"],
            mean=boxes["mean"],
            boxmean=True,
            name=name,
            marker_color=roles["primary"],
            fillcolor=roles["band"],
            customdata=list(boxes.index),
        )
    )
    _shade_focused(figure, view, dimension, list(boxes.index))
    return view.styled(figure, yaxis_title=name, xaxis_title=t(f"dim.{dimension.name}", lang), showlegend=False)


def ratings_figure(view: View, dimension: Dimension) -> go.Figure:
    """Mean rating (1–5) per group with t intervals, and the shares of 5-star and 1–2-star reviews
    with Wilson intervals."""
    summary = analysis.reviewed_groups(rating_table(view, dimension))
    lang = view.language
    roles = palette(view.theme)
    keys = [str(key) for key in summary.index]
    names = labels(dimension, keys, lang)
    figure = go.Figure()
    figure.add_scatter(
        x=names,
        y=summary["mean"].round(4),
        customdata=keys,
        mode="markers",
        name=t("calendar.ratings.mean_axis", lang),
        marker={"color": roles["primary"], "size": 10},
        error_y=ci_error_bars(summary["mean"], summary["mean_low"], summary["mean_high"], decimals=4),
        text=[fmt_count(n, lang) for n in summary["rated"]],
        hovertemplate="%{x}: %{y:.3f} (n = %{text})<extra></extra>",
    )
    for column, color in (("five", roles["accent"]), ("poor", roles["highlight"])):
        share = summary[column] * 100
        figure.add_bar(
            x=names,
            y=share.round(3),
            customdata=keys,
            name=t(f"calendar.ratings.{column}", lang),
            marker_color=color,
            error_y=ci_error_bars(share, summary[f"{column}_low"] * 100, summary[f"{column}_high"] * 100, decimals=3),
            hovertemplate="%{x}: %{y:.1f} %<extra>%{fullData.name}</extra>",
            xaxis="x2",
            yaxis="y2",
        )
    for xref in ("x", "x2"):
        _shade_focused(figure, view, dimension, keys, xref)
    # Two panels side by side, laid out by hand: make_subplots costs more than the whole callback.
    panel_title = {"xref": "paper", "yref": "paper", "y": 1.0, "yanchor": "bottom", "showarrow": False}
    return view.styled(
        figure,
        barmode="group",
        showlegend=True,
        xaxis={"domain": [0, 0.42]},
        xaxis2={"domain": [0.58, 1], "anchor": "y2"},
        yaxis={"title": {"text": t("calendar.ratings.mean_axis", lang)}},
        yaxis2={"title": {"text": t("calendar.axis.share", lang)}, "anchor": "x2", "rangemode": "tozero"},
        annotations=[
            {**panel_title, "x": 0.21, "xanchor": "center", "text": t("calendar.ratings.mean_title", lang)},
            {**panel_title, "x": 0.79, "xanchor": "center", "text": t("calendar.ratings.share_title", lang)},
        ],
    )


def items_heatmap(view: View, dimension: Dimension, kind: str | None) -> go.Figure:
    """Share per group of the items varying most between groups (FDR-significant, by Cramér's V):
    colour = deviation from the item's average share, cell text = share."""
    items = _items_across(view, dimension, kind)
    lang = view.language
    roles = palette(view.theme)
    if items.top_shares.empty:
        raise EmptySelection(t("calendar.items.empty_chart", lang))
    # Colours saturate at +100 % (twice the average share) so the scale is symmetric around 0.
    figure = go.Figure(
        go.Heatmap(
            x=labels(dimension, items.groups, lang),
            y=list(items.top_shares.index),
            z=items.top_deviation.round(1).to_numpy(),
            text=[[fmt_percent(s, lang) for s in row] for row in items.top_shares.to_numpy()],
            texttemplate="%{text}",
            zmid=0,
            zmin=-100,
            zmax=100,
            colorscale=[[0, roles["secondary"]], [0.5, roles["neutral"]], [1, roles["primary"]]],
            colorbar={
                "title": {"text": t("calendar.items.deviation", lang), "side": "right"},
                "tickvals": [-100, -50, 0, 50, 100],
                "ticktext": ["−100", "−50", "0", "+50", "≥ +100"],
            },
            hovertemplate="%{y} — %{x}: %{text} (%{z:+.0f} %)<extra></extra>",
        )
    )
    focused = dimension.focused_keys(view.filters) or ()
    for position in (index for index, key in enumerate(items.groups) if key in focused):
        # Cells are opaque: the focused groups are outlined rather than shaded.
        figure.add_shape(
            type="rect",
            x0=position - 0.5,
            x1=position + 0.5,
            y0=0,
            y1=1,
            yref="y domain",
            line={"color": roles["accent"], "width": 3},
        )
    return view.styled(figure, yaxis={"automargin": True, "type": "category"}, xaxis={"side": "top"}, margin={"t": 40})


def items_diverging(view: View, dimension: Dimension, kind: str | None) -> go.Figure:
    """For a two-group dimension, the FDR-significant items most over-represented in the first
    group and in the second, as share differences in percentage points."""
    items = _items_between(view, dimension, kind)
    lang = view.language
    roles = palette(view.theme)
    if items.top_first.empty and items.top_second.empty:
        raise EmptySelection(t("calendar.items.empty_chart", lang))
    first, second = dimension.keys
    first_label, second_label = label(dimension, first, lang), label(dimension, second, lang)
    figure = go.Figure()
    # Bottom to top: strongest for the second group up to strongest for the first.
    sides = (
        (items.top_second.iloc[::-1], second_label, roles["secondary"]),
        (items.top_first.iloc[::-1], first_label, roles["primary"]),
    )
    for rows, group, color in sides:
        figure.add_bar(
            y=list(rows.index),
            x=rows["difference_pp"].round(3),
            orientation="h",
            marker_color=color,
            name=t("calendar.items.more_on", lang, group=group),
            text=[
                t("calendar.items.versus", lang, first=fmt_percent(a, lang), second=fmt_percent(b, lang))
                for a, b in zip(rows["first"], rows["second"], strict=True)
            ],
            textposition="auto",
            textangle=0,
            cliponaxis=False,
            hovertemplate="%{y}: %{x:+.2f} (%{text})<extra></extra>",
        )
    axis_title = t("calendar.items.difference_axis", lang, first=first_label, second=second_label)
    return view.styled(
        figure, xaxis_title=axis_title, yaxis={"automargin": True, "type": "category"}, barmode="relative"
    )


# -- generated interpretations -------------------------------------------------------------


def _items_method(tested: pd.DataFrame, n_significant: int, kind: str | None, test_key: str, language: str) -> str:
    return t(
        "calendar.items.method",
        language,
        n_tested=fmt_count(len(tested), language),
        kind=t(f"calendar.kind.{_kind(kind)}", language),
        support=MIN_ITEM_SUPPORT,
        test=t(f"calendar.test.{test_key}", language),
        n_significant=fmt_count(n_significant, language),
    )


def volume_lines(view: View, dimension: Dimension) -> list[str]:
    """Expected shares, then per source the highest and lowest group and the goodness-of-fit test."""
    lang = view.language
    volumes = _volumes(view, dimension)
    expected = volumes.expected
    if dimension is SEASON:
        days = ", ".join(
            f"{label(dimension, key, lang).lower()} {fmt_measure(d, lang, 2)}" for key, d in SEASON_DAYS.items()
        )
        lines = [t("calendar.expected.season", lang, days=days)]
    else:
        lines = [t(f"calendar.expected.{dimension.name}", lang, share=fmt_percent(expected.iloc[0], lang))]
    for source in volumes.sources:
        if source.total == 0:
            continue
        what, shares, high, low = t(f"calendar.{source.name}", lang), source.shares, source.high, source.low
        if len(dimension.keys) == 2:  # the first group's share says it all
            first = dimension.keys[0]
            sentence = t(
                "calendar.volume_first",
                lang,
                what=what,
                group=label(dimension, first, lang),
                share=fmt_percent(shares[first], lang),
                expected=fmt_percent(expected[first], lang),
            )
        else:
            sentence = t(
                "calendar.volume",
                lang,
                what=what,
                high=label(dimension, high, lang),
                high_share=fmt_percent(shares[high], lang),
                high_expected=fmt_percent(expected[high], lang),
                low=label(dimension, low, lang),
                low_share=fmt_percent(shares[low], lang),
                low_expected=fmt_percent(expected[low], lang),
            )
        verdict = (
            _too_small(source.too_small, source.name, dimension, lang)
            if source.too_small
            else test_sentence(source.test, lang)
            if source.test
            else ""
        )
        lines.append(f"{sentence} {verdict}")
    return lines


def measure_lines(view: View, dimension: Dimension, measure: str | None) -> list[str]:
    """Medians per group and the rank test: Kruskal–Wallis (ε²) for several groups,
    Mann–Whitney (rank-biserial r, first group over second) for two."""
    lang = view.language
    measure = _measure(measure)
    comparison = analysis.measure_comparison(dimension, measure_groups(view, dimension, measure))
    medians = ", ".join(
        f"{label(dimension, str(key), lang)} {fmt_measure(row['median'], lang, 1)} (n = {fmt_count(row['n'], lang)})"
        for key, row in comparison.medians.iterrows()
    )
    lines = [t("calendar.measure_medians", lang, measure=measure_title(measure, lang).lower(), medians=medians)]
    if comparison.test is None:
        guard = (
            _too_small(comparison.too_small, "recipes", dimension, lang)
            if comparison.too_small
            else _one_group(comparison.lone_group, dimension, lang)
        )
        return [*lines, guard]
    lines.append(test_sentence(comparison.test, lang))
    if comparison.test.kind == "mann_whitney":
        first, second = dimension.keys
        lines.append(
            t(
                "calendar.rank_biserial_direction",
                lang,
                first=label(dimension, first, lang),
                second=label(dimension, second, lang),
            )
        )
    return lines


def _mean_line(mean: Extremes, summary: pd.DataFrame, dimension: Dimension, lang: str) -> str:
    number = functools.partial(fmt_number, language=lang, decimals=3)
    return t(
        "calendar.ratings.mean",
        lang,
        high=label(dimension, mean.high, lang),
        high_mean=number(mean.high_value),
        high_low=number(summary["mean_low"][mean.high]),
        high_high=number(summary["mean_high"][mean.high]),
        low=label(dimension, mean.low, lang),
        low_mean=number(mean.low_value),
        low_low=number(summary["mean_low"][mean.low]),
        low_high=number(summary["mean_high"][mean.low]),
    )


def rating_lines(view: View, dimension: Dimension) -> list[str]:
    """Highest and lowest mean rating with intervals, the range of the 5-star and 1–2-star shares,
    and the chi-square independence of rating × group."""
    lang = view.language
    ratings = analysis.rating_comparison(rating_table(view, dimension))
    summary = ratings.summary
    if ratings.lone_group is not None:
        row = summary.iloc[0]
        return [
            t(
                "calendar.ratings.single",
                lang,
                group=label(dimension, ratings.lone_group, lang),
                mean=fmt_number(row["mean"], lang, 3),
                low=fmt_number(row["mean_low"], lang, 3),
                high=fmt_number(row["mean_high"], lang, 3),
                five=fmt_percent(row["five"], lang),
                poor=fmt_percent(row["poor"], lang),
            ),
            _one_group(ratings.lone_group, dimension, lang),
        ]
    lines = [] if ratings.mean is None else [_mean_line(ratings.mean, summary, dimension, lang)]
    five, poor = ratings.five, ratings.poor
    lines.append(
        t(
            "calendar.ratings.shares",
            lang,
            five_low=fmt_percent(five.low_value, lang),
            five_low_group=label(dimension, five.low, lang),
            five_high=fmt_percent(five.high_value, lang),
            five_high_group=label(dimension, five.high, lang),
            poor_low=fmt_percent(poor.low_value, lang),
            poor_low_group=label(dimension, poor.low, lang),
            poor_high=fmt_percent(poor.high_value, lang),
            poor_high_group=label(dimension, poor.high, lang),
        )
    )
    base = "with_zero" if view.filters.include_zero else "without_zero"
    lines.append(t(f"calendar.ratings.base_{base}", lang))
    if ratings.too_small is not None:
        return [*lines, _too_small(ratings.too_small, "rated", dimension, lang)]
    if ratings.test is not None:
        prefix = t("calendar.ratings.test_prefix", lang, dimension=t(f"dim.{dimension.name}", lang))
        lines.append(f"{prefix} — {test_sentence(ratings.test, lang)}")
    return lines


def items_across_lines(view: View, dimension: Dimension, kind: str | None) -> list[str]:
    """How many items were tested and found significant, and the strongest one (Cramér's V)."""
    lang = view.language
    items = _items_across(view, dimension, kind)
    lines = [_items_method(items.tested, items.n_significant, kind, "independence", lang)]
    strongest = items.strongest
    if strongest is None:
        return [*lines, t("calendar.items.none", lang)]
    shares = strongest.shares
    lines.append(
        t(
            "calendar.items.strongest_across",
            lang,
            item=strongest.item,
            high_share=fmt_percent(shares.high_value, lang),
            high=label(dimension, shares.high, lang),
            low_share=fmt_percent(shares.low_value, lang),
            low=label(dimension, shares.low, lang),
            v=fmt_number(strongest.v, lang, 3),
            magnitude=t(f"calendar.magnitude.{strongest.magnitude}", lang),
        )
    )
    return lines


def _side_line(side: SideItem | None, group: str, dimension: Dimension, lang: str) -> str:
    if side is None:
        return t("calendar.items.none_side", lang, group=label(dimension, group, lang))
    return t(
        "calendar.items.strongest_side",
        lang,
        group=label(dimension, side.group, lang),
        item=side.item,
        share=fmt_percent(side.share, lang),
        other_share=fmt_percent(side.other_share, lang),
        difference=fmt_number(side.difference_pp, lang, 1),
    )


def items_between_lines(view: View, dimension: Dimension, kind: str | None) -> list[str]:
    """For a two-group dimension: how many items were tested and found significant, and the
    strongest in each direction."""
    lang = view.language
    items = _items_between(view, dimension, kind)
    first, second = dimension.keys
    return [
        _items_method(items.tested, items.n_significant, kind, "two_proportions", lang),
        _side_line(items.strongest_first, first, dimension, lang),
        _side_line(items.strongest_second, second, dimension, lang),
    ]
