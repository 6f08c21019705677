"""Users & contributors callbacks: activity tail, segments, cohorts, top users, contributors' ratings, overlap.

Every user-level figure derives from a handful of memoized aggregates (one GROUP BY user_id
or contributor each), so charts sharing a query cost a single scan; the numbers come from
app.analysis.users, used by both the figures and their generated notes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from app import stats
from app.analysis import users as analysis
from app.analysis.users import contributor_buckets as contributor_buckets
from app.analysis.users import heavy_tail as heavy_tail
from app.analysis.users import prolific_tests as prolific_tests
from app.analysis.users import segment_table as segment_table
from app.errors import EmptySelection
from app.filters import REVIEW_YEAR
from app.i18n import fmt_number, fmt_p, fmt_percent, fmt_signed, t
from app.theme import palette
from callbacks.common import View, cross_filter, figure_callback, note_callback
from callbacks.figures import ci_error_bars, mean_reference, rating_axis
from layouts import users as ui

RATINGS = analysis.RATINGS


# -- shared helpers ---------------------------------------------------------------------


def strength(magnitude: str, language: str) -> str:
    """The size word of an effect's magnitude key ('negligible', 'small', …)."""
    return t(f"users.strength.{magnitude}", language)


def two_panels(titles: tuple[str, str], left_width: float = 0.5, gap: float = 0.1) -> go.Figure:
    """An empty figure with two side-by-side panels (axes x/y and x2/y2), each titled.

    Built by hand because make_subplots costs several milliseconds per call.
    """
    left_end, right_start = left_width - gap / 2, left_width + gap / 2
    centers = (left_end / 2, (right_start + 1) / 2)
    figure = go.Figure()
    figure.update_layout(
        xaxis={"domain": [0, left_end]},
        xaxis2={"domain": [right_start, 1], "anchor": "y2"},
        yaxis2={"anchor": "x2"},
        annotations=[
            {
                "text": title,
                "x": x,
                "y": 1,
                "xref": "paper",
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "showarrow": False,
                "font": {"size": 14},
            }
            for title, x in zip(titles, centers, strict=True)
        ],
    )
    return figure


# -- aggregates -----------------------------------------------------------------------------


def reviewer_activity(view: View) -> pd.DataFrame:
    """Reviewers per (number of reviews, also contributes) with rating counts."""
    return view.aggregate("users/reviewer_activity")


def contributor_activity(view: View) -> pd.DataFrame:
    """Contributors per number of recipes."""
    return view.aggregate("users/contributor_activity")


def contributors(view: View) -> pd.DataFrame:
    """One row per contributor: recipes, ratings received, mean rating received."""
    return view.aggregate("users/contributors")


def cohort_frame(view: View) -> pd.DataFrame:
    # The cohort chart sets the review-year focus, so it ignores it (and outlines the focused years).
    return view.aggregate("users/cohorts", ignoring_focus=[REVIEW_YEAR])


# -- activity distribution ---------------------------------------------------------------


@figure_callback(ui.ACTIVITY)
def activity_distribution(view: View) -> go.Figure:
    result = analysis.activity(reviewer_activity(view), contributor_activity(view))
    reviewers, contributor_counts = result.reviewers, result.contributors
    lang = view.language
    roles = palette(view.theme)
    figure = go.Figure()
    hover = t("users.hover.activity", lang)
    figure.add_scatter(
        x=reviewers["n_reviews"],
        y=reviewers["n_users"],
        mode="markers",
        name=t("users.trace.reviewers", lang),
        marker={"color": roles["primary"], "size": 7},
        hovertemplate=hover,
    )
    figure.add_scatter(
        x=contributor_counts["n_recipes"],
        y=contributor_counts["n_contributors"],
        mode="markers",
        name=t("users.trace.contributors", lang),
        hovertemplate=hover,
        marker={"color": roles["accent"], "size": 7, "symbol": "diamond"},
    )
    # Ticks at powers of ten only: the minor 2/5 labels of log axes crowd the small card.
    return view.styled(
        figure,
        xaxis={"type": "log", "dtick": 1, "title": t("users.axis.activity", lang)},
        yaxis={"type": "log", "dtick": 1, "title": t("users.axis.people", lang)},
    )


