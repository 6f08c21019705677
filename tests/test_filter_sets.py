"""Every global filter, alone and combined, gives the aggregate pandas computes on the filtered rows.

The tag and ingredient filters resolve through the long (recipe, item) tables rather than the
recipes' list columns (queries/_macros.sql: item_matches); these tests pin that both paths agree,
for recipe-level and review-level queries, including a filter that matches nothing.
"""

from __future__ import annotations

import ast

import pandas as pd
import pytest

from app.filters import Filters


@pytest.fixture(scope="module")
def raw(generated_csv):
    """Recipes and reviews read independently with pandas, each review with its recipe's fields."""
    recipes = pd.read_csv(generated_csv / "RAW_recipes.csv", keep_default_na=False, na_values=[])
    recipes["submitted"] = pd.to_datetime(recipes["submitted"])
    recipes["tags"] = recipes["tags"].map(lambda text: set(ast.literal_eval(text)))
    recipes["ingredients"] = recipes["ingredients"].map(lambda text: set(ast.literal_eval(text)))
    interactions = pd.read_csv(generated_csv / "RAW_interactions.csv", keep_default_na=False, na_values=[])
    interactions["date"] = pd.to_datetime(interactions["date"])
    interactions = interactions.merge(
        recipes[["id", "submitted", "minutes", "tags", "ingredients"]],
        left_on="recipe_id",
        right_on="id",
        suffixes=("", "_recipe"),
    )
    return recipes, interactions


@pytest.fixture(scope="module")
def frequent_items(raw):
    """The generated data's 2nd and 4th most frequent tags and most frequent ingredient."""
    recipes, _ = raw
    tags = recipes["tags"].explode().value_counts().index
    ingredient = recipes["ingredients"].explode().value_counts().index[0]
    return tags[1], tags[3], ingredient


def _cases(tag_a: str, tag_b: str, ingredient: str) -> dict[str, Filters]:
    return {
        "tag": Filters(tags=(tag_a,)),
        "two tags": Filters(tags=(tag_a, tag_b)),
        "ingredient": Filters(ingredients=(ingredient,)),
        "tag and ingredient": Filters(tags=(tag_a,), ingredients=(ingredient,)),
        "minutes": Filters(minutes=(15, 45)),
        "no 0-star": Filters(include_zero=False),
        "everything": Filters(
            sub_years=(2002, 2012),
            int_years=(2004, None),
            minutes=(5, 120),
            include_zero=False,
            tags=(tag_a,),
            ingredients=(ingredient,),
        ),
        "empty match": Filters(tags=(tag_a, "no-such-tag")),
    }


CASES = ["tag", "two tags", "ingredient", "tag and ingredient", "minutes", "no 0-star", "everything", "empty match"]


def _recipe_mask(recipes: pd.DataFrame, filters: Filters) -> pd.Series:
    low, high = filters.sub_years
    mask = recipes.submitted.dt.year.between(low or 0, high or 9999)
    low, high = filters.minutes
    mask &= recipes.minutes.between(-1 if low is None else low, 2**62 if high is None else high)
    mask &= recipes.tags.map(lambda tags: set(filters.tags) <= tags)
    mask &= recipes.ingredients.map(lambda items: set(filters.ingredients) <= items)
    return mask


def _interaction_mask(interactions: pd.DataFrame, filters: Filters) -> pd.Series:
    mask = _recipe_mask(interactions, filters)
    low, high = filters.int_years
    mask &= interactions.date.dt.year.between(low or 0, high or 9999)
    if not filters.include_zero:
        mask &= interactions.rating > 0
    return mask


@pytest.mark.parametrize("case", CASES)
def test_filtered_aggregates_match_pandas(generated_repository, raw, frequent_items, case):
    recipes, interactions = raw
    filters = _cases(*frequent_items)[case]
    param = filters.as_param()
    kept_recipes = recipes[_recipe_mask(recipes, filters)]
    kept = interactions[_interaction_mask(interactions, filters)]
    if case == "empty match":
        assert kept_recipes.empty and kept.empty
    else:
        assert len(kept_recipes) > 0 and len(kept) > 0, "the case must keep rows to test anything"

    kpis = generated_repository.aggregate("overview/kpis", f=param).iloc[0]
    assert kpis.n_recipes == len(kept_recipes)
    assert kpis.n_contributors == kept_recipes["contributor_id"].nunique()
    assert kpis.n_interactions == len(kept)
    assert kpis.n_users == kept["user_id"].nunique()
    if len(kept):
        assert kpis.mean_rating_with_zeros == pytest.approx(kept["rating"].mean())

    distribution = generated_repository.aggregate("overview/rating_distribution", f=param)
    assert distribution["n_interactions"].tolist() == [int((kept.rating == r).sum()) for r in range(6)]

    per_year = generated_repository.aggregate("trends/volume_per_year", f=param)
    expected_years = kept_recipes.groupby(kept_recipes.submitted.dt.year).size()
    assert dict(zip(per_year["year"], per_year["n_recipes"], strict=True)) == expected_years.to_dict()

    monthly = generated_repository.aggregate("overview/interactions_per_month", f=param)
    expected_months = kept.groupby(kept.date.dt.to_period("M")).size()
    assert monthly["n_interactions"].tolist() == expected_months.tolist()


