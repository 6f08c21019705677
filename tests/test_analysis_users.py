"""app.analysis.users alone: small hand-made frames, numbers recomputed with numpy/scipy/statsmodels/pandas."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from app import stats
from app.analysis import users as analysis
from app.errors import EmptySelection
from tests.reference import logistic_fit


def _reviewer_frame(rows: list[tuple[int, bool, int, dict[int, int]]]) -> pd.DataFrame:
    """Reviewer-activity rows: (reviews each, is contributor, users, {rating: reviews})."""
    return pd.DataFrame(
        [
            {
                "n_reviews": k,
                "is_contributor": contributes,
                "n_users": users,
                **{f"rating_{r}": counts.get(r, 0) for r in range(6)},
            }
            for k, contributes, users, counts in rows
        ]
    )


# Segment 0: 3 users of 1 review; segment 1: 2 users of 3 reviews; none of 6-50; segment 3: 1 user of 60.
REVIEWERS = _reviewer_frame(
    [
        (1, False, 3, {5: 1, 4: 1, 0: 1}),
        (3, False, 2, {4: 3, 5: 2, 1: 1}),
        (60, True, 1, {3: 30, 4: 30}),
    ]
)
STARS = {0: [4, 5], 1: [4, 4, 4, 5, 5, 1], 3: [3] * 30 + [4] * 30}  # every star rating, per segment


def test_heavy_tail_takes_the_top_people_from_the_largest_counts():
    tail = analysis.heavy_tail([1, 2, 10], [90, 8, 2])  # the top 1% is 1 person of 100, holding 10 of 126
    assert (tail.people, tail.items, tail.top_people, tail.max_k) == (100, 126, 1, 10)
    assert tail.top_share == pytest.approx(10 / 126) and tail.one_share == pytest.approx(0.9)
    assert tail["top_people"] == 1  # read by name too
    # The top 2 of 200 people both hold 5 items: the share is theirs, whatever the order of the input.
    spread = analysis.heavy_tail([5, 1], [50, 150])
    per_person = np.repeat([5, 1], [50, 150])
    assert spread.top_people == 2 and spread.top_share == pytest.approx(np.sort(per_person)[-2:].sum() / 400)
    with pytest.raises(EmptySelection):
        analysis.heavy_tail([], [])


def test_activity_needs_someone():
    empty_reviewers = REVIEWERS.iloc[:0]
    contributors = pd.DataFrame({"n_recipes": [1, 4], "n_contributors": [7, 1]})
    result = analysis.activity(empty_reviewers, contributors)
    assert result.reviewer_tail is None and result.contributor_tail is not None
    assert result.contributor_tail.items == 11 and result.contributor_tail.one_share == pytest.approx(7 / 8)
    both = analysis.activity(REVIEWERS, contributors.iloc[:0])
    assert both.contributor_tail is None
    assert both.reviewers.to_dict("list") == {"n_reviews": [1, 3, 60], "n_users": [3, 2, 1]}
    with pytest.raises(EmptySelection):
        analysis.activity(empty_reviewers, contributors.iloc[:0])


def test_segment_table_matches_the_expanded_reviews():
    table = analysis.segment_table(REVIEWERS)
    assert table["n_users"].tolist() == [3, 2, 0, 1]
    assert table["n_interactions"].tolist() == [3, 6, 0, 60]
    np.testing.assert_allclose(table["share_users"], np.array([3, 2, 0, 1]) / 6)
    np.testing.assert_allclose(table["share_interactions"], np.array([3, 6, 0, 60]) / 69)
    assert table.loc[0, "zero_share"] == pytest.approx(1 / 3) and table.loc[0, "five_share"] == pytest.approx(1 / 3)
    assert np.isnan(table.loc[2, "zero_share"]) and np.isnan(table.loc[2, "mean_rating"])
    for segment, stars in STARS.items():
        values = np.array(stars, dtype=float)
        assert table.loc[segment, "n_rated"] == len(values)
        assert table.loc[segment, "mean_rating"] == pytest.approx(values.mean())
        low, high = sps.t.interval(0.95, len(values) - 1, values.mean(), sps.sem(values))
        assert (table.loc[segment, "ci_low"], table.loc[segment, "ci_high"]) == pytest.approx((low, high))
    ends = analysis.segment_extremes(table)
    assert (ends.top, ends.low) == (3, 0)
    assert (ends.top_users_share, ends.top_reviews_share) == pytest.approx((1 / 6, 60 / 69))
    all_stars = np.concatenate([np.array(s, float) for s in STARS.values()])
    assert analysis.overall_mean_rating(table) == pytest.approx(all_stars.mean())
    with pytest.raises(EmptySelection):
        analysis.segment_table(REVIEWERS.iloc[:0])


def test_segment_rating_test_against_scipy():
    result = analysis.segment_rating_test(analysis.segment_table(REVIEWERS))
    # Segments 0, 1 and 3 (2 holds no user) × the ratings used (0, 1, 3, 4, 5).
    observed = np.array([[1, 0, 0, 1, 1], [0, 1, 0, 3, 2], [0, 0, 30, 30, 0]])
    chi2, p_value, _, _ = sps.chi2_contingency(observed, correction=False)
    v = math.sqrt(chi2 / (observed.sum() * 2))  # min(3 rows, 5 used ratings) − 1 = 2
    assert result.test.statistic == pytest.approx(chi2) and result.test.p_value == pytest.approx(p_value)
    assert result.test.effect == pytest.approx(v)
    assert result.magnitude == stats.magnitude(v, stats.cramers_v_thresholds(2))
    means = {segment: np.mean(stars) for segment, stars in STARS.items()}
    assert (result.low_segment, result.high_segment) == (3, 0)  # 3.5 and 4.5 stars
    assert (result.low_mean, result.high_mean) == pytest.approx((means[3], means[0]))
    assert result.small_segments == (0, 1, 3)  # every segment holds fewer than 30 users
    with pytest.raises(analysis.TooFewSegments):
        analysis.segment_rating_test(analysis.segment_table(REVIEWERS.iloc[:1]))


# Cohorts 2005-2008 (sizes 100, 80, 60, 20) and the users of each active in later years.
ACTIVE = {
    2005: {2005: 100, 2006: 40, 2007: 20, 2008: 5},
    2006: {2006: 80, 2007: 28},
    2007: {2007: 60, 2008: 15},
    2008: {2008: 20},
}
COHORTS = pd.DataFrame(
    [{"cohort": c, "year": y, "n_active": n} for c, years in ACTIVE.items() for y, n in years.items()]
)


def test_cohort_matrix_is_the_share_of_each_cohort_active_per_year():
    matrix = analysis.cohort_matrix(COHORTS)
    expected = pd.DataFrame(
        {
            y: [100 * ACTIVE[c].get(y, 0) / ACTIVE[c][c] if y >= c else np.nan for c in ACTIVE]
            for y in range(2005, 2009)
        },
        index=list(ACTIVE),
    )
    np.testing.assert_allclose(matrix.retention.to_numpy(), expected.to_numpy())
    assert matrix.sizes.to_dict() == {2005: 100, 2006: 80, 2007: 60, 2008: 20}
    assert matrix.color_top == pytest.approx(40.0)  # 40 of 100 in 2006, the highest after a cohort year
    one_year = COHORTS[COHORTS["year"] == 2005]  # no year after any cohort's first: the scale tops at 100
    assert analysis.cohort_matrix(one_year).color_top == 100.0
    with pytest.raises(EmptySelection):
        analysis.cohort_matrix(COHORTS.iloc[:0])


def test_cohort_retention_and_its_logistic_trend_against_statsmodels():
    result = analysis.cohort_retention(COHORTS)
    # Followed by a year of data: 2005-2007 (2008 is the last year); all hold >= 30 users.
    assert result.table.index.tolist() == [2005, 2006, 2007]
    np.testing.assert_allclose(result.table["retention"], [0.4, 0.35, 0.25])
    assert result.mean == pytest.approx((40 + 28 + 15) / 240)
    assert (result.low, result.low_cohort, result.high, result.high_cohort) == pytest.approx((0.25, 2007, 0.4, 2005))
    retained, sizes, x = np.array([40, 28, 15]), np.array([100, 80, 60]), np.array([2005.0, 2006.0, 2007.0])
    fit = logistic_fit(x, retained, sizes)
    assert result.trend is not None and result.trend.p_value == pytest.approx(fit.pvalues[1], rel=1e-6)
    assert result.trend.first_share == pytest.approx(fit.fittedvalues[0], rel=1e-6)
    assert result.trend.last_share == pytest.approx(fit.fittedvalues[-1], rel=1e-6)
    assert result.direction == ("fall" if fit.pvalues[1] < 0.05 else "none")
    small = COHORTS.assign(n_active=COHORTS["n_active"] // 10)  # every cohort under 30 users
    with pytest.raises(analysis.TooFewCohorts):
        analysis.cohort_retention(small)
    with pytest.raises(EmptySelection):
        analysis.cohort_retention(COHORTS.iloc[:0])


def _contributors(means_by_recipes: dict[int, list[float]]) -> pd.DataFrame:
    rows = [{"n_recipes": k, "n_ratings": 3, "mean_rating": m} for k, means in means_by_recipes.items() for m in means]
    rows.append({"n_recipes": 4, "n_ratings": 0, "mean_rating": np.nan})  # never rated: left out
    return pd.DataFrame(rows).assign(contributor_id=lambda f: np.arange(1, len(f) + 1))


CONTRIBUTORS = _contributors(
    {1: [3.0, 4.0, 5.0, 3.5, 4.5, 2.0], 3: [4.0, 4.2, 3.8, 4.4], 30: [4.6, 4.8, 4.9, 4.7, 5.0]}
)


def test_contributor_buckets_against_numpy():
    table = analysis.contributor_buckets(CONTRIBUTORS)
    groups = {0: [3.0, 4.0, 5.0, 3.5, 4.5, 2.0], 1: [4.0, 4.2, 3.8, 4.4], 3: [4.6, 4.8, 4.9, 4.7, 5.0]}
    assert table["bucket"].tolist() == [0, 1, 3]
    for row, values in zip(table.itertuples(), groups.values(), strict=True):
        values = np.array(values)
        q1, median, q3 = np.percentile(values, [25, 50, 75])
        assert row.n_contributors == len(values) and row.mean == pytest.approx(values.mean())
        assert (row.q1, row.median, row.q3) == pytest.approx((q1, median, q3))
        inside = values[(values >= q1 - 1.5 * (q3 - q1)) & (values <= q3 + 1.5 * (q3 - q1))]
        assert (row.lowerfence, row.upperfence) == pytest.approx((inside.min(), inside.max()))
        low, high = sps.t.interval(0.95, len(values) - 1, values.mean(), sps.sem(values))
        assert (row.ci_low, row.ci_high) == pytest.approx((low, high))
    assert analysis.overall_contributor_mean(table) == pytest.approx(np.mean(np.concatenate(list(groups.values()))))
    top = analysis.top_contributors(CONTRIBUTORS, 3)
    assert top["n_recipes"].tolist() == [30, 30, 30] and top["contributor_id"].tolist() == [11, 12, 13]
    with pytest.raises(EmptySelection):
        analysis.contributor_buckets(CONTRIBUTORS[CONTRIBUTORS["n_ratings"] == 0])


def test_prolific_tests_against_scipy_and_statsmodels():
    result = analysis.prolific_tests(CONTRIBUTORS)
    small = np.array([3.0, 4.0, 5.0, 3.5, 4.5, 2.0])
    middle, large = np.array([4.0, 4.2, 3.8, 4.4]), np.array([4.6, 4.8, 4.9, 4.7, 5.0])
    h, kruskal_p = sps.kruskal(small, middle, large)
    recipes = np.repeat([1, 3, 30], [6, 4, 5])
    rho, rho_p = sps.spearmanr(recipes, np.concatenate([small, middle, large]))
    welch = sps.ttest_ind(large, small, equal_var=False)
    rejected, adjusted, _, _ = multipletests([kruskal_p, rho_p, welch.pvalue], method="fdr_bh")
    pooled = math.sqrt((4 * large.var(ddof=1) + 5 * small.var(ddof=1)) / 9)
    assert result.kruskal.effect == pytest.approx(h / 14)
    assert result.epsilon_magnitude == stats.magnitude(h / 14, stats.EPSILON_SQUARED)
    assert result.rho == pytest.approx(rho) and result["rho"] == result.rho
    assert (result.kruskal_p, result.rho_p, result.welch_p) == pytest.approx(tuple(adjusted))
    assert (result.rho_significant, result.welch_significant) == (bool(rejected[1]), bool(rejected[2]))
    assert result.welch.effect == pytest.approx((large.mean() - small.mean()) / pooled)
    assert result.small.bucket == 0 and result.large.bucket == 3 and result["large"]["mean"] == pytest.approx(4.8)
    assert result.direction == ("better" if rejected[2] else "none")
    assert not result.rho_disagrees and result.small_buckets == (0, 1, 3)
    with pytest.raises(analysis.TooFewBuckets):
        analysis.prolific_tests(CONTRIBUTORS[CONTRIBUTORS["n_recipes"] == 1])
    with pytest.raises(EmptySelection):
        analysis.prolific_tests(CONTRIBUTORS.iloc[:0])


def test_overlap_counts_shares_and_test():
    reviewers = _reviewer_frame([(1, True, 40, {5: 30, 4: 10}), (2, False, 60, {5: 50, 3: 40, 0: 30})])
    summary = analysis.overlap_summary(reviewers, pd.DataFrame({"n_recipes": [1, 2], "n_contributors": [70, 30]}))
    assert (summary.contributors, summary.reviewers, summary.both) == (100, 100, 40)
    assert (summary.contributors_share, summary.reviewers_share) == (0.4, 0.4)
    parts = summary.parts()
    np.testing.assert_allclose(parts["contributors_only"][0], [60, 0])
    np.testing.assert_allclose(parts["reviewers_only"][1], [0, 0.6])
    np.testing.assert_allclose(summary.rating_shares()[1], np.array([30, 0, 0, 40, 0, 50]) / 120)
    result = analysis.overlap_test(summary)
    observed = np.array([[0, 0, 10, 30], [30, 40, 0, 50]])
    chi2, p_value, _, _ = sps.chi2_contingency(observed, correction=False)
    assert result.test.statistic == pytest.approx(chi2) and result.test.p_value == pytest.approx(p_value)
    assert result.test.effect == pytest.approx(math.sqrt(chi2 / 160))
    others = np.repeat([5, 3], [50, 40]).astype(float)
    assert result.means.loc[1, "mean_rating"] == pytest.approx(others.mean())
    assert result.means.loc[0, "mean_rating"] == pytest.approx((30 * 5 + 10 * 4) / 40)
    few = _reviewer_frame([(1, True, 5, {5: 5}), (2, False, 60, {5: 120})])
    with pytest.raises(analysis.TooFewReviews):
        analysis.overlap_test(analysis.overlap_summary(few, pd.DataFrame({"n_contributors": [5]})))
    with pytest.raises(EmptySelection):
        analysis.overlap_summary(few.iloc[:0], pd.DataFrame({"n_contributors": []}))