@note_callback(ui.ACTIVITY_NOTE)
def activity_note(view: View) -> str:
    result = analysis.activity(reviewer_activity(view), contributor_activity(view))
    tail, side = result.reviewer_tail, result.contributor_tail
    if tail is None:
        raise EmptySelection
    lang = view.language
    text = t(
        "users.note.activity",
        lang,
        one_share=fmt_percent(tail.one_share, lang),
        users=fmt_number(tail.people, lang),
        top_users=fmt_number(tail.top_people, lang),
        top_share=fmt_percent(tail.top_share, lang),
        reviews=fmt_number(tail.items, lang),
        max_reviews=fmt_number(tail.max_k, lang),
    )
    if side is not None:
        text += t(
            "users.note.activity_contributors",
            lang,
            one_share=fmt_percent(side.one_share, lang),
            contributors=fmt_number(side.people, lang),
            top_share=fmt_percent(side.top_share, lang),
            recipes=fmt_number(side.items, lang),
        )
    return text


# -- segments ----------------------------------------------------------------------------


def _segment_labels(language: str, wrapped: bool = False) -> list[str]:
    """Segment labels with their thresholds; ``wrapped`` breaks them before the thresholds for narrow subplots."""
    labels = [ui.segment_label(i, language) for i in range(len(ui.REVIEWER_SEGMENTS))]
    return [label.replace(" (", "<br>(") for label in labels] if wrapped else labels


@figure_callback(ui.SEGMENTS)
def segments(view: View) -> go.Figure:
    table = segment_table(reviewer_activity(view))
    lang = view.language
    roles = palette(view.theme)
    labels = _segment_labels(lang)
    figure = go.Figure()
    for column, name, color in (
        ("share_users", "users.trace.share_users", roles["primary"]),
        ("share_interactions", "users.trace.share_reviews", roles["accent"]),
    ):
        figure.add_bar(
            x=labels,
            y=table[column],
            name=t(name, lang),
            marker_color=color,
            text=[fmt_percent(v, lang) for v in table[column]],
            textposition="outside",
        )
    return view.styled(
        figure,
        barmode="group",
        xaxis_title=t("users.axis.segment", lang),
        yaxis={"title": t("users.axis.share", lang), "tickformat": ".0%", "range": [0, 1.1]},
    )


@note_callback(ui.SEGMENTS_NOTE)
def segments_note(view: View) -> str:
    table = segment_table(reviewer_activity(view))
    lang = view.language
    ends = analysis.segment_extremes(table)
    labels = _segment_labels(lang)
    return t(
        "users.note.segments",
        lang,
        top_segment=labels[ends.top],
        top_users_share=fmt_percent(ends.top_users_share, lang),
        top_reviews_share=fmt_percent(ends.top_reviews_share, lang),
        low_segment=labels[ends.low],
        low_users_share=fmt_percent(ends.low_users_share, lang),
        low_reviews_share=fmt_percent(ends.low_reviews_share, lang),
    )


@figure_callback(ui.SEGMENT_RATINGS)
def segment_ratings(view: View) -> go.Figure:
    table = segment_table(reviewer_activity(view))
    lang = view.language
    roles = palette(view.theme)
    labels = _segment_labels(lang, wrapped=True)
    figure = two_panels((t("users.subplot.mean", lang), t("users.subplot.extremes", lang)))
    figure.add_scatter(
        x=labels,
        y=table["mean_rating"],
        mode="markers",
        name=t("users.trace.mean_rating", lang),
        marker={"color": roles["primary"], "size": 10},
        error_y=ci_error_bars(table["mean_rating"], table["ci_low"], table["ci_high"]),
        text=[fmt_number(v, lang, 2) for v in table["mean_rating"]],
    )
    # The mean of every star rating, as a reference line the segments read against.
    overall = analysis.overall_mean_rating(table)
    reference = (
        mean_reference(overall, lang, key="users.overall_mean", theme=view.theme) if np.isfinite(overall) else None
    )
    for column, name, color in (
        ("zero_share", "users.trace.zero_share", roles["highlight"]),
        ("five_share", "users.trace.five_share", roles["accent"]),
    ):
        figure.add_bar(
            x=labels,
            y=table[column],
            name=t(name, lang),
            marker_color=color,
            xaxis="x2",
            yaxis="y2",
            text=[fmt_percent(v, lang) for v in table[column]],
            textposition="outside",
        )
    if reference is not None:
        figure.add_shape(reference)
    yaxis = rating_axis(np.concatenate([table["ci_low"], table["ci_high"], table["mean_rating"], [overall]]))
    return view.styled(
        figure,
        barmode="group",
        yaxis={"title": t("users.axis.mean_rating", lang), **yaxis},
        yaxis2={"tickformat": ".0%", "range": [0, 1.1]},
    )


