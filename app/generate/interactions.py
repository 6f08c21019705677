"""Interactions: reviews per recipe, dates, users and ratings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.generate.calendar import _calendar, _day, _day_profile
from app.generate.calibration import Calibration, Sizes
from app.generate.formats import WEEKDAYS
from app.generate.numeric import (
    _allocate, _assign_by_rank, _heavy_tail_counts, _normal_rank_scores, _resolve_duplicates,
    _stratified, _top_k,
)
from app.generate.recipes import Recipes


# Interactions

# Share of recipes with exactly one interaction: not published; the real quartiles (1, 2, 4)
# bound it to [0.25, 0.5).
RECIPE_SHARE_ONE_INTERACTION = 0.38
# No user reviews more than 1/4 of the recipes, no recipe gets more than 1/4 of the users
# (binding only at small scales, where the real heavy tail has to be compressed).
MAX_SHARE_DIVISOR = 4
# Older recipes collect more reviews: weight of (standardised) age in the popularity latent.
RECIPE_AGE_WEIGHT = 0.4
# Share of recipes whose first review comes soon after posting (at full site activity), and the
# mean delay in days.
FIRST_REVIEW_NEAR_SHARE = 0.5
FIRST_REVIEW_MEAN_DELAY = 45.0
# Width of a user's active period, in quantiles of the interaction timeline per log(count).
USER_WINDOW_PER_LOG_COUNT = 0.05
# Tilt of the user/interaction matching (in timeline quantiles per normal score): active users
# review popular recipes more, so PP users cover fewer recipes (real PP_recipes: 77% of recipes).
POPULAR_TILT = 0.15
# Activity buckets of the real rated_share_by_user_activity statistic (upper bounds).
ACTIVITY_BUCKETS = (1, 10, 60)
# Relative propensity to post a 0 (review without stars) per activity bucket: one-time users
# mostly ask questions or comment (about 30k real users only ever posted zeros).
ZERO_RATING_PROPENSITY = (5.0, 1.3, 0.9, 0.7)
# Rating latent: per-bucket mean shift and noise (one-time users rate lower and more extreme).
RATING_SHIFT = (-0.12, -0.05, 0.0, 0.05)
RATING_NOISE = (1.3, 1.05, 1.0, 0.9)
RATING_USER_BIAS = 0.4
RATING_RECIPE_QUALITY = 0.5


@dataclass
class Interactions:
    """RAW_interactions rows (internal order: by recipe, then date) and per-user counts."""

    recipe: np.ndarray  # internal recipe index
    user: np.ndarray  # user index
    day: np.ndarray
    rating: np.ndarray
    empty_review: np.ndarray
    user_count: np.ndarray  # interactions per user index


def _count_anchors(head_share: float, middle: list[tuple[float, float]], top: dict, n_real: int):
    """Quantile anchors: ``head_share`` of ones, ``middle`` (u, value) points, then the real
    top-10 counts placed at their rank among ``n_real`` (values carry +0.5 for flooring)."""
    top_counts = sorted(top.values())
    tail = [(1 - (rank - 0.5) / n_real, count + 0.5) for rank, count in zip(range(len(top_counts), 0, -1), top_counts)]
    return [(0.0, 1.0), (head_share - 1e-9, 1.999), (head_share, 2.0), *middle, *tail]


def _interactions_per_recipe(cal: Calibration, sizes: Sizes, recipes: Recipes, rng: np.random.Generator) -> np.ndarray:
    desc = cal["interactions.per_recipe.describe"]
    anchors = _count_anchors(RECIPE_SHARE_ONE_INTERACTION, [(0.75, desc["75%"] + 0.5)],
                             cal["interactions.per_recipe.top10"], desc["count"])
    counts = _heavy_tail_counts(sizes.recipes, anchors, sizes.interactions, band_from=0.75,
                                cap=max(1, sizes.users // MAX_SHARE_DIVISOR), fixed_top=10)
    age = (recipes.day.max() - recipes.day).astype(float)
    latent = RECIPE_AGE_WEIGHT * (age - age.mean()) / age.std() + rng.standard_normal(len(age))
    return _assign_by_rank(counts, latent)


def _interaction_days(cal: Calibration, submitted: np.ndarray, recipe_of: np.ndarray,
                      rng: np.random.Generator) -> np.ndarray:
    """Interaction days, never before the recipe's submission, whose total per day follows the
    real per-year, per-month and per-weekday profile.

    Each interaction draws from the target distribution truncated at its recipe's submission
    (inverse CDF with fixed uniforms); the target weights are then corrected a few times so
    that the truncation does not skew the total towards late years.
    """
    span = cal["interactions.date_range"]
    first, last = _day(span["min"]), _day(span["max"])
    days = np.arange(first, last + 1)
    calendar = _calendar(days)
    month_target = np.array([cal["interactions.per_month"][str(m)] for m in range(1, 13)], dtype=float)
    weekday_target = np.array([cal["interactions.nonzero.per_weekday"][w]["n"] for w in WEEKDAYS], dtype=float)
    n = len(recipe_of)
    target = _day_profile(days, cal["interactions.per_year_APPROX"], n,
                          [(calendar["month"] - 1, month_target), (calendar["weekday"], weekday_target)],
                          np.ones(len(days)))
    start = np.maximum(submitted[recipe_of], first) - first
    uniform = rng.random(n)
    # Many recipes get their first review soon after posting, fewer while the site had hardly
    # any reviews (2000-2001): the share follows the day's activity.
    first_of_recipe = np.r_[True, recipe_of[1:] != recipe_of[:-1]]
    activity = np.minimum(1.0, target / target.mean())
    near = first_of_recipe & (rng.random(n) < FIRST_REVIEW_NEAR_SHARE * activity[start])
    near_day = np.minimum(start + rng.exponential(FIRST_REVIEW_MEAN_DELAY, n).astype(np.int64), len(days) - 1)
    weights = target.copy()
    for _ in range(8):
        cdf = np.cumsum(weights) / weights.sum()
        before = np.where(start > 0, cdf[np.maximum(start - 1, 0)], 0.0)
        day = np.maximum(np.searchsorted(cdf, before + uniform * (1 - before)), start)
        day = np.minimum(np.where(near, near_day, day), len(days) - 1)
        achieved = np.bincount(day, minlength=len(days))
        weights *= ((target + 0.5) / (achieved + 0.5)) ** 0.9
    return (day + first).astype(np.int32)


def _users_per_interaction(cal: Calibration, sizes: Sizes, day: np.ndarray, recipe_of: np.ndarray,
                           rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """User of every interaction: user activity counts (heavy tail) matched in time, each user
    active over a window that widens with their count; then no repeated (user, recipe)."""
    desc = cal["interactions.per_user.describe"]
    anchors = _count_anchors(desc["pct_users_with_1_interaction"] / 100,
                             [(0.75, desc["75%"] + 0.5), (0.95, desc["95%"] + 0.5), (0.99, desc["99%"] + 0.5)],
                             cal["interactions.per_user.top10"], desc["count"])
    user_count = rng.permutation(_heavy_tail_counts(sizes.users, anchors, sizes.interactions, band_from=0.99,
                                                    cap=max(1, sizes.recipes // MAX_SHARE_DIVISOR), fixed_top=10))
    owner = np.repeat(np.arange(sizes.users), user_count)
    center = rng.random(sizes.users)[owner]
    width = np.minimum(1.0, USER_WINDOW_PER_LOG_COUNT * np.log(user_count))[owner]
    wish = np.abs(center + width * (rng.random(len(owner)) - 0.5))
    wish = 1 - np.abs(1 - wish)  # reflect into [0, 1]
    # Matching on time, tilted so that active users meet popular recipes more often.
    activity = _normal_rank_scores(user_count + rng.random(sizes.users))[owner]
    popularity = _normal_rank_scores(np.bincount(recipe_of) + rng.random(sizes.recipes))[recipe_of]
    time_rank = np.empty(len(day))
    time_rank[np.lexsort((rng.random(len(day)), day))] = _stratified(len(day))
    slot_order = np.argsort(time_rank + POPULAR_TILT * popularity, kind="stable")
    user = np.empty(len(day), dtype=np.int32)
    user[slot_order] = owner[np.argsort(wish + POPULAR_TILT * activity, kind="stable")]
    _resolve_duplicates(recipe_of, user, slot_order, rng, reach=500, what="(user, recipe)")
    return user, user_count


def _ratings(cal: Calibration, user_count: np.ndarray, user: np.ndarray, recipe_of: np.ndarray,
             popularity: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Ratings with the exact real proportions; zeros and low/extreme ratings go preferentially
    to one-time users, high ratings to popular recipes and generous users."""
    n = len(user)
    counts = _allocate([cal["interactions.rating.value_counts"][str(r)] for r in range(6)], n)
    bucket = np.searchsorted(ACTIVITY_BUCKETS, user_count[user])
    rating = np.zeros(n, dtype=np.int8)
    zero = np.zeros(n, dtype=bool)
    zero[_top_k(np.log(np.array(ZERO_RATING_PROPENSITY))[bucket], int(counts[0]), rng)] = True
    quality = RATING_RECIPE_QUALITY * (rng.standard_normal(len(popularity)) + 0.5 * popularity)
    bias = RATING_USER_BIAS * rng.standard_normal(len(user_count))
    score = (quality[recipe_of] + bias[user] + np.array(RATING_SHIFT)[bucket]
             + np.array(RATING_NOISE)[bucket] * rng.standard_normal(n))
    rated = np.flatnonzero(~zero)
    rating[rated] = _assign_by_rank(np.repeat(np.arange(1, 6, dtype=np.int8), counts[1:]), score[rated])
    return rating


