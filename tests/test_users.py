"""Users & contributors tab: SQL and statistics against pandas/scipy on planted data, callbacks as functions."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps

from app import stats
from app.filters import Filters
from app.i18n import fmt_number, fmt_percent
from callbacks import users as cb
from callbacks.common import View
from layouts import users as ui

# Planted reviewers: (segment, users, reviews each). Segment thresholds come from the layout constants.
REVIEWER_GROUPS = (("one_time", 40, 1), ("occasional", 30, 4), ("regular", 30, 10), ("power", 30, 60))
# Planted contributors: (bucket, contributors, recipes each).
CONTRIBUTOR_GROUPS = ((0, 40, 1), (1, 30, 3), (2, 30, 8), (3, 30, 25))
# Ratings planted per reviewer segment (drawn uniformly from the list) when the effect is on.
SEGMENT_RATINGS = {"one_time": [5], "occasional": [4, 5], "regular": [3, 4], "power": [0, 1, 2, 3, 4, 5]}
# Contributors 1-10 also review (they are the first ten one-time reviewers).
SHARED_IDS = 10

# Every chart of the tab.
CHARTS = (
    cb.activity_distribution,
    cb.segments,
    cb.segment_ratings,
    cb.cohorts,
    cb.top_reviewers,
    cb.top_contributors,
    cb.contributor_ratings,
    cb.overlap,
)


def planted_rows(effect: bool, seed: int = 3) -> tuple[list[dict], list[dict]]:
    """Recipes and reviews with known segments, cohorts and contributor sizes.

    With ``effect``: ratings depend on the reviewer's segment, and the high-rating segments
    review the big contributors' recipes, so prolific contributors receive better ratings.
    Without: every rating is drawn uniformly from 1-5, independent of anything.
    """
    rng = np.random.default_rng(seed)
    recipes, owner_bucket = [], []
    contributor_id = 5000
    for bucket, n_contributors, n_recipes in CONTRIBUTOR_GROUPS:
        for number in range(n_contributors):
            contributor_id += 1
            owner = number + 1 if bucket == 0 and number < SHARED_IDS else contributor_id
            for _ in range(n_recipes):
                recipes.append({"contributor_id": owner, "submitted": f"{2004 + int(rng.integers(0, 4))}-03-01"})
                owner_bucket.append(bucket)
    owner_bucket = np.array(owner_bucket)
    recipe_ids = np.arange(1, len(recipes) + 1)
    interactions, user_id = [], 0
    for segment, n_users, n_reviews in REVIEWER_GROUPS:
        for _ in range(n_users):
            user_id += 1
            cohort = 2005 + int(rng.integers(0, 3))
            # High-rating segments review the big contributors' recipes when the effect is planted.
            preferred = (
                owner_bucket >= 2
                if effect and segment in ("one_time", "occasional")
                else owner_bucket <= 1
                if effect
                else np.ones(len(recipes), bool)
            )
            chosen = rng.choice(recipe_ids[preferred], size=n_reviews, replace=False)
            years = cohort + np.sort(rng.integers(0, 4, size=n_reviews))
            years[0] = cohort
            for recipe_id, year in zip(chosen, years, strict=True):
                rating = rng.choice(SEGMENT_RATINGS[segment]) if effect else rng.integers(1, 6)
                interactions.append(
                    {
                        "user_id": user_id,
                        "recipe_id": int(recipe_id),
                        "rating": int(rating),
                        "date": f"{year}-{int(rng.integers(1, 13)):02d}-10",
                    }
                )
    return recipes, interactions


@pytest.fixture
def planted(planted_dataset, use_dataset):
    """Install the planted dataset with effects; returns its reviews and recipes as pandas frames."""
    recipes, interactions = planted_rows(effect=True)
    use_dataset(planted_dataset(recipes, interactions), cache=None)
    recipe_frame = pd.DataFrame(recipes).assign(recipe_id=lambda f: np.arange(1, len(f) + 1))
    review_frame = pd.DataFrame(interactions).assign(year=lambda f: f["date"].str[:4].astype(int))
    return recipe_frame, review_frame


@pytest.fixture
def null_planted(planted_dataset, use_dataset):
    """Install the same design with ratings drawn independently of segments and contributors."""
    recipes, interactions = planted_rows(effect=False)
    use_dataset(planted_dataset(recipes, interactions), cache=None)


def _segment_of(n_reviews: int) -> int:
    """Segment index from the thresholds written out, independently of the code's bucketing."""
    return 0 if n_reviews == 1 else 1 if n_reviews <= 5 else 2 if n_reviews <= 50 else 3