@note_callback(ui.SEGMENT_RATINGS_NOTE)
def segment_ratings_note(view: View) -> str:
    table = segment_table(reviewer_activity(view))
    lang = view.language
    labels = _segment_labels(lang)
    try:
        result = analysis.segment_rating_test(table)
    except analysis.TooFewSegments:
        return t("users.note.not_enough_groups", lang)
    test = result.test
    values = {
        "chi2": fmt_number(test.statistic, lang, 1),
        "p": fmt_p(test.p_value, lang),
        "v": fmt_number(test.effect, lang, 3),
    }
    if test.significant and result.low_segment is not None and result.high_segment is not None:
        text = t(
            "users.note.segment_test",
            lang,
            **values,
            strength=strength(result.magnitude, lang),
            low_mean=fmt_number(result.low_mean, lang, 2),
            low_segment=labels[result.low_segment],
            high_mean=fmt_number(result.high_mean, lang, 2),
            high_segment=labels[result.high_segment],
        )
    else:
        text = t("users.note.segment_no_difference", lang, **values)
    text += t("users.note.clustered", lang)
    if result.small_segments:
        text += t(
            "users.note.small_groups",
            lang,
            groups=", ".join(labels[i] for i in result.small_segments),
            minimum=stats.MIN_GROUP_SIZE,
        )
    return text


# -- cohorts -----------------------------------------------------------------------------


@figure_callback(ui.COHORTS)
def cohorts(view: View) -> go.Figure:
    matrix = analysis.cohort_matrix(cohort_frame(view))
    retention, sizes = matrix.retention, matrix.sizes
    lang = view.language
    roles = palette(view.theme)
    figure = go.Figure(
        go.Heatmap(
            x=retention.columns.to_list(),
            y=retention.index.to_list(),
            z=retention.round(1).to_numpy(),
            texttemplate="%{z:.0f}",
            textfont={"size": 9},
            hovertemplate=t("users.hover.cohort", lang) + "<extra></extra>",
            coloraxis="coloraxis",
            hoverongaps=False,
        )
    )
    ticks = [t("users.cohort_tick", lang, cohort=c, size=fmt_number(n, lang)) for c, n in sizes.items()]
    figure = view.styled(
        figure,
        xaxis={"title": t("users.axis.year", lang), "dtick": 1, "tickangle": -45},
        yaxis={
            "title": t("users.axis.cohort", lang),
            "tickvals": sizes.index.to_list(),
            "ticktext": ticks,
            "autorange": "reversed",
        },
        # The theme's sequential colour scale (no explicit scale, so a theme switch recolours it).
        coloraxis={
            "cmin": 0,
            "cmax": max(matrix.color_top, 1.0),
            "colorbar": {"title": {"text": t("users.colorbar.retention", lang)}},
        },
    )
    focused = view.focus_years(REVIEW_YEAR)
    if focused is not None:
        figure.add_shape(
            type="rect",
            x0=focused[0] - 0.5,
            x1=focused[1] + 0.5,
            y0=0,
            y1=1,
            yref="paper",
            line={"color": roles["accent"], "width": 3},
        )
    return figure


cross_filter(ui.COHORTS, REVIEW_YEAR)


@note_callback(ui.COHORTS_NOTE)
def cohorts_note(view: View) -> str:
    frame = cohort_frame(view)
    lang = view.language
    scope = t("users.note.cohort_scope", lang)
    try:
        result = analysis.cohort_retention(frame)
    except analysis.TooFewCohorts:
        return t("users.note.cohort_too_few", lang, minimum=stats.MIN_GROUP_SIZE) + scope
    text = t(
        "users.note.cohorts",
        lang,
        mean=fmt_percent(result.mean, lang),
        cohorts=len(result.table),
        low=fmt_percent(result.low, lang),
        low_cohort=result.low_cohort,
        high=fmt_percent(result.high, lang),
        high_cohort=result.high_cohort,
    )
    trend = result.trend
    if trend is not None:
        values = {
            "first": fmt_percent(trend.first_share, lang),
            "first_cohort": int(trend.first_x),
            "last": fmt_percent(trend.last_share, lang),
            "last_cohort": int(trend.last_x),
            "change": fmt_signed(100 * trend.change, lang, 1),
            "p": fmt_p(trend.p_value, lang),
            "ci_low": fmt_signed(100 * trend.change_low, lang, 1),
            "ci_high": fmt_signed(100 * trend.change_high, lang, 1),
        }
        key = {
            "none": "users.note.cohort_no_trend",
            "rise": "users.note.cohort_rise",
            "fall": "users.note.cohort_fall",
        }[result.direction]
        text += t(key, lang, **values)
    return text + scope


