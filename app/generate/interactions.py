"""Interactions: reviews per recipe, dates, users and ratings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.generate.calendar import _calendar, _day, _day_profile
from app.generate.calibration import Calibration, Sizes
from app.generate.formats import WEEKDAYS
from app.generate.numeric import (
    _allocate,
    _assign_by_rank,
    _heavy_tail_counts,
    _normal_rank_scores,
    _resolve_duplicates,
    _top_k,
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
# Active users were active in the site's busy years, newcomers wrote most late reviews: the
# density of activity centres changes linearly over the last LATE_TAIL of the interaction
# timeline (2012-2018), falling by LATE_DEPLETION (rising when negative) per bucket of activity
# (upper bounds LATE_BUCKETS). Real PP users' held-out rows: 3% in 2015-2018, against 8% of all
# interactions.
LATE_TAIL = 0.25
LATE_BUCKETS = (1, 2, 10, 60)
LATE_DEPLETION = (-6.0, -6.0, 0.6, 0.9, 1.0)
# User/interaction matching: number of time blocks, and the noise (sd, against normal scores of
# user activity and recipe popularity) of the within-block pairing of active users with popular
# recipes (so PP users cover fewer recipes: real PP_recipes hold 77% of recipes).
MATCH_BLOCKS = 200
MATCH_NOISE = 2.0
# Activity buckets of the real rated_share_by_user_activity statistic (upper bounds).
ACTIVITY_BUCKETS = (1, 10, 60)
# Relative propensity to post a 0 (review without stars) per activity bucket: one-time users
# mostly ask questions or comment (about 30k real users only ever posted zeros).
ZERO_RATING_PROPENSITY = (5.0, 1.3, 0.75, 0.55)
# Rating latent: per-bucket mean shift and noise (one-time users rate lower and more extreme).
RATING_SHIFT = (-0.06, 0.08, 0.0, 0.0)
RATING_NOISE = (1.3, 1.05, 1.0, 0.9)
# Per-user leniency (sd per activity bucket, in units of the rating noise): how alike users are.
# Sets the spread of PP users' mean rating (real 0.72) and the share of users who only ever give
# 5 stars (29.5%); occasional reviewers differ more than regulars.
RATING_USER_LENIENCY = (0.6, 0.85, 0.7, 0.55)
# Fans: a share of users (not one-time ones) who like nearly everything (leniency raised by the
# shift): the real share of all-5-star users is higher than a bell-shaped leniency gives.
RATING_FAN_SHARE = 0.1
RATING_FAN_SHIFT = 1.5
# Per-user habit of posting reviews without stars (sd of a log-propensity): real zeros cluster
# on some users (54% of the most active PP users have one, not nearly all of them).
ZERO_USER_HABIT = 1.2
# Popular recipes draw more comments and questions without stars (log-propensity per log count).
ZERO_POPULARITY_WEIGHT = 0.15
# Per-recipe quality (sd): recipes differ in how well they are liked, beyond their minutes.
RATING_RECIPE_QUALITY = 0.45
# Detailed recipes (more steps) are rated a little higher at equal minutes (the minutes effect,
# fitted below, goes the other way): weight per normal score of n_steps.
RATING_STEPS_WEIGHT = 0.1
# Which recipes attract reviews depends on the recipe: weight of its quality and of its
# (standardised log) minutes in the popularity latent (quick recipes are cooked more often).
POPULARITY_QUALITY_WEIGHT = 0.05
POPULARITY_MINUTES_WEIGHT = -0.1
# Minutes buckets of the joint calibration (pd.cut upper bounds; 0 and > 480 minutes join the
# nearest bucket) and the fixed-point rounds that fit the rating shifts per minutes bucket and
# per month to the real mean ratings (rank allocation keeps the rating counts exact).
MINUTES_BUCKET_EDGES = (30, 60, 120, 240)
MINUTES_BUCKET_MAX = 480
RATING_FIT_ROUNDS = 8
RATING_FIT_GAIN = 2.0  # latent shift per unit of mean rating missed (inverse slope, damped)


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
    tail = [
        (1 - (rank - 0.5) / n_real, count + 0.5)
        for rank, count in zip(range(len(top_counts), 0, -1), top_counts, strict=True)
    ]
    return [(0.0, 1.0), (head_share - 1e-9, 1.999), (head_share, 2.0), *middle, *tail]


def _interactions_per_recipe(
    cal: Calibration, sizes: Sizes, recipes: Recipes, quality: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    desc = cal["interactions.per_recipe.describe"]
    anchors = _count_anchors(
        RECIPE_SHARE_ONE_INTERACTION, [(0.75, desc["75%"] + 0.5)], cal["interactions.per_recipe.top10"], desc["count"]
    )
    counts = _heavy_tail_counts(
        sizes.recipes,
        anchors,
        sizes.interactions,
        band_from=0.75,
        cap=max(1, sizes.users // MAX_SHARE_DIVISOR),
        fixed_top=10,
    )
    age = (recipes.day.max() - recipes.day).astype(float)
    log_minutes = np.log1p(np.minimum(recipes.minutes, MINUTES_BUCKET_MAX * 100))
    latent = (
        RECIPE_AGE_WEIGHT * (age - age.mean()) / age.std()
        + POPULARITY_QUALITY_WEIGHT * quality
        + POPULARITY_MINUTES_WEIGHT * (log_minutes - log_minutes.mean()) / log_minutes.std()
        + rng.standard_normal(len(age))
    )
    return _assign_by_rank(counts, latent)


def _interaction_days(
    cal: Calibration, submitted: np.ndarray, recipe_of: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
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
    target = _day_profile(
        days,
        cal["interactions.per_year_APPROX"],
        n,
        [(calendar["month"] - 1, month_target), (calendar["weekday"], weekday_target)],
        np.ones(len(days)),
    )
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


def _activity_centres(user_count: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Centre of each user's active period in timeline quantiles: uniform, except that the
    density changes linearly over the last LATE_TAIL by the depletion of the user's activity bucket."""
    u = rng.random(len(user_count))
    bucket = np.searchsorted(LATE_BUCKETS, user_count)
    grid = np.linspace(0.0, 1.0, 1001)
    into_tail = np.clip(grid - (1 - LATE_TAIL), 0.0, None)
    centre = np.empty(len(user_count))
    for b, depletion in enumerate(LATE_DEPLETION):
        cdf = grid - depletion * into_tail**2 / (2 * LATE_TAIL)
        mine = bucket == b
        centre[mine] = np.interp(u[mine] * cdf[-1], cdf, grid)
    return centre