def _empty_reviews(cal: Calibration, rating: np.ndarray, scale: float, rng: np.random.Generator) -> np.ndarray:
    """A few reviews are empty, mostly on 5-star ratings (as in the real file)."""
    nulls = cal["interactions.reviews.nulls"]
    by_rating = nulls["by_rating_of_null_reviews"]
    per_rating = np.array([by_rating.get(str(r), 0) for r in range(6)], dtype=float)
    propensity = per_rating / np.maximum(np.bincount(rating, minlength=6), 1)
    empty = np.zeros(len(rating), dtype=bool)
    with np.errstate(divide="ignore"):
        empty[_top_k(np.log(propensity)[rating], int(round(nulls["pandas_isna"] * scale)), rng)] = True
    return empty


def _interactions(cal: Calibration, sizes: Sizes, recipes: Recipes,
                  rngs: dict[str, np.random.Generator]) -> Interactions:
    rng = rngs["interactions"]
    per_recipe = _interactions_per_recipe(cal, sizes, recipes, rng)
    recipe_of = np.repeat(np.arange(sizes.recipes, dtype=np.int32), per_recipe)
    day = _interaction_days(cal, recipes.day, recipe_of, rng)
    user, user_count = _users_per_interaction(cal, sizes, day, recipe_of, rngs["users"])
    popularity = _normal_rank_scores(per_recipe + rng.random(len(per_recipe)))
    rating = _ratings(cal, user_count, user, recipe_of, popularity, rngs["ratings"])
    empty = _empty_reviews(cal, rating, sizes.scale, rngs["ratings"])
    order = np.lexsort((day, recipe_of))
    return Interactions(recipe=recipe_of[order], user=user[order], day=day[order], rating=rating[order],
                        empty_review=empty[order], user_count=user_count)
