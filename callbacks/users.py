"""Users & contributors callbacks: activity tail, segments, cohorts, top users, contributors' ratings, overlap.

Every user-level figure derives from a handful of memoized aggregates (one GROUP BY user_id
or contributor each), so charts sharing a query cost a single scan; the summaries below are
pure functions of those frames, used by both the figures and their generated notes.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from app import stats
from app.filters import REVIEW_YEAR
from app.i18n import fmt_number, fmt_p, fmt_percent, t
from app.stats import sps
from app.theme import palette
from callbacks.common import View, cross_filter, figure_callback, note_callback
from callbacks.figures import mean_reference, rating_axis
from layouts import users as ui

RATINGS = tuple(range(6))
RATING_COLUMNS = [f"rating_{r}" for r in RATINGS]
STARS = np.arange(1, 6)
# Effect-size words use the thresholds shared by every tab (app.stats): Cramér's V by the table's
# df* (stats.cramers_v_thresholds), ε² (stats.EPSILON_SQUARED), ρ (stats.COHEN_R), d (stats.COHEN_D).


# -- shared helpers ---------------------------------------------------------------------

def bucket_index(values, starts: tuple[int, ...]) -> np.ndarray:
    """Index of the bucket (given by its first values ``starts``) each count falls in."""
    return np.searchsorted(np.asarray(starts), np.asarray(values), side="right") - 1


def strength(effect: float, cutoffs: tuple[float, ...], language: str) -> str:
    return t(f"users.strength.{stats.magnitude(effect, cutoffs)}", language)


def signed(value: float, language: str, decimals: int = 1) -> str:
    """A number with an explicit sign (+ or the typographic −), so a change reads as one."""
    text = fmt_number(abs(value), language, decimals)
    return text if round(value, decimals) == 0 else ("+" if value > 0 else "−") + text


def cramers_v_strength(test: stats.TestResult, table, language: str) -> str:
    """The size word of a chi-square test's Cramér's V, on thresholds for its table's df*."""
    rows, columns = (int((np.asarray(table).sum(axis=axis) > 0).sum()) for axis in (1, 0))
    return strength(test.effect, stats.cramers_v_thresholds(min(rows, columns) - 1), language)


def two_panels(titles: tuple[str, str], left_width: float = 0.5, gap: float = 0.1) -> go.Figure:
    """An empty figure with two side-by-side panels (axes x/y and x2/y2), each titled.

    Built by hand because make_subplots costs several milliseconds per call.
    """
    left_end, right_start = left_width - gap / 2, left_width + gap / 2
    centers = (left_end / 2, (right_start + 1) / 2)
    figure = go.Figure()
    figure.update_layout(
        xaxis={"domain": [0, left_end]}, xaxis2={"domain": [right_start, 1], "anchor": "y2"}, yaxis2={"anchor": "x2"},
        annotations=[{"text": title, "x": x, "y": 1, "xref": "paper", "yref": "paper", "xanchor": "center",
                      "yanchor": "bottom", "showarrow": False, "font": {"size": 14}}
                     for title, x in zip(titles, centers)],
    )
    return figure


def rating_means(counts) -> pd.DataFrame:
    """Per row of rating counts 0-5: mean of the star ratings 1-5 (0 = no stars, left out) with its 95% CI."""
    n, mean, std = stats.counts_mean_std(np.atleast_2d(np.asarray(counts, dtype=float))[:, 1:], STARS)
    low, high = stats.mean_ci(mean, std, n)
    return pd.DataFrame({"mean_rating": mean, "ci_low": low, "ci_high": high, "n_rated": n})


def heavy_tail(k, people) -> dict[str, float]:
    """Heavy-tail summary of a count distribution: ``people[i]`` persons have ``k[i]`` items each.

    The top 1% are the ceil(1% × persons) most active persons, taken from the largest k down.
    """
    k, people = np.asarray(k, dtype=float), np.asarray(people, dtype=float)
    n_people, n_items = people.sum(), (k * people).sum()
    top_people = math.ceil(ui.TOP_SHARE * n_people)
    order = np.argsort(-k)
    by_activity, people_by_activity = k[order], people[order]
    more_active = np.cumsum(people_by_activity) - people_by_activity  # persons ranked before each group
    taken = np.clip(top_people - more_active, 0, people_by_activity)
    return {
        "people": n_people, "items": n_items, "one_share": people[k == 1].sum() / n_people,
        "top_people": top_people, "top_share": (taken * by_activity).sum() / n_items, "max_k": k.max(),
    }