def test_thresholds_are_the_named_constants_shown_in_the_ui():
    assert ui.REVIEWER_SEGMENT_STARTS == (1, 2, 6, 51) and ui.CONTRIBUTOR_BUCKET_STARTS == (1, 2, 6, 21)
    labels = [ui.segment_label(i, "en") for i in range(4)]
    assert labels == ["One-time (1)", "Occasional (2–5)", "Regular (6–50)", "Power users (> 50)"]
    text = ui.layout("fr").children[0].children
    assert "Très actifs (> 50)" in text and "6–20 recettes" in text


def test_segments_match_pandas(planted):
    _, reviews = planted
    per_user = reviews.groupby("user_id").agg(n=("rating", "size"))
    per_user["segment"] = per_user["n"].map(_segment_of)
    reviews = reviews.merge(per_user, left_on="user_id", right_index=True)
    table = cb.segment_table(cb.reviewer_activity(View()))
    for segment, group in reviews.groupby("segment"):
        row = table.loc[segment]
        assert row.n_users == group["user_id"].nunique()
        assert row.n_interactions == len(group)
        assert row.share_users == pytest.approx(group["user_id"].nunique() / reviews["user_id"].nunique())
        assert row.share_interactions == pytest.approx(len(group) / len(reviews))
        stars = group.loc[group["rating"] > 0, "rating"]
        assert row.mean_rating == pytest.approx(stars.mean())
        half = sps.t.ppf(0.975, len(stars) - 1) * stars.std() / math.sqrt(len(stars))
        if len(stars) > 1 and stars.std() > 0:
            assert row.ci_low == pytest.approx(stars.mean() - half)
            assert row.ci_high == pytest.approx(stars.mean() + half)
        assert row.zero_share == pytest.approx((group["rating"] == 0).mean())
        assert row.five_share == pytest.approx((group["rating"] == 5).mean())


def test_segment_rating_test_detects_the_planted_effect(planted):
    _, reviews = planted
    reviews = reviews.assign(segment=reviews.groupby("user_id")["rating"].transform("size").map(_segment_of))
    observed = pd.crosstab(reviews["segment"], reviews["rating"])
    chi2, p_value, _, _ = sps.chi2_contingency(observed, correction=False)
    v = math.sqrt(chi2 / (observed.to_numpy().sum() * (min(observed.shape) - 1)))
    note = cb.segment_ratings_note(View())
    assert p_value < 0.001 and f"Cramér's V = {v:.3f}" in note and f"χ² = {chi2:,.1f}" in note
    # The size word uses the shared thresholds for a 4 × 6 table (df* = 3).
    assert f"({stats.magnitude(v, stats.cramers_v_thresholds(3))} association)" in note
    assert "Too few users" not in note  # every planted segment holds >= 30 users
    figure = cb.segment_ratings(View())
    table = cb.segment_table(cb.reviewer_activity(View()))
    low, high = figure.layout.yaxis.range
    assert 1 <= low <= table["ci_low"].min() and table["ci_high"].max() <= high <= 5
    stars = reviews.loc[reviews["rating"] > 0, "rating"]
    assert figure.layout.shapes[0].y0 == pytest.approx(stars.mean())
    assert figure.layout.shapes[0].name == f"Mean of all ratings {stars.mean():.3f}"


def test_no_rating_difference_is_reported_without_effect(null_planted):
    note = cb.segment_ratings_note(View())
    assert note.startswith("No significant difference")
    assert (
        "No significant difference between contributors with > 20 recipes and with 1 recipe"
        in cb.contributor_ratings_note(View())
    )


