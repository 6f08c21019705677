"""Train / validation / test splits (PP_users, PP_recipes, interactions_*)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.generate.calibration import Sizes
from app.generate.interactions import Interactions

# Train / validation / test splits (PP_users, PP_recipes, interactions_*)

# PP users are drawn among users with at least this many interactions, favouring active ones
# (log-weight per log count): gives the real n_items quartiles (3, 6, 16) and train size.
PP_MIN_INTERACTIONS = 3
PP_ACTIVITY_WEIGHT = 0.3
# Held-out rows are drawn at random among a user's interactions, not the latest ones (the real
# split is not chronological: a user's test row is dated on or after their validation row for
# only 54% of users), preferring recipes few others reviewed (log-weight per log count of the
# recipe's interactions), as the held-out recipes must stay out of every user's train rows.
HELD_OUT_RARITY_WEIGHT = 1.0
# Relative weight of a row in that draw by its rating (0-5): the real held-out rows are rated lower
# than the same users' train rows (real interactions_test.csv: mean 4.21, 5.5% zeros, 61% fives;
# interactions_train: mean 4.57, 2.4% zeros, 74% fives), so low ratings are held out more often.
# Started from the ratio of those real shares (2.3, 4.2, 2.6, 1.8, 1.2, 0.8), then adjusted to the
# real test shares (generated ones are more spread over low ratings); drawing without regard to the
# rating gave held-out means of 4.40-4.45.
HELD_OUT_RATING_WEIGHT = (2.0, 2.5, 2.6, 2.2, 1.35, 0.8)


@dataclass
class Splits:
    """Rows (indices into Interactions) of each split and the PP indexing of users/recipes."""

    train: np.ndarray
    validation: np.ndarray
    test: np.ndarray
    u_of_user: np.ndarray  # -1 for users outside PP_users
    i_of_recipe: np.ndarray  # -1 for recipes outside PP_recipes


def _splits(sizes: Sizes, inter: Interactions, rng: np.random.Generator) -> Splits:
    """Test and validation = two interactions drawn at random (weighted towards rarely reviewed
    recipes and low ratings) among each chosen PP user's; a user with a single held-out row keeps the first one.
    Train = their other interactions on recipes that appear in no test or validation row (as in
    the real split, recipe sets are disjoint). Users left with fewer than 2 train rows are
    swapped for other candidates until none is."""
    per_recipe = np.bincount(inter.recipe)
    # Weighted draw without replacement per user (Efraimidis-Spirakis keys, weight by rating / count^w):
    # a user's rows sorted by key, the last two (largest keys) are the first two draws.
    rarity = per_recipe[inter.recipe].astype(float) ** HELD_OUT_RARITY_WEIGHT
    weight = np.array(HELD_OUT_RATING_WEIGHT)[inter.rating] / rarity
    key = np.log(rng.random(len(inter.user))) / weight
    by_user = np.lexsort((key, inter.user))
    user_ptr = np.concatenate([[0], np.cumsum(np.bincount(inter.user, minlength=sizes.users))])
    count = inter.user_count
    eligible = np.flatnonzero(count >= PP_MIN_INTERACTIONS)
    key = PP_ACTIVITY_WEIGHT * np.log(count[eligible]) - np.log(-np.log(rng.random(len(eligible))))
    candidates = eligible[np.argsort(-key, kind="stable")]
    chosen = candidates[: sizes.pp_users].copy()
    spare = list(candidates[sizes.pp_users :][::-1])
    # Role of each chosen slot: 0 train only, 1 test only, 2 validation only, 3 both.
    roles = np.zeros(sizes.pp_users, dtype=np.int8)
    slots = rng.permutation(sizes.pp_users)
    n_both, n_test, n_val = sizes.test_and_validation, sizes.test, sizes.validation
    roles[slots[:n_both]] = 3
    roles[slots[n_both:n_test]] = 1
    roles[slots[n_test : n_test + n_val - n_both]] = 2
    for _ in range(100):
        last = by_user[user_ptr[chosen + 1] - 1]
        before_last = by_user[user_ptr[chosen + 1] - 2]
        test = last[(roles == 1) | (roles == 3)]
        validation = np.concatenate([before_last[roles == 3], last[roles == 2]])
        held_out = np.zeros(sizes.recipes, dtype=bool)
        held_out[inter.recipe[np.concatenate([test, validation])]] = True
        in_pp = np.zeros(sizes.users, dtype=bool)
        in_pp[chosen] = True
        is_eval = np.zeros(len(inter.user), dtype=bool)
        is_eval[test] = is_eval[validation] = True
        train = np.flatnonzero(in_pp[inter.user] & ~is_eval & ~held_out[inter.recipe])
        n_train = np.bincount(inter.user[train], minlength=sizes.users)[chosen]
        short = np.flatnonzero(n_train < 2)
        if len(short) == 0:
            break
        if len(spare) < len(short):
            raise RuntimeError("not enough active users for the PP split")
        chosen[short] = [spare.pop() for _ in short]
    else:
        raise RuntimeError("PP split did not converge")
    u_of_user = np.full(sizes.users, -1, dtype=np.int64)
    u_of_user[chosen] = rng.permutation(sizes.pp_users)
    # i follows the recipe's last PP interaction, so held-out recipes get late indices.
    rows = np.concatenate([train, validation, test])
    last_day = np.full(sizes.recipes, -1, dtype=np.int64)
    np.maximum.at(last_day, inter.recipe[rows], inter.day[rows])
    pp_recipes = np.flatnonzero(last_day >= 0)
    i_of_recipe = np.full(sizes.recipes, -1, dtype=np.int64)
    i_of_recipe[pp_recipes[np.lexsort((pp_recipes, last_day[pp_recipes]))]] = np.arange(len(pp_recipes))
    return Splits(train=train, validation=validation, test=test, u_of_user=u_of_user, i_of_recipe=i_of_recipe)