def test_item_filter_with_focus_matches_pandas(generated_repository, raw, frequent_items):
    recipes, interactions = raw
    tag, _, ingredient = frequent_items
    filters = Filters(tags=(tag,), ingredients=(ingredient,)).with_focus("season", "summer")
    summer_recipes = recipes[_recipe_mask(recipes, filters) & recipes.submitted.dt.month.isin([6, 7, 8])]
    summer = interactions[_interaction_mask(interactions, filters) & interactions.date.dt.month.isin([6, 7, 8])]
    kpis = generated_repository.aggregate("overview/kpis", f=filters.as_param()).iloc[0]
    assert kpis.n_recipes == len(summer_recipes) > 0
    assert kpis.n_interactions == len(summer) > 0


@pytest.mark.parametrize(
    "focus",
    [
        {"year": "2008-2010"},
        {"review_year": "2009"},
        {"year": "2005-2012", "review_year": "2010-2011", "daytype": "weekend"},
        {"month": "12", "weekday": "1"},
    ],
)
def test_combined_focus_matches_pandas(generated_repository, raw, focus):
    """Submission years select recipes and the reviews of those recipes; review years select reviews;
    calendar dimensions read each table's own date. Every focus combines with the others."""
    recipes, interactions = raw

    def calendar(dates: pd.Series) -> pd.Series:
        keep = pd.Series(True, index=dates.index)
        if "month" in focus:
            keep &= dates.dt.month == int(focus["month"])
        if "weekday" in focus:
            keep &= dates.dt.day_of_week + 1 == int(focus["weekday"])
        if "daytype" in focus:
            keep &= (dates.dt.day_of_week >= 5) == (focus["daytype"] == "weekend")
        return keep

    def years(dates: pd.Series, dimension: str) -> pd.Series:
        if dimension not in focus:
            return pd.Series(True, index=dates.index)
        first, _, last = focus[dimension].partition("-")
        return dates.dt.year.between(int(first), int(last or first))

    filters = Filters(focus=focus)
    kept_recipes = recipes[years(recipes.submitted, "year") & calendar(recipes.submitted)]
    kept = interactions[
        years(interactions.submitted, "year") & years(interactions.date, "review_year") & calendar(interactions.date)
    ]
    kpis = generated_repository.aggregate("overview/kpis", f=filters.as_param()).iloc[0]
    assert kpis.n_recipes == len(kept_recipes) > 0
    assert kpis.n_interactions == len(kept) > 0
    distribution = generated_repository.aggregate("ratings/distribution", f=filters.as_param())
    assert distribution.set_index("rating")["n_reviews"].to_dict() == {
        rating: int((kept.rating == rating).sum()) for rating in range(6)
    }


STAR_QUERIES = {
    "recipes/item_lift": {"kind": "tags", "min_support": 20},
    "recipes/health_score": {},
    "ratings/volume_buckets": {"bounds": [1, 2, 5, 10, 20]},
}


@pytest.mark.parametrize("query", list(STAR_QUERIES))
def test_precomputed_star_counts_equal_counting_the_reviews(generated_repository, frequent_items, query):
    """Without a review-level filter, per-recipe star counts come from ingest (recipe_star_counts);
    a review-year range that keeps every review forces counting them: both must agree exactly."""
    tag, _, ingredient = frequent_items
    for filters in (Filters(), Filters(tags=(tag,), minutes=(10, 120)), Filters(ingredients=(ingredient,))):
        every_year = Filters(**{**filters.__dict__, "int_years": (1900, 2100)})
        precomputed = generated_repository.aggregate(query, f=filters.as_param(), **STAR_QUERIES[query])
        counted = generated_repository.aggregate(query, f=every_year.as_param(), **STAR_QUERIES[query])
        assert len(precomputed) > 0
        pd.testing.assert_frame_equal(precomputed, counted, check_dtype=False)


def test_item_lift_with_a_review_level_filter_matches_pandas(generated_repository, raw, frequent_items):
    _, interactions = raw
    tag = frequent_items[0]
    filters = Filters(int_years=(2005, 2010))
    kept = interactions[_interaction_mask(interactions, filters) & (interactions.rating > 0)]
    frame = generated_repository.aggregate("recipes/item_lift", f=filters.as_param(), kind="tags", min_support=20)
    assert frame["total_n"].iloc[0] == len(kept) > 0
    assert frame["total_s"].iloc[0] == kept["rating"].sum()
    row = frame.set_index("item").loc[tag]
    with_tag = kept[kept.tags.map(lambda tags: tag in tags)]
    assert (row.n, row.s, row.ss) == (len(with_tag), with_tag.rating.sum(), (with_tag.rating**2).sum())
    assert row.n_recipes == with_tag.recipe_id.nunique()