def test_heavy_tail_matches_pandas(planted):
    _, reviews = planted
    per_user = reviews.groupby("user_id").size().sort_values(ascending=False)
    top = math.ceil(0.01 * len(per_user))
    note = cb.activity_note(View(language="en"))
    assert fmt_percent((per_user == 1).mean(), "en") in note
    assert fmt_percent(per_user.iloc[:top].sum() / per_user.sum(), "en") in note
    assert f"top 1% ({top} users)" in note and f"the most active: {per_user.max()}" in note
    tail = cb.heavy_tail([1, 2, 10], [90, 8, 2])  # top 1% = 1 person of 100, holding 10 of 126 items
    assert tail["top_people"] == 1 and tail["top_share"] == pytest.approx(10 / 126)
    assert tail["one_share"] == pytest.approx(0.9)


def test_activity_distribution_figure(planted):
    recipes, reviews = planted
    figure = cb.activity_distribution(View())
    reviewers, contributors = figure.data
    expected = reviews.groupby("user_id").size().value_counts().sort_index()
    assert list(reviewers.x) == expected.index.tolist() and list(reviewers.y) == expected.tolist()
    per_contributor = recipes.groupby("contributor_id").size().value_counts().sort_index()
    assert list(contributors.x) == per_contributor.index.tolist() and list(contributors.y) == per_contributor.tolist()
    assert figure.layout.xaxis.type == "log" and figure.layout.yaxis.type == "log"


def test_cohort_retention_matches_pandas(planted):
    _, reviews = planted
    first = reviews.groupby("user_id")["year"].min().rename("cohort")
    active = reviews[["user_id", "year"]].drop_duplicates().join(first, on="user_id")
    counts = active.groupby(["cohort", "year"]).size().unstack(fill_value=0)
    sizes = first.value_counts().sort_index()
    figure = cb.cohorts(View())
    heatmap = figure.data[0]
    z = np.array(heatmap.z, dtype=float)
    for i, cohort in enumerate(heatmap.y):
        for j, year in enumerate(heatmap.x):
            expected = 100 * counts.loc[cohort].get(year, 0) / sizes[cohort]
            assert np.isnan(z[i, j]) if year < cohort else z[i, j] == pytest.approx(round(expected, 1))
    assert list(figure.layout.yaxis.ticktext) == [f"{c} (n={n})" for c, n in sizes.items()]
    assert np.nanmax(np.diag(z)) == 100 and figure.layout.coloraxis.cmax < 100  # the scale spans later years
    # Year-1 retention, weighted by cohort size, over cohorts followed by a year of data.
    last = reviews["year"].max()
    followed = [c for c in sizes.index if c + 1 <= last]
    retained = sum(counts.loc[c].get(c + 1, 0) for c in followed)
    note = cb.cohorts_note(View())
    assert fmt_percent(retained / sizes[followed].sum(), "en") in note
    assert f"{len(followed)} cohorts" in note
    # Its trend over cohorts: a logistic curve, like statsmodels' GLM; the words follow the fitted ends.
    import statsmodels.api as sm

    kept = [c for c in followed if sizes[c] >= 30]
    retained_by = np.array([counts.loc[c].get(c + 1, 0) for c in kept])
    endog = np.column_stack([retained_by, sizes[kept].to_numpy() - retained_by])
    binomial = sm.GLM(endog, sm.add_constant(np.asarray(kept, float)), family=sm.families.Binomial()).fit()
    expected = sm.GLM(endog, sm.add_constant(np.asarray(kept, float)), family=sm.families.Binomial()).fit(
        scale=max(1.0, binomial.pearson_chi2 / binomial.df_resid)
    )
    first, last = expected.fittedvalues[0], expected.fittedvalues[-1]
    trend = stats.logistic_trend(kept, retained_by, sizes[kept].to_numpy())
    assert trend.p_value == pytest.approx(expected.pvalues[1], rel=1e-6)
    if expected.pvalues[1] < 0.05:
        assert ("rises significantly" if last > first else "falls significantly") in note
    else:
        assert (
            f"No significant trend over cohorts (fitted {fmt_percent(first, 'en')} in {kept[0]}, "
            f"{fmt_percent(last, 'en')} in {kept[-1]}"
        ) in note