# -- top reviewers and contributors ------------------------------------------------------


def ranking_figure(
    view: View, ids: pd.Series, counts: pd.Series, means: pd.Series, count_title: str, mean_key: str, color: str
) -> go.Figure:
    """Horizontal bars of the most active people, labelled with their mean rating."""
    lang = view.language
    labels = [t("users.user_label", lang, id=i) for i in ids]
    figure = go.Figure(
        go.Bar(
            y=labels,
            x=counts,
            orientation="h",
            marker_color=color,
            name=count_title,
            customdata=ids,
            text=[t(mean_key, lang, value=fmt_number(m, lang, 2)) for m in means],
            textposition="auto",
        )
    )
    return view.styled(
        figure, xaxis_title=count_title, yaxis={"autorange": "reversed", "type": "category"}, showlegend=False
    )


@figure_callback(ui.TOP_REVIEWERS)
def top_reviewers(view: View) -> go.Figure:
    roles = palette(view.theme)
    frame = view.aggregate("users/top_reviewers", limit=ui.TOP_COUNT)  # already ranked and cut by the query
    if frame.empty:
        raise EmptySelection
    return ranking_figure(
        view,
        frame["user_id"],
        frame["n_reviews"],
        frame["mean_rating"],
        t("users.axis.reviews", view.language),
        "users.mean_given",
        roles["primary"],
    )


@figure_callback(ui.TOP_CONTRIBUTORS)
def top_contributors(view: View) -> go.Figure:
    roles = palette(view.theme)
    top = analysis.top_contributors(contributors(view), ui.TOP_COUNT)
    return ranking_figure(
        view,
        top["contributor_id"],
        top["n_recipes"],
        top["mean_rating"],
        t("users.axis.recipes", view.language),
        "users.mean_received",
        roles["accent"],
    )


# -- contributors' ratings by size -------------------------------------------------------


@figure_callback(ui.CONTRIBUTOR_RATINGS)
def contributor_ratings(view: View) -> go.Figure:
    table = contributor_buckets(contributors(view))
    lang = view.language
    roles = palette(view.theme)
    labels = [
        f"{ui.bucket_label(b, lang)}<br>n={fmt_number(n, lang)}"
        for b, n in zip(table["bucket"], table["n_contributors"], strict=True)
    ]
    figure = go.Figure()
    figure.add_box(
        x=labels,
        q1=table["q1"],
        median=table["median"],
        q3=table["q3"],
        lowerfence=table["lowerfence"],
        upperfence=table["upperfence"],
        name=t("users.trace.distribution", lang),
        marker_color=roles["secondary"],
        boxpoints=False,
    )
    figure.add_scatter(
        x=labels,
        y=table["mean"],
        mode="markers",
        name=t("users.trace.mean_ci", lang),
        marker={"color": roles["primary"], "size": 10, "symbol": "diamond"},
        error_y=ci_error_bars(table["mean"], table["ci_low"], table["ci_high"]),
        text=[fmt_number(v, lang, 2) for v in table["mean"]],
    )
    overall = analysis.overall_contributor_mean(table)
    figure.add_shape(mean_reference(overall, lang, key="users.overall_contributor_mean", theme=view.theme))
    yaxis = rating_axis(
        np.concatenate([table["lowerfence"], table["upperfence"], table["ci_low"], table["ci_high"], [overall]])
    )
    return view.styled(
        figure,
        xaxis_title=t("users.axis.bucket", lang),
        yaxis={"title": t("users.axis.contributor_mean", lang), **yaxis},
    )


