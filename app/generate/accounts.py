"""Contributors and account ids."""

from __future__ import annotations

import numpy as np

from app.generate.calibration import Calibration, Sizes
from app.generate.formats import LATE_ID_BASE
from app.generate.interactions import _count_anchors
from app.generate.numeric import _heavy_tail_counts, _top_k

# Contributors and account ids

# Width of a contributor's active period (quantiles of the submission timeline per log(count)).
CONTRIBUTOR_WINDOW_PER_LOG_COUNT = 0.06
# Share of contributors who also review (the real top contributors are top reviewers too).
CONTRIBUTOR_REVIEWER_SHARE = 0.5
# Largest account id of the early (sequential) id system; later accounts get 2,000,000,000+.
EARLY_ID_MAX = 2_900_000


def _contributors(cal: Calibration, sizes: Sizes, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Contributor index of every recipe (recipes in submission order) and recipes per
    contributor: real heavy tail (54.9% post once, top 10 exact at scale 1), matched in time."""
    info = cal["recipes.contributors"]
    n_real = info["n_unique"]
    share_le5 = (info["n_with_1_recipe"] + info["n_with_2_5"]) / n_real
    share_le10 = share_le5 + info["n_with_6_10"] / n_real
    anchors = _count_anchors(
        info["n_with_1_recipe"] / n_real,
        [(share_le5, 6.0), (share_le10, 11.0), (0.95, info["p95"] + 0.5)],
        cal["recipes.contributors.top10"],
        n_real,
    )
    counts = rng.permutation(
        _heavy_tail_counts(sizes.contributors, anchors, sizes.recipes, band_from=0.95, cap=sizes.recipes, fixed_top=10)
    )
    owner = np.repeat(np.arange(sizes.contributors), counts)
    center = rng.random(sizes.contributors)[owner]
    width = np.minimum(1.0, CONTRIBUTOR_WINDOW_PER_LOG_COUNT * np.log(counts))[owner]
    wish = 1 - np.abs(1 - np.abs(center + width * (rng.random(len(owner)) - 0.5)))
    return owner[np.argsort(wish, kind="stable")].astype(np.int32), counts


def _late_accounts(join: np.ndarray, weight: np.ndarray, amount: float) -> np.ndarray:
    """Latest-joined accounts that together own ``amount`` of the rows counted in ``weight``."""
    order = np.argsort(-join, kind="stable")
    late = np.zeros(len(join), dtype=bool)
    late[order[: int(np.searchsorted(np.cumsum(weight[order]), amount))]] = True
    return late


def _id_curve(
    cal: Calibration, join: np.ndarray, late: np.ndarray, rows: np.ndarray, recipes_owned: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Account id (log) against join day, through points placing the row-weighted quartiles of
    user ids (weights: interactions) and contributor ids (weights: recipes) at the real ones."""
    user_desc = cal["interactions.describe"]["user_id"]
    contributor_desc = cal["recipes.describe_numeric"]["contributor_id"]
    order = np.argsort(join, kind="stable")
    points = [
        (float(join[~late].min()), min(user_desc["min"], contributor_desc["min"])),
        (float(join[~late].max()) + 1, EARLY_ID_MAX),
    ]
    for weight, desc in ((rows, user_desc), (recipes_owned, contributor_desc)):
        carried = np.cumsum(weight[order]) / weight.sum()
        for level in (25, 50, 75):
            account = order[np.searchsorted(carried, level / 100)]
            if not late[account]:
                points.append((float(join[account]), desc[f"{level}%"]))
    points.sort()
    days = np.array([p[0] for p in points])
    ids = np.maximum.accumulate(np.array([p[1] for p in points], dtype=float))
    keep = np.r_[True, np.diff(days) > 0]
    return days[keep], np.log(ids[keep])


def _account_ids(
    cal: Calibration,
    sizes: Sizes,
    user_join: np.ndarray,
    user_count: np.ndarray,
    contributor_join: np.ndarray,
    contributor_count: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """user_id of every user and contributor_id of every contributor.

    Half the contributors are also reviewers (the most prolific of both paired up). Ids grow with
    the account's join date; the latest accounts get ids from Food.com's later 2,000,000,000+
    system, as many as the real mean user and contributor ids imply.
    """
    n_linked = round(CONTRIBUTOR_REVIEWER_SHARE * sizes.contributors)
    linked_contributors = _top_k(2.0 * np.log(contributor_count), n_linked, rng)
    busy_users = np.argsort(-(user_count + rng.random(sizes.users)), kind="stable")[: min(3 * n_linked, sizes.users)]
    linked_users = rng.choice(busy_users, min(n_linked, len(busy_users)), replace=False)
    linked_contributors = linked_contributors[: len(linked_users)]
    linked_contributors = linked_contributors[np.argsort(-contributor_count[linked_contributors], kind="stable")]
    linked_users = linked_users[np.argsort(-user_count[linked_users], kind="stable")]
    # Accounts: every user, then the contributors who never review.
    account_of_contributor = np.full(sizes.contributors, -1, dtype=np.int64)
    account_of_contributor[linked_contributors] = linked_users
    solo = np.flatnonzero(account_of_contributor < 0)
    account_of_contributor[solo] = sizes.users + np.arange(len(solo))
    n_accounts = sizes.users + len(solo)
    join = np.empty(n_accounts, dtype=np.int64)
    join[: sizes.users] = user_join
    join[sizes.users :] = contributor_join[solo] - rng.exponential(60.0, len(solo)).astype(np.int64)
    np.minimum.at(join, account_of_contributor, contributor_join)
    rows = np.zeros(n_accounts)
    rows[: sizes.users] = user_count
    recipes_owned = np.zeros(n_accounts)
    recipes_owned[account_of_contributor] = contributor_count
    is_contributor = recipes_owned > 0
    # Late ids: shares of rows implied by the real means (mean id / max id).
    user_desc = cal["interactions.describe"]["user_id"]
    contributor_desc = cal["recipes.describe_numeric"]["contributor_id"]
    late = np.zeros(n_accounts, dtype=bool)
    late[is_contributor] = _late_accounts(
        join[is_contributor],
        recipes_owned[is_contributor],
        contributor_desc["mean"] / contributor_desc["max"] * sizes.recipes,
    )
    reviews_left = user_desc["mean"] / user_desc["max"] * sizes.interactions - rows[late].sum()
    late[~is_contributor] = _late_accounts(join[~is_contributor], rows[~is_contributor], reviews_left)
    ids = np.empty(n_accounts, dtype=np.int64)
    order = np.lexsort((rng.random(n_accounts), join))
    early = order[~late[order]]
    curve_days, curve_ids = _id_curve(cal, join, late, rows, recipes_owned)
    target = np.exp(np.interp(join[early] + rng.random(len(early)), curve_days, curve_ids)).astype(np.int64)
    index = np.arange(len(early))
    ids[early] = np.maximum.accumulate(target - index) + index  # strictly increasing with join date
    late_order = order[late[order]]
    span = int((max(user_desc["max"], contributor_desc["max"]) - LATE_ID_BASE) * max(1.0, sizes.scale))
    ids[late_order] = LATE_ID_BASE + np.sort(rng.choice(span, len(late_order), replace=False))
    return ids[: sizes.users], ids[account_of_contributor]