def test_cohort_click_focus_is_highlighted_and_ignored(planted):
    focused = View(filters=Filters(focus=("review_year", "2006")))
    figure = cb.cohorts(focused)
    assert (figure.layout.shapes[0].x0, figure.layout.shapes[0].x1) == (2005.5, 2006.5)
    # The clicked chart is not filtered by its own focus.
    np.testing.assert_array_equal(np.array(figure.data[0].z, float), np.array(cb.cohorts(View()).data[0].z, float))
    # The other charts are: only reviews written in 2006 count.
    _, reviews = planted
    in_2006 = reviews.loc[reviews["year"] == 2006]
    table = cb.segment_table(cb.reviewer_activity(focused))
    assert table["n_interactions"].sum() == len(in_2006)


def test_top_reviewers_and_contributors_match_pandas(planted):
    recipes, reviews = planted
    figure = cb.top_reviewers(View())
    per_user = (
        reviews.groupby("user_id").agg(n=("rating", "size"), mean=("rating", lambda r: r[r > 0].mean())).reset_index()
    )
    expected = per_user.sort_values(["n", "user_id"], ascending=[False, True]).head(ui.TOP_COUNT)
    assert list(figure.data[0].customdata) == expected["user_id"].tolist()
    assert list(figure.data[0].x) == expected["n"].tolist()
    assert figure.data[0].text[0] == f"mean given {expected['mean'].iloc[0]:.2f}"
    rated = reviews.loc[reviews["rating"] > 0].merge(recipes, on="recipe_id")
    received = rated.groupby("contributor_id")["rating"].mean()
    sizes = recipes.groupby("contributor_id").size().rename("n").reset_index()
    top = sizes.sort_values(["n", "contributor_id"], ascending=[False, True]).head(ui.TOP_COUNT)
    figure = cb.top_contributors(View(language="fr"))
    assert list(figure.data[0].customdata) == top["contributor_id"].tolist()
    assert figure.data[0].text[0] == f"moyenne reçue {fmt_number(received[top['contributor_id'].iloc[0]], 'fr', 2)}"
    assert figure.data[0].y[0] == f"utilisateur {top['contributor_id'].iloc[0]}"


def test_contributor_ratings_by_size_match_pandas(planted):
    recipes, reviews = planted
    rated = reviews.loc[reviews["rating"] > 0].merge(recipes, on="recipe_id")
    means = rated.groupby("contributor_id")["rating"].mean()
    sizes = recipes.groupby("contributor_id").size()
    frame = pd.DataFrame({"mean": means, "n": sizes.reindex(means.index)})
    frame["bucket"] = np.select([frame["n"] == 1, frame["n"] <= 5, frame["n"] <= 20], [0, 1, 2], 3)
    table = cb.contributor_buckets(cb.contributors(View())).set_index("bucket")
    for bucket, group in frame.groupby("bucket"):
        assert table.loc[bucket, "n_contributors"] == len(group)
        assert table.loc[bucket, "mean"] == pytest.approx(group["mean"].mean())
        assert table.loc[bucket, "median"] == pytest.approx(group["mean"].median())
    rho, _ = sps.spearmanr(frame["n"], frame["mean"])
    h, _ = sps.kruskal(*[g["mean"] for _, g in frame.groupby("bucket")])
    note = cb.contributor_ratings_note(View())
    assert f"ρ (recipes vs mean rating, over contributors) = +{rho:.3f}" in note and rho > 0.3
    epsilon = h / (len(frame) - 1)
    assert f"ε² = {epsilon:.4f} ({stats.magnitude(epsilon, stats.EPSILON_SQUARED)})" in note
    # The verdict compares the groups it names, by Welch's t on their means; its direction is their sign.
    small, large = frame.loc[frame["bucket"] == 0, "mean"], frame.loc[frame["bucket"] == 3, "mean"]
    welch = sps.ttest_ind(large, small, equal_var=False)
    assert large.mean() > small.mean() and welch.pvalue < 0.05
    assert (
        f"Contributors with > 20 recipes get significantly higher ratings than those with 1 recipe "
        f"({large.mean():.2f} vs {small.mean():.2f}, Welch t"
    ) in note
    assert "points the other way" not in note
    figure = cb.contributor_ratings(View())
    assert figure.data[0].type == "box" and list(figure.data[1].y) == pytest.approx(table["mean"].tolist())
    # Every box fence and CI whisker within the axis, itself within 1–5 stars; the reference line.
    low, high = figure.layout.yaxis.range
    assert 1 <= low <= min(table["lowerfence"].min(), table["ci_low"].min())
    assert max(table["upperfence"].max(), table["ci_high"].max()) <= high <= 5
    assert figure.layout.shapes[0].y0 == pytest.approx(frame["mean"].mean())
    assert figure.layout.shapes[0].name == f"Mean over rated contributors {frame['mean'].mean():.3f}"