def _users_per_interaction(
    cal: Calibration, sizes: Sizes, day: np.ndarray, recipe_of: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """User of every interaction: user activity counts (heavy tail) matched in time, each user
    active over a window that widens with their count; then no repeated (user, recipe)."""
    desc = cal["interactions.per_user.describe"]
    anchors = _count_anchors(
        desc["pct_users_with_1_interaction"] / 100,
        [(0.75, desc["75%"] + 0.5), (0.95, desc["95%"] + 0.5), (0.99, desc["99%"] + 0.5)],
        cal["interactions.per_user.top10"],
        desc["count"],
    )
    user_count = rng.permutation(
        _heavy_tail_counts(
            sizes.users,
            anchors,
            sizes.interactions,
            band_from=0.99,
            cap=max(1, sizes.recipes // MAX_SHARE_DIVISOR),
            fixed_top=10,
        )
    )
    owner = np.repeat(np.arange(sizes.users), user_count)
    center = _activity_centres(user_count, rng)[owner]
    width = np.minimum(1.0, USER_WINDOW_PER_LOG_COUNT * np.log(user_count))[owner]
    wish = np.abs(center + width * (rng.random(len(owner)) - 0.5))
    wish = 1 - np.abs(1 - wish)  # reflect into [0, 1]
    # Matching on time: slots and wishes are cut into MATCH_BLOCKS consecutive blocks of equal
    # size (by time); within a block, active users meet popular recipes more often (noisy
    # ranks; users below the median activity are neutral, so one-time users are not sent to
    # obscure recipes). Matching inside blocks keeps each user's interactions in their period.
    activity = np.maximum(_normal_rank_scores(user_count + rng.random(sizes.users)), 0.0)[owner]
    popularity = _normal_rank_scores(np.bincount(recipe_of) + rng.random(sizes.recipes))[recipe_of]
    n = len(day)
    block = np.arange(n) * MATCH_BLOCKS // n
    by_time = np.lexsort((rng.random(n), day))
    slot_order = by_time[np.lexsort((popularity[by_time] + MATCH_NOISE * rng.standard_normal(n), block))]
    by_wish = np.argsort(wish, kind="stable")
    wish_order = by_wish[np.lexsort((activity[by_wish] + MATCH_NOISE * rng.standard_normal(n), block))]
    user = np.empty(n, dtype=np.int32)
    user[slot_order] = owner[wish_order]
    _resolve_duplicates(recipe_of, user, slot_order, rng, reach=500, what="(user, recipe)")
    return user, user_count


def _minutes_bucket(minutes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bucket of the joint calibration per recipe, and whether the real statistic counts it
    (pd.cut over (0, 30], ..., (240, 480] leaves out 0 and > 480 minutes)."""
    return (
        np.searchsorted(MINUTES_BUCKET_EDGES, minutes, side="left"),
        (minutes > 0) & (minutes <= MINUTES_BUCKET_MAX),
    )


def _zero_month_factor(cal: Calibration) -> np.ndarray:
    """Relative share of ratings without stars per month (real: most in winter)."""
    total = np.array([cal["interactions.per_month"][str(m)] for m in range(1, 13)], dtype=float)
    nonzero = np.array([cal["interactions.nonzero.per_month"][str(m)]["n"] for m in range(1, 13)], dtype=float)
    share = 1 - nonzero / total
    return share / share.mean()


def _group_means(values: np.ndarray, group: np.ndarray, size: int) -> np.ndarray:
    return np.bincount(group, values, minlength=size) / np.maximum(np.bincount(group, minlength=size), 1)


def _ratings(
    cal: Calibration,
    user_count: np.ndarray,
    user: np.ndarray,
    recipe_of: np.ndarray,
    day: np.ndarray,
    minutes: np.ndarray,
    n_steps: np.ndarray,
    quality: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Ratings with the exact real proportions, from a latent score: recipe quality (own + steps)
    + a shift per minutes bucket + user leniency + a shift per month + noise. Zeros go preferentially to
    one-time users and to the months where the real data has more of them; the shifts are fitted
    so that the mean rating (zeros included) per month and per minutes bucket are the real ones."""
    n = len(user)
    counts = _allocate([cal["interactions.rating.value_counts"][str(r)] for r in range(6)], n)
    bucket = np.searchsorted(ACTIVITY_BUCKETS, user_count[user])
    month = _calendar(day)["month"] - 1
    rating = np.zeros(n, dtype=np.int8)
    zero = np.zeros(n, dtype=bool)
    habit = ZERO_USER_HABIT * rng.standard_normal(len(user_count))
    per_recipe = np.bincount(recipe_of, minlength=len(quality))
    zero_log_weight = (
        np.log(np.array(ZERO_RATING_PROPENSITY))[bucket]
        + np.log(_zero_month_factor(cal))[month]
        + habit[user]
        + ZERO_POPULARITY_WEIGHT * np.log(per_recipe[recipe_of])
    )
    zero[_top_k(zero_log_weight, int(counts[0]), rng)] = True
    user_bucket = np.searchsorted(ACTIVITY_BUCKETS, user_count)
    leniency = np.array(RATING_USER_LENIENCY)[user_bucket] * rng.standard_normal(len(user_count))
    leniency += RATING_FAN_SHIFT * ((rng.random(len(user_count)) < RATING_FAN_SHARE) & (user_bucket > 0))
    recipe_score = RATING_RECIPE_QUALITY * quality + RATING_STEPS_WEIGHT * _normal_rank_scores(n_steps)
    base = (
        recipe_score[recipe_of]
        + leniency[user]
        + np.array(RATING_SHIFT)[bucket]
        + np.array(RATING_NOISE)[bucket] * rng.standard_normal(n)
    )
    month_target = np.array([cal["interactions.mean_rating_per_month_incl_zeros"][str(m)] for m in range(1, 13)])
    minutes_bucket, counted = _minutes_bucket(minutes)
    minutes_target = np.array(list(cal["join.mean_rating_by_minutes_bucket"].values()))
    inter_bucket = minutes_bucket[recipe_of]
    inter_counted = counted[recipe_of]
    month_shift = np.zeros(12)
    minutes_shift = np.zeros(len(minutes_target))
    rated = np.flatnonzero(~zero)
    values = np.repeat(np.arange(1, 6, dtype=np.int8), counts[1:])
    for round_ in range(RATING_FIT_ROUNDS + 1):
        score = base + month_shift[month] + minutes_shift[inter_bucket]
        rating[rated] = _assign_by_rank(values, score[rated])
        if round_ == RATING_FIT_ROUNDS:
            break
        # Targets are relative: the overall mean is fixed by the exact rating counts.
        by_month = _group_means(rating.astype(float), month, 12)
        miss = month_target - by_month
        month_shift += RATING_FIT_GAIN * (miss - miss @ np.bincount(month, minlength=12) / n)
        by_bucket = _group_means(rating[inter_counted].astype(float), inter_bucket[inter_counted], len(minutes_target))
        weight = np.bincount(inter_bucket[inter_counted], minlength=len(minutes_target))
        miss = minutes_target - by_bucket
        minutes_shift += RATING_FIT_GAIN * (miss - miss @ weight / weight.sum())
    return rating


def _empty_reviews(cal: Calibration, rating: np.ndarray, scale: float, rng: np.random.Generator) -> np.ndarray:
    """A few reviews are empty, mostly on 5-star ratings (as in the real file)."""
    nulls = cal["interactions.reviews.nulls"]
    by_rating = nulls["by_rating_of_null_reviews"]
    per_rating = np.array([by_rating.get(str(r), 0) for r in range(6)], dtype=float)
    propensity = per_rating / np.maximum(np.bincount(rating, minlength=6), 1)
    empty = np.zeros(len(rating), dtype=bool)
    with np.errstate(divide="ignore"):
        empty[_top_k(np.log(propensity)[rating], round(nulls["pandas_isna"] * scale), rng)] = True
    return empty


def _interactions(
    cal: Calibration, sizes: Sizes, recipes: Recipes, rngs: dict[str, np.random.Generator]
) -> Interactions:
    rng = rngs["interactions"]
    quality = rngs["ratings"].standard_normal(sizes.recipes)
    per_recipe = _interactions_per_recipe(cal, sizes, recipes, quality, rng)
    recipe_of = np.repeat(np.arange(sizes.recipes, dtype=np.int32), per_recipe)
    day = _interaction_days(cal, recipes.day, recipe_of, rng)
    user, user_count = _users_per_interaction(cal, sizes, day, recipe_of, rngs["users"])
    rating = _ratings(cal, user_count, user, recipe_of, day, recipes.minutes, recipes.n_steps, quality, rngs["ratings"])
    empty = _empty_reviews(cal, rating, sizes.scale, rngs["ratings"])
    order = np.lexsort((day, recipe_of))
    return Interactions(
        recipe=recipe_of[order],
        user=user[order],
        day=day[order],
        rating=rating[order],
        empty_review=empty[order],
        user_count=user_count,
    )