# -- aggregates and their summaries ------------------------------------------------------

def reviewer_activity(view: View) -> pd.DataFrame:
    """Reviewers per (number of reviews, also contributes) with rating counts."""
    return view.aggregate("users/reviewer_activity")


def reviewers_per_k(frame: pd.DataFrame) -> pd.DataFrame:
    """Number of reviewers having each number of reviews k."""
    return frame.groupby("n_reviews", as_index=False)["n_users"].sum()


def segment_table(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per reviewer segment: users, reviews, rating counts, shares, mean rating ± CI, % 0 and 5 stars."""
    segment = bucket_index(frame["n_reviews"], ui.REVIEWER_SEGMENT_STARTS)

    def per_segment(values) -> np.ndarray:
        return np.bincount(segment, weights=np.asarray(values, dtype=float), minlength=len(ui.REVIEWER_SEGMENTS))

    users, interactions = per_segment(frame["n_users"]), per_segment(frame["n_reviews"] * frame["n_users"])
    ratings = np.column_stack([per_segment(frame[column]) for column in RATING_COLUMNS])
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = {"share_users": users / users.sum(), "share_interactions": interactions / interactions.sum(),
                  "zero_share": ratings[:, 0] / interactions, "five_share": ratings[:, 5] / interactions}
    table = pd.DataFrame({"n_users": users, "n_interactions": interactions, **shares,
                          **dict(zip(RATING_COLUMNS, ratings.T))})
    return pd.concat([table, rating_means(ratings)], axis=1)


def cohort_matrix(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """(% of each cohort active per year from its first: cohorts × years, 100 on the cohort year and NaN
    before it; cohort sizes)."""
    sizes = frame.loc[frame["year"] == frame["cohort"]].set_index("cohort")["n_active"].astype(int)
    active = frame.pivot(index="cohort", columns="year", values="n_active")
    years = range(int(frame["year"].min()), int(frame["year"].max()) + 1)
    active = active.reindex(index=sizes.index, columns=years)
    before_cohort = np.greater.outer(active.index.to_numpy(), np.asarray(list(years)))
    retention = (100 * active.fillna(0).div(sizes, axis=0)).mask(before_cohort)
    return retention, sizes


def year_one_retention(frame: pd.DataFrame) -> pd.DataFrame:
    """Per cohort followed by one more year of data: size, users active the next year and their share."""
    sizes = frame.loc[frame["year"] == frame["cohort"]].set_index("cohort")["n_active"]
    next_year = frame.loc[frame["year"] == frame["cohort"] + 1].set_index("cohort")["n_active"]
    followed = sizes.index[sizes.index + 1 <= frame["year"].max()]
    table = pd.DataFrame({"size": sizes.reindex(followed), "retained": next_year.reindex(followed).fillna(0)})
    table["retention"] = table["retained"] / table["size"]
    return table


def contributors(view: View) -> pd.DataFrame:
    """One row per contributor: recipes, ratings received, mean rating received."""
    return view.aggregate("users/contributors")


def rated_contributors(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(size bucket, recipes, mean rating received) of the contributors who received at least one rating."""
    rated = frame.loc[frame["n_ratings"] > 0]
    recipes = rated["n_recipes"].to_numpy()
    return bucket_index(recipes, ui.CONTRIBUTOR_BUCKET_STARTS), recipes, rated["mean_rating"].to_numpy(dtype=float)


def contributor_buckets(frame: pd.DataFrame) -> pd.DataFrame:
    """Per size bucket, over rated contributors: count, mean of their mean rating ± CI and box quantiles."""
    buckets, _, means = rated_contributors(frame)
    rows = []
    for bucket in np.unique(buckets):  # at most four buckets: numpy beats a pandas groupby here
        values = means[buckets == bucket]
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        reach = 1.5 * (q3 - q1)  # Tukey fences: the furthest values within 1.5 IQR of the quartiles
        rows.append({"bucket": bucket, "n_contributors": len(values), "mean": values.mean(),
                     "std": values.std(ddof=1) if len(values) > 1 else math.nan, "q1": q1, "median": median, "q3": q3,
                     "lowerfence": values[values >= q1 - reach].min(),
                     "upperfence": values[values <= q3 + reach].max()})
    table = pd.DataFrame(rows)
    table["ci_low"], table["ci_high"] = stats.mean_ci(table["mean"], table["std"], table["n_contributors"])
    return table


def prolific_tests(frame: pd.DataFrame) -> dict | None:
    """Do ratings received differ by contributor size? None if fewer than 2 rated buckets.

    - Kruskal–Wallis across the size buckets (ε²) and Spearman ρ between recipes and mean rating
      over contributors, reported as they are;
    - the verdict compares the two groups the text names, the smallest and the largest bucket
      (Welch's t on their mean ratings, Cohen's d): its direction word is the sign of the difference
      of the two means it quotes, so the sentence cannot contradict them (ρ over contributors can
      point the other way: single-recipe contributors with one rating hold both extremes).
    The three p-values are adjusted together (Benjamini–Hochberg).
    """
    buckets, recipes, means = rated_contributors(frame)
    groups = [means[buckets == bucket] for bucket in np.unique(buckets)]
    if len(groups) < 2:
        return None
    kruskal = stats.kruskal_wallis(groups)
    rho, rho_p = sps.spearmanr(recipes, means)
    rho, rho_p = (float(rho), float(rho_p)) if np.isfinite(rho) else (0.0, 1.0)  # constant input: no association
    table = contributor_buckets(frame)
    small, large = table.iloc[0], table.iloc[-1]
    welch = stats.welch_t(large["mean"], large["std"], large["n_contributors"],
                          small["mean"], small["std"], small["n_contributors"])
    rejected, adjusted = stats.fdr([kruskal.p_value, rho_p, welch.p_value])
    return {"kruskal": kruskal, "kruskal_p": adjusted[0], "rho": rho, "rho_p": adjusted[1],
            "rho_significant": bool(rejected[1]), "welch": welch, "welch_p": adjusted[2],
            "welch_significant": bool(rejected[2]), "small": small, "large": large}


def overlap_summary(reviewers: pd.DataFrame, contributor_counts: pd.DataFrame) -> dict:
    """Contributors vs reviewers: counts of each and of both, and the rating counts of each side's reviews."""
    by_role = reviewers.groupby("is_contributor")[["n_users", *RATING_COLUMNS]].sum().reindex([True, False],
                                                                                             fill_value=0)
    return {
        "contributors": int(contributor_counts["n_contributors"].sum()),
        "reviewers": int(by_role["n_users"].sum()),
        "both": int(by_role.loc[True, "n_users"]),
        "ratings": by_role[RATING_COLUMNS].to_numpy(dtype=float),  # rows: contributors' reviews, others'
    }


# -- activity distribution ---------------------------------------------------------------

@figure_callback(ui.ACTIVITY)
def activity_distribution(view: View) -> go.Figure:
    reviewers = reviewers_per_k(reviewer_activity(view))
    contributor_counts = view.aggregate("users/contributor_activity")
    if reviewers.empty and contributor_counts.empty:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    figure = go.Figure()
    hover = t("users.hover.activity", lang)
    figure.add_scatter(x=reviewers["n_reviews"], y=reviewers["n_users"], mode="markers",
                       name=t("users.trace.reviewers", lang), marker={"color": roles["primary"], "size": 7}, hovertemplate=hover)
    figure.add_scatter(x=contributor_counts["n_recipes"], y=contributor_counts["n_contributors"], mode="markers",
                       name=t("users.trace.contributors", lang), hovertemplate=hover,
                       marker={"color": roles["accent"], "size": 7, "symbol": "diamond"})
    # Ticks at powers of ten only: the minor 2/5 labels of log axes crowd the small card.
    return view.styled(figure, xaxis={"type": "log", "dtick": 1, "title": t("users.axis.activity", lang)},
                       yaxis={"type": "log", "dtick": 1, "title": t("users.axis.people", lang)})


@note_callback(ui.ACTIVITY_NOTE)
def activity_note(view: View) -> str:
    reviewers = reviewers_per_k(reviewer_activity(view))
    if reviewers.empty:
        return t("chart.empty", view.language)
    lang = view.language
    tail = heavy_tail(reviewers["n_reviews"], reviewers["n_users"])
    text = t("users.note.activity", lang, one_share=fmt_percent(tail["one_share"], lang),
             users=fmt_number(tail["people"], lang), top_users=fmt_number(tail["top_people"], lang),
             top_share=fmt_percent(tail["top_share"], lang),
             reviews=fmt_number(tail["items"], lang), max_reviews=fmt_number(tail["max_k"], lang))
    contributor_counts = view.aggregate("users/contributor_activity")
    if not contributor_counts.empty:
        side = heavy_tail(contributor_counts["n_recipes"], contributor_counts["n_contributors"])
        text += t("users.note.activity_contributors", lang, one_share=fmt_percent(side["one_share"], lang),
                  contributors=fmt_number(side["people"], lang), top_share=fmt_percent(side["top_share"], lang),
                  recipes=fmt_number(side["items"], lang))
    return text


# -- segments ----------------------------------------------------------------------------

def _segment_labels(language: str, wrapped: bool = False) -> list[str]:
    """Segment labels with their thresholds; ``wrapped`` breaks them before the thresholds for narrow subplots."""
    labels = [ui.segment_label(i, language) for i in range(len(ui.REVIEWER_SEGMENTS))]
    return [label.replace(" (", "<br>(") for label in labels] if wrapped else labels


@figure_callback(ui.SEGMENTS)
def segments(view: View) -> go.Figure:
    frame = reviewer_activity(view)
    if frame.empty:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    table = segment_table(frame)
    labels = _segment_labels(lang)
    figure = go.Figure()
    for column, name, color in (("share_users", "users.trace.share_users", roles["primary"]),
                                ("share_interactions", "users.trace.share_reviews", roles["accent"])):
        figure.add_bar(x=labels, y=table[column], name=t(name, lang), marker_color=color,
                       text=[fmt_percent(v, lang) for v in table[column]], textposition="outside")
    return view.styled(figure, barmode="group", xaxis_title=t("users.axis.segment", lang),
                       yaxis={"title": t("users.axis.share", lang), "tickformat": ".0%", "range": [0, 1.1]})


@note_callback(ui.SEGMENTS_NOTE)
def segments_note(view: View) -> str:
    frame = reviewer_activity(view)
    if frame.empty:
        return t("chart.empty", view.language)
    lang = view.language
    table = segment_table(frame)
    present = table.index[table["n_users"] > 0]
    top, low = present.max(), present.min()
    labels = _segment_labels(lang)
    return t("users.note.segments", lang, top_segment=labels[top],
             top_users_share=fmt_percent(table.at[top, "share_users"], lang),
             top_reviews_share=fmt_percent(table.at[top, "share_interactions"], lang), low_segment=labels[low],
             low_users_share=fmt_percent(table.at[low, "share_users"], lang),
             low_reviews_share=fmt_percent(table.at[low, "share_interactions"], lang))


@figure_callback(ui.SEGMENT_RATINGS)
def segment_ratings(view: View) -> go.Figure:
    frame = reviewer_activity(view)
    if frame.empty:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    table = segment_table(frame)
    labels = _segment_labels(lang, wrapped=True)
    figure = two_panels((t("users.subplot.mean", lang), t("users.subplot.extremes", lang)))
    figure.add_scatter(
        x=labels, y=table["mean_rating"], mode="markers", name=t("users.trace.mean_rating", lang),
        marker={"color": roles["primary"], "size": 10},
        error_y={"type": "data", "symmetric": False, "array": table["ci_high"] - table["mean_rating"],
                 "arrayminus": table["mean_rating"] - table["ci_low"]},
        text=[fmt_number(v, lang, 2) for v in table["mean_rating"]])
    # The mean of every star rating, as a reference line the segments read against.
    overall = float(rating_means(table[RATING_COLUMNS].sum().to_numpy())["mean_rating"].iloc[0])
    reference = mean_reference(overall, lang, key="users.overall_mean", theme=view.theme) if np.isfinite(overall) else None
    for column, name, color in (("zero_share", "users.trace.zero_share", roles["highlight"]),
                                ("five_share", "users.trace.five_share", roles["accent"])):
        figure.add_bar(x=labels, y=table[column], name=t(name, lang), marker_color=color, xaxis="x2", yaxis="y2",
                       text=[fmt_percent(v, lang) for v in table[column]], textposition="outside")
    if reference is not None:
        figure.add_shape(reference)
    yaxis = rating_axis(np.concatenate([table["ci_low"], table["ci_high"], table["mean_rating"], [overall]]))
    return view.styled(figure, barmode="group", yaxis={"title": t("users.axis.mean_rating", lang), **yaxis},
                       yaxis2={"tickformat": ".0%", "range": [0, 1.1]})


@note_callback(ui.SEGMENT_RATINGS_NOTE)
def segment_ratings_note(view: View) -> str:
    frame = reviewer_activity(view)
    if frame.empty:
        return t("chart.empty", view.language)
    lang = view.language
    table = segment_table(frame)
    labels = _segment_labels(lang)
    present = table.loc[table["n_users"] > 0]
    if len(present) < 2:
        return t("users.note.not_enough_groups", lang)
    test = stats.chi_square_independence(present[RATING_COLUMNS].to_numpy())
    values = {"chi2": fmt_number(test.statistic, lang, 1), "p": fmt_p(test.p_value, lang),
              "v": fmt_number(test.effect, lang, 3)}
    if test.significant:
        rated = present.loc[present["n_rated"] > 0, "mean_rating"]
        text = t("users.note.segment_test", lang, **values,
                 strength=cramers_v_strength(test, present[RATING_COLUMNS].to_numpy(), lang),
                 low_mean=fmt_number(rated.min(), lang, 2), low_segment=labels[rated.idxmin()],
                 high_mean=fmt_number(rated.max(), lang, 2), high_segment=labels[rated.idxmax()])
    else:
        text = t("users.note.segment_no_difference", lang, **values)
    text += t("users.note.clustered", lang)
    small = [labels[i] for i in present.index[present["n_users"] < stats.MIN_GROUP_SIZE]]
    if small:
        text += t("users.note.small_groups", lang, groups=", ".join(small), minimum=stats.MIN_GROUP_SIZE)
    return text


# -- cohorts -----------------------------------------------------------------------------

@figure_callback(ui.COHORTS)
def cohorts(view: View) -> go.Figure:
    # The cohort chart sets the review-year focus, so it ignores it (and outlines the focused years).
    frame = view.aggregate("users/cohorts", ignoring_focus=[REVIEW_YEAR])
    if frame.empty:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    retention, sizes = cohort_matrix(frame)
    # The cohort year is 100% by definition: the colour scale spans the later years so their contrasts show.
    later_years = retention.to_numpy()[np.less.outer(retention.index.to_numpy(), retention.columns.to_numpy())]
    top = np.nanmax(later_years) if np.isfinite(later_years).any() else 100.0
    figure = go.Figure(go.Heatmap(
        x=retention.columns.to_list(), y=retention.index.to_list(), z=retention.round(1).to_numpy(),
        texttemplate="%{z:.0f}", textfont={"size": 9}, hovertemplate=t("users.hover.cohort", lang) + "<extra></extra>",
        coloraxis="coloraxis", hoverongaps=False,
    ))
    ticks = [t("users.cohort_tick", lang, cohort=c, size=fmt_number(n, lang)) for c, n in sizes.items()]
    figure = view.styled(
        figure, xaxis={"title": t("users.axis.year", lang), "dtick": 1, "tickangle": -45},
        yaxis={"title": t("users.axis.cohort", lang), "tickvals": sizes.index.to_list(), "ticktext": ticks,
               "autorange": "reversed"},
        # The theme's sequential colour scale (no explicit scale, so a theme switch recolours it).
        coloraxis={"cmin": 0, "cmax": max(top, 1.0),
                   "colorbar": {"title": {"text": t("users.colorbar.retention", lang)}}},
    )
    focused = view.focus_years(REVIEW_YEAR)
    if focused is not None:
        figure.add_shape(type="rect", x0=focused[0] - 0.5, x1=focused[1] + 0.5, y0=0, y1=1, yref="paper",
                         line={"color": roles["accent"], "width": 3})
    return figure


cross_filter(ui.COHORTS, REVIEW_YEAR)


@note_callback(ui.COHORTS_NOTE)
def cohorts_note(view: View) -> str:
    frame = view.aggregate("users/cohorts", ignoring_focus=[REVIEW_YEAR])
    lang = view.language
    if frame.empty:
        return t("chart.empty", lang)
    table = year_one_retention(frame)
    table = table.loc[table["size"] >= stats.MIN_GROUP_SIZE]
    scope = t("users.note.cohort_scope", lang)
    if table.empty:
        return t("users.note.cohort_too_few", lang, minimum=stats.MIN_GROUP_SIZE) + scope
    text = t("users.note.cohorts", lang, mean=fmt_percent(table["retained"].sum() / table["size"].sum(), lang),
             cohorts=len(table), low=fmt_percent(table["retention"].min(), lang),
             low_cohort=table["retention"].idxmin(), high=fmt_percent(table["retention"].max(), lang),
             high_cohort=table["retention"].idxmax())
    # Retention is a share of each cohort: a binomial logistic trend over cohorts (a curve within
    # [0, 1]); the direction word is the sign of the change between the fitted ends it quotes.
    trend = stats.logistic_trend(table.index, table["retained"], table["size"])
    if trend is not None:
        values = {"first": fmt_percent(trend.first_share, lang), "first_cohort": int(trend.first_x),
                  "last": fmt_percent(trend.last_share, lang), "last_cohort": int(trend.last_x),
                  "change": signed(100 * trend.change, lang), "p": fmt_p(trend.p_value, lang),
                  "ci_low": signed(100 * trend.change_low, lang), "ci_high": signed(100 * trend.change_high, lang)}
        key = ("users.note.cohort_no_trend" if not trend.significant or trend.change == 0 else
               "users.note.cohort_rise" if trend.change > 0 else "users.note.cohort_fall")
        text += t(key, lang, **values)
    return text + scope


# -- top reviewers and contributors ------------------------------------------------------

def ranking_figure(view: View, ids: pd.Series, counts: pd.Series, means: pd.Series, count_title: str,
                   mean_key: str, color: str) -> go.Figure:
    """Horizontal bars of the most active people, labelled with their mean rating."""
    lang = view.language
    labels = [t("users.user_label", lang, id=i) for i in ids]
    figure = go.Figure(go.Bar(
        y=labels, x=counts, orientation="h", marker_color=color, name=count_title, customdata=ids,
        text=[t(mean_key, lang, value=fmt_number(m, lang, 2)) for m in means], textposition="auto",
    ))
    return view.styled(figure, xaxis_title=count_title, yaxis={"autorange": "reversed", "type": "category"},
                       showlegend=False)


@figure_callback(ui.TOP_REVIEWERS)
def top_reviewers(view: View) -> go.Figure:
    roles = palette(view.theme)
    frame = view.aggregate("users/top_reviewers", limit=ui.TOP_COUNT)
    if frame.empty:
        return view.empty()
    return ranking_figure(view, frame["user_id"], frame["n_reviews"], frame["mean_rating"],
                          t("users.axis.reviews", view.language), "users.mean_given", roles["primary"])


@figure_callback(ui.TOP_CONTRIBUTORS)
def top_contributors(view: View) -> go.Figure:
    roles = palette(view.theme)
    frame = contributors(view)
    if frame.empty:
        return view.empty()
    top = frame.sort_values(["n_recipes", "contributor_id"], ascending=[False, True]).head(ui.TOP_COUNT)
    return ranking_figure(view, top["contributor_id"], top["n_recipes"], top["mean_rating"],
                          t("users.axis.recipes", view.language), "users.mean_received", roles["accent"])


# -- contributors' ratings by size -------------------------------------------------------

@figure_callback(ui.CONTRIBUTOR_RATINGS)
def contributor_ratings(view: View) -> go.Figure:
    frame = contributors(view)
    if not (frame["n_ratings"] > 0).any():
        return view.empty()
    table = contributor_buckets(frame)
    lang = view.language
    roles = palette(view.theme)
    labels = [f"{ui.bucket_label(b, lang)}<br>n={fmt_number(n, lang)}"
              for b, n in zip(table["bucket"], table["n_contributors"])]
    figure = go.Figure()
    figure.add_box(x=labels, q1=table["q1"], median=table["median"], q3=table["q3"], lowerfence=table["lowerfence"],
                   upperfence=table["upperfence"], name=t("users.trace.distribution", lang), marker_color=roles["secondary"],
                   boxpoints=False)
    figure.add_scatter(
        x=labels, y=table["mean"], mode="markers", name=t("users.trace.mean_ci", lang),
        marker={"color": roles["primary"], "size": 10, "symbol": "diamond"},
        error_y={"type": "data", "symmetric": False, "array": table["ci_high"] - table["mean"],
                 "arrayminus": table["mean"] - table["ci_low"]},
        text=[fmt_number(v, lang, 2) for v in table["mean"]])
    overall = float(np.average(table["mean"], weights=table["n_contributors"]))
    figure.add_shape(mean_reference(overall, lang, key="users.overall_contributor_mean", theme=view.theme))
    yaxis = rating_axis(np.concatenate([table["lowerfence"], table["upperfence"], table["ci_low"], table["ci_high"],
                                        [overall]]))
    return view.styled(figure, xaxis_title=t("users.axis.bucket", lang),
                       yaxis={"title": t("users.axis.contributor_mean", lang), **yaxis})


@note_callback(ui.CONTRIBUTOR_RATINGS_NOTE)
def contributor_ratings_note(view: View) -> str:
    frame = contributors(view)
    lang = view.language
    if frame.empty:
        return t("chart.empty", lang)
    tests = prolific_tests(frame)
    if tests is None:
        return t("users.note.contributors_too_few", lang)
    table = contributor_buckets(frame)
    bucket_means = "; ".join(f"{ui.bucket_label(b, lang)} {fmt_number(m, lang, 2)} (n={fmt_number(n, lang)})"
                             for b, m, n in zip(table["bucket"], table["mean"], table["n_contributors"]))
    text = t("users.note.contributor_ratings", lang, bucket_means=bucket_means, p=fmt_p(tests["kruskal_p"], lang),
             epsilon=fmt_number(tests["kruskal"].effect, lang, 4),
             epsilon_strength=strength(tests["kruskal"].effect, stats.EPSILON_SQUARED, lang),
             rho=signed(tests["rho"], lang, 3), rho_p=fmt_p(tests["rho_p"], lang),
             rho_strength=strength(tests["rho"], stats.COHEN_R, lang))
    # The verdict names two groups and quotes their means: its direction is their difference's sign.
    small, large, welch = tests["small"], tests["large"], tests["welch"]
    difference = large["mean"] - small["mean"]
    values = {"large": ui.bucket_label(int(large["bucket"]), lang), "small": ui.bucket_label(int(small["bucket"]), lang),
              "large_mean": fmt_number(large["mean"], lang, 2), "small_mean": fmt_number(small["mean"], lang, 2),
              "p": fmt_p(tests["welch_p"], lang), "d": fmt_number(welch.effect, lang, 2)}
    if tests["welch_significant"] and difference != 0:
        key = "users.note.prolific_better" if difference > 0 else "users.note.prolific_worse"
        text += t(key, lang, **values, strength=strength(welch.effect, stats.COHEN_D, lang))
    else:
        text += t("users.note.prolific_none", lang, **values)
    if tests["rho_significant"] and difference != 0 and np.sign(tests["rho"]) != np.sign(difference):
        text += t("users.note.prolific_rho_disagrees", lang)
    small = [ui.bucket_label(b, lang) for b in table.loc[table["n_contributors"] < stats.MIN_GROUP_SIZE, "bucket"]]
    if small:
        text += t("users.note.small_contributor_groups", lang, groups=", ".join(small), minimum=stats.MIN_GROUP_SIZE)
    return text


# -- contributors and reviewers overlap --------------------------------------------------

@figure_callback(ui.OVERLAP)
def overlap(view: View) -> go.Figure:
    summary = overlap_summary(reviewer_activity(view), view.aggregate("users/contributor_activity"))
    if summary["contributors"] == 0 and summary["reviewers"] == 0:
        return view.empty()
    lang = view.language
    roles = palette(view.theme)
    groups = [t("users.overlap.contributors", lang), t("users.overlap.reviewers", lang)]
    totals = np.array([summary["contributors"], summary["reviewers"]], dtype=float)
    both = np.array([summary["both"], summary["both"]], dtype=float)
    figure = two_panels((t("users.subplot.people", lang), t("users.subplot.rating_shares", lang)), left_width=0.4)
    with np.errstate(invalid="ignore", divide="ignore"):
        parts = (("users.overlap.both", both, roles["primary"]),
                 ("users.overlap.contributors_only", np.array([totals[0] - both[0], 0]), roles["accent"]),
                 ("users.overlap.reviewers_only", np.array([0, totals[1] - both[1]]), roles["secondary"]))
        for key, counts, color in parts:
            shares = np.where(totals > 0, counts / totals, 0)
            figure.add_bar(x=groups, y=shares, name=t(key, lang), marker_color=color, customdata=counts,
                           text=[fmt_number(c, lang) if c else "" for c in counts], textposition="inside",
                           hovertemplate="%{x}: %{customdata:,} (%{y:.1%})<extra>" + t(key, lang) + "</extra>")
        for row, key, color in ((0, "users.overlap.by_contributors", roles["primary"]),
                                (1, "users.overlap.by_others", roles["secondary"])):
            counts = summary["ratings"][row]
            shares = counts / counts.sum() if counts.sum() else np.zeros_like(counts)
            figure.add_scatter(x=list(RATINGS), y=shares, mode="lines+markers", name=t(key, lang), xaxis="x2",
                               yaxis="y2", line={"color": color}, text=[fmt_number(c, lang) for c in counts])
    return view.styled(figure, barmode="stack", yaxis_tickformat=".0%",
                       yaxis2={"tickformat": ".0%"}, xaxis2={"title": t("users.axis.rating", lang), "dtick": 1},
                       legend={"y": -0.3})  # below the rating axis title


@note_callback(ui.OVERLAP_NOTE)
def overlap_note(view: View) -> str:
    summary = overlap_summary(reviewer_activity(view), view.aggregate("users/contributor_activity"))
    lang = view.language
    if summary["contributors"] == 0 and summary["reviewers"] == 0:
        return t("chart.empty", lang)
    share = lambda part, whole: part / whole if whole else math.nan  # noqa: E731
    text = t("users.note.overlap", lang, both=fmt_number(summary["both"], lang),
             contributors_share=fmt_percent(share(summary["both"], summary["contributors"]), lang),
             contributors=fmt_number(summary["contributors"], lang),
             reviewers_share=fmt_percent(share(summary["both"], summary["reviewers"]), lang),
             reviewers=fmt_number(summary["reviewers"], lang))
    ratings = summary["ratings"]
    if ratings.sum(axis=1).min() < stats.MIN_GROUP_SIZE:
        return text + t("users.note.overlap_no_test", lang, minimum=stats.MIN_GROUP_SIZE)
    test = stats.chi_square_independence(ratings)
    means = rating_means(ratings).map(lambda v: fmt_number(v, lang, 2))  # rows: contributors, others
    comparison = t("users.note.overlap_test", lang, contributor_mean=means.at[0, "mean_rating"],
                   contributor_low=means.at[0, "ci_low"], contributor_high=means.at[0, "ci_high"],
                   other_mean=means.at[1, "mean_rating"], other_low=means.at[1, "ci_low"],
                   other_high=means.at[1, "ci_high"], chi2=fmt_number(test.statistic, lang, 1),
                   p=fmt_p(test.p_value, lang), v=fmt_number(test.effect, lang, 3),
                   strength=cramers_v_strength(test, ratings, lang))
    return text + comparison + t("users.note.clustered", lang)