def test_prolific_verdict_follows_the_quoted_means_against_rho(planted_dataset, use_dataset):
    """Single-recipe contributors with one rating each (150 at 5, 50 at 1: mean 4.00) take both ends of
    the ranking, so ρ over contributors is negative, while the 30 contributors of 21 recipes average
    about 4.8: the sentence says higher, as its two means, and explains the opposite ρ."""
    recipes = [{"contributor_id": 100 + c} for c in range(200)]
    recipes += [{"contributor_id": 1000 + c} for c in range(30) for _ in range(21)]
    interactions = [
        {"user_id": 5000 + k, "recipe_id": k + 1, "rating": 5 if k < 150 else 1, "date": "2005-05-05"}
        for k in range(200)
    ]
    interactions += [
        {
            "user_id": 9000 + 21 * c + j,
            "recipe_id": 201 + 21 * c + j,
            "date": "2006-05-05",
            "rating": 4 if (j + c) % 5 == 0 or (c % 3 == 0 and j == 1) else 5,
        }
        for c in range(30)
        for j in range(21)
    ]
    use_dataset(planted_dataset(recipes, interactions), cache=None)
    tests = cb.prolific_tests(cb.contributors(View()))
    assert tests["rho"] < 0 and tests["rho_significant"]
    note = cb.contributor_ratings_note(View())
    large = tests["large"]["mean"]
    assert large == pytest.approx(4.8, abs=0.05)
    assert (
        f"Contributors with > 20 recipes get significantly higher ratings than those with 1 recipe ({large:.2f} vs 4.00"
    ) in note
    assert "lower" not in note and "Spearman's ρ points the other way" in note
    french = cb.contributor_ratings_note(View(language="fr"))
    assert "significativement plus hautes" in french and "va en sens inverse" in french


def test_overlap_matches_pandas(planted):
    recipes, reviews = planted
    contributors = set(recipes["contributor_id"])
    reviewers = set(reviews["user_id"])
    both = contributors & reviewers
    assert len(both) == SHARED_IDS
    note = cb.overlap_note(View())
    assert note.startswith(f"{len(both)} people both contribute and review")
    assert fmt_percent(len(both) / len(contributors), "en") in note
    assert fmt_percent(len(both) / len(reviewers), "en") in note
    by_contributor = reviews["user_id"].isin(contributors)
    table = pd.crosstab(by_contributor, reviews["rating"])
    assert table.loc[True].sum() < 30 and "Too few reviews by contributors" in note  # 10 single reviews
    figure = cb.overlap(View())
    shares = {trace.name: list(trace.y) for trace in figure.data if trace.type == "bar"}
    assert shares["Contribute and review"] == pytest.approx([len(both) / len(contributors), len(both) / len(reviewers)])


def test_french_texts_and_empty_state(planted):
    view = View(language="fr")
    assert "auteurs d'avis" in cb.activity_note(view)
    assert cb.segments(view).data[0].name == "Part des utilisateurs"
    empty = View(filters=Filters(sub_years=(1990, 1991)))
    for chart in CHARTS:
        assert chart(empty).layout.annotations[0].text == "No data for the current filters."
    assert cb.cohorts_note(empty) == "No data for the current filters."


def test_every_chart_and_note_renders_on_generated_data(generated_repository):
    """Every chart and note of the tab renders on generated data, and payloads stay small."""
    view = View()
    for chart in CHARTS:
        figure = chart(view)
        assert figure.data and len(figure.to_json()) < 250_000
    for note in (
        cb.activity_note,
        cb.segments_note,
        cb.segment_ratings_note,
        cb.cohorts_note,
        cb.contributor_ratings_note,
        cb.overlap_note,
    ):
        assert note(view)