@note_callback(ui.CONTRIBUTOR_RATINGS_NOTE)
def contributor_ratings_note(view: View) -> str:
    lang = view.language
    try:
        tests = prolific_tests(contributors(view))
    except analysis.TooFewBuckets:
        return t("users.note.contributors_too_few", lang)
    table = tests.table
    bucket_means = "; ".join(
        f"{ui.bucket_label(b, lang)} {fmt_number(m, lang, 2)} (n={fmt_number(n, lang)})"
        for b, m, n in zip(table["bucket"], table["mean"], table["n_contributors"], strict=True)
    )
    text = t(
        "users.note.contributor_ratings",
        lang,
        bucket_means=bucket_means,
        p=fmt_p(tests.kruskal_p, lang),
        epsilon=fmt_number(tests.kruskal.effect, lang, 4),
        epsilon_strength=strength(tests.epsilon_magnitude, lang),
        rho=fmt_signed(tests.rho, lang, 3),
        rho_p=fmt_p(tests.rho_p, lang),
        rho_strength=strength(tests.rho_magnitude, lang),
    )
    # The verdict names two groups and quotes their means: its direction is their difference's sign.
    small, large = tests.small, tests.large
    values = {
        "large": ui.bucket_label(large.bucket, lang),
        "small": ui.bucket_label(small.bucket, lang),
        "large_mean": fmt_number(large.mean, lang, 2),
        "small_mean": fmt_number(small.mean, lang, 2),
        "p": fmt_p(tests.welch_p, lang),
        "d": fmt_number(tests.welch.effect, lang, 2),
    }
    if tests.direction == "none":
        text += t("users.note.prolific_none", lang, **values)
    else:
        text += t(
            f"users.note.prolific_{tests.direction}", lang, **values, strength=strength(tests.welch_magnitude, lang)
        )
    if tests.rho_disagrees:
        text += t("users.note.prolific_rho_disagrees", lang)
    if tests.small_buckets:
        text += t(
            "users.note.small_contributor_groups",
            lang,
            groups=", ".join(ui.bucket_label(b, lang) for b in tests.small_buckets),
            minimum=stats.MIN_GROUP_SIZE,
        )
    return text


# -- contributors and reviewers overlap --------------------------------------------------


@figure_callback(ui.OVERLAP)
def overlap(view: View) -> go.Figure:
    summary = analysis.overlap_summary(reviewer_activity(view), contributor_activity(view))
    lang = view.language
    roles = palette(view.theme)
    groups = [t("users.overlap.contributors", lang), t("users.overlap.reviewers", lang)]
    figure = two_panels((t("users.subplot.people", lang), t("users.subplot.rating_shares", lang)), left_width=0.4)
    colors = {"both": roles["primary"], "contributors_only": roles["accent"], "reviewers_only": roles["secondary"]}
    for part, (counts, shares) in summary.parts().items():
        name = t(f"users.overlap.{part}", lang)
        figure.add_bar(
            x=groups,
            y=shares,
            name=name,
            marker_color=colors[part],
            customdata=counts,
            text=[fmt_number(c, lang) if c else "" for c in counts],
            textposition="inside",
            hovertemplate="%{x}: %{customdata:,} (%{y:.1%})<extra>" + name + "</extra>",
        )
    for row, (key, color) in enumerate(
        (("users.overlap.by_contributors", roles["primary"]), ("users.overlap.by_others", roles["secondary"]))
    ):
        figure.add_scatter(
            x=list(RATINGS),
            y=summary.rating_shares()[row],
            mode="lines+markers",
            name=t(key, lang),
            xaxis="x2",
            yaxis="y2",
            line={"color": color},
            text=[fmt_number(c, lang) for c in summary.ratings[row]],
        )
    return view.styled(
        figure,
        barmode="stack",
        yaxis_tickformat=".0%",
        yaxis2={"tickformat": ".0%"},
        xaxis2={"title": t("users.axis.rating", lang), "dtick": 1},
        legend={"y": -0.3},
    )  # below the rating axis title


@note_callback(ui.OVERLAP_NOTE)
def overlap_note(view: View) -> str:
    summary = analysis.overlap_summary(reviewer_activity(view), contributor_activity(view))
    lang = view.language
    text = t(
        "users.note.overlap",
        lang,
        both=fmt_number(summary.both, lang),
        contributors_share=fmt_percent(summary.contributors_share, lang),
        contributors=fmt_number(summary.contributors, lang),
        reviewers_share=fmt_percent(summary.reviewers_share, lang),
        reviewers=fmt_number(summary.reviewers, lang),
    )
    try:
        result = analysis.overlap_test(summary)
    except analysis.TooFewReviews:
        return text + t("users.note.overlap_no_test", lang, minimum=stats.MIN_GROUP_SIZE)
    test = result.test
    means = result.means.map(lambda v: fmt_number(v, lang, 2))  # rows: contributors, others
    comparison = t(
        "users.note.overlap_test",
        lang,
        contributor_mean=means.loc[0, "mean_rating"],
        contributor_low=means.loc[0, "ci_low"],
        contributor_high=means.loc[0, "ci_high"],
        other_mean=means.loc[1, "mean_rating"],
        other_low=means.loc[1, "ci_low"],
        other_high=means.loc[1, "ci_high"],
        chi2=fmt_number(test.statistic, lang, 1),
        p=fmt_p(test.p_value, lang),
        v=fmt_number(test.effect, lang, 3),
        strength=strength(result.magnitude, lang),
    )
    return text + comparison + t("users.note.clustered", lang)
