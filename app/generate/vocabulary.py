"""Tag and ingredient vocabularies with their frequency profiles."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.generate.calibration import Calibration
from app.generate.pools import (
    DESSERT_ONLY_WORDS,
    FALLBACK_INGREDIENTS,
    INGREDIENT_MODIFIERS,
    NON_KEY_WORDS,
    PANTRY_STAPLES,
    SAVOURY_ONLY,
    SWEET_WORDS,
    TAG_RANKED,
)

# Vocabularies


@dataclass(frozen=True)
class Vocabulary:
    """Tags and ingredients with their frequency at scale 1, plus per-ingredient attributes."""

    tags: tuple[str, ...]
    tag_counts: np.ndarray  # occurrences at scale 1, in rank order
    ingredients: tuple[str, ...]
    ingredient_counts: np.ndarray  # recipes using the ingredient at scale 1
    ingredient_ids: np.ndarray  # PP_recipes ingredient id (variants share their base's id)
    sweetness: np.ndarray  # -1 savoury .. 1 sweet
    short_names: tuple[str, ...]  # one or two words used in recipe names
    nameable: np.ndarray  # False for pantry staples and odd strings
    kind: np.ndarray  # -1 savoury only, 1 desserts only, 0 either (int8)


def _log_log_profile(ranks: np.ndarray, anchors: list[tuple[float, float]]) -> np.ndarray:
    """Counts by rank, linear in log(count) against log(rank) between anchors."""
    ax = np.log([a[0] for a in anchors])
    ay = np.log([a[1] for a in anchors])
    return np.exp(np.interp(np.log(ranks), ax, ay))


def _solve_mid_anchor(
    ranks: np.ndarray, before: tuple, after: list, mid_rank: int, target: float, fixed: float
) -> np.ndarray:
    """Profile through ``before``, (mid_rank, c) and ``after`` anchors, c chosen so that the
    profile plus ``fixed`` sums to ``target`` (bisection in log space)."""
    lo, hi = math.log(after[0][1]), math.log(before[1])
    for _ in range(60):
        mid = (lo + hi) / 2
        total = fixed + _log_log_profile(ranks, [before, (mid_rank, math.exp(mid)), *after]).sum()
        lo, hi = (mid, hi) if total < target else (lo, mid)
    return _log_log_profile(ranks, [before, (mid_rank, math.exp(lo)), *after])


def _tag_vocabulary(cal: Calibration) -> tuple[tuple[str, ...], np.ndarray]:
    top = cal["recipes.tags.top30"]
    summary = cal["recipes.tags.summary"]
    rarity = cal["recipes.tags.rarity_buckets_231636"]
    names = (*top, *TAG_RANKED, "")
    if len(names) != summary["n_unique"]:
        raise ValueError(f"tag vocabulary has {len(names)} names, calibration says {summary['n_unique']}")
    # Last rank of each rarity bucket (most frequent bucket first).
    last_gt1000 = rarity[">1000"]
    last_gt100 = last_gt1000 + rarity["101-1000"]
    last_gt20 = last_gt100 + rarity["21-100"]
    last_gt5 = last_gt20 + rarity["6-20"]
    last_gt1 = last_gt5 + rarity["2-5"]
    top_counts = np.array(list(top.values()), dtype=float)
    ranks = np.arange(len(top) + 1, last_gt1 + 1)
    after = [
        (summary["n_tags_ge_15000"], 15000),
        (summary["n_tags_ge_5000"], 5000),
        (last_gt1000, 1001),
        (last_gt100, 101),
        (last_gt20, 21),
        (last_gt5, 6),
        (last_gt1, 2),
    ]
    ones = len(names) - last_gt1
    middle = _solve_mid_anchor(
        ranks, (len(top), top_counts[-1]), after, len(top) + 15, summary["total_occurrences"], top_counts.sum() + ones
    )
    return names, np.concatenate([top_counts, middle, np.ones(ones)])


def _ingredient_sweetness(name: str) -> float:
    weights = [w for word, w in SWEET_WORDS.items() if word in name]
    return float(np.mean(weights)) if weights else 0.0


def _ingredient_kind(name: str, sweetness: float) -> int:
    if any(word in name for word in DESSERT_ONLY_WORDS):
        return 1
    return -1 if sweetness <= SAVOURY_ONLY and "sweet" not in name else 0


def _spelling_distance(raw: str, canonical: str) -> int:
    """0 when ``raw`` is the canonical name (maybe plural), 1 when it contains its words, else 2."""
    stem = {w.rstrip("s") for w in raw.split()}
    if raw.rstrip("s") == canonical.rstrip("s"):
        return 0
    return 1 if {w.rstrip("s") for w in canonical.split()} <= stem else 2


def _base_ingredient_names(cal: Calibration, rng: np.random.Generator) -> tuple[list[str], dict[str, int]]:
    """Real raw ingredient strings (ingr_map) most popular first, with their PP ids; else the
    built-in list. The calibration's named ingredients always come first."""
    named = [*cal["recipes.ingredients.top30"], *cal["recipes.ingredients.more_counts"]]
    if cal.ingr_map is not None:
        table = cal.ingr_map.assign(
            likeness=[
                _spelling_distance(r, c)
                for r, c in zip(cal.ingr_map["raw_ingr"], cal.ingr_map["replaced"], strict=True)
            ],
            length=cal.ingr_map["raw_ingr"].str.len(),
            noise=rng.random(len(cal.ingr_map)),
        )
        # A canonical ingredient's frequency goes mostly to its plainest raw spellings, minus
        # what the calibration's named spellings of it already take.
        table = table.sort_values(["replaced", "likeness", "length", "noise"], kind="stable")
        groups = table["replaced"].to_numpy()
        within = table.groupby("replaced").cumcount().to_numpy()
        share = 1.0 / (within + 1.0) ** 1.5
        share /= pd.Series(share).groupby(groups).transform("sum").to_numpy()
        named_counts = {**cal["recipes.ingredients.top30"], **cal["recipes.ingredients.more_counts"]}
        taken = pd.Series(table["raw_ingr"].map(named_counts).fillna(0).to_numpy()).groupby(groups)
        left = np.maximum(0.05, 1 - taken.transform("sum").to_numpy() / table["count"].to_numpy())
        score = table["count"].to_numpy() * left * share * rng.lognormal(0.0, 0.5, len(table))
        ordered = table["raw_ingr"].to_numpy()[np.argsort(-score, kind="stable")]
        ids = dict(zip(table["raw_ingr"], table["id"].astype(int), strict=True))
    else:
        ordered = np.array(FALLBACK_INGREDIENTS, dtype=object)
        ids = {}
    names = list(dict.fromkeys([*named, *ordered.tolist()]))
    next_id = max(ids.values(), default=-1) + 1
    for name in names:
        if name not in ids:
            ids[name] = next_id
            next_id += 1
    return names, ids


def _ingredient_variants(
    bases: list[str], taken: set[str], needed: int, rng: np.random.Generator
) -> list[tuple[str, str]]:
    """``needed`` new (name, base) pairs "modifier(s) + base" in seeded order, built on the
    popular plain bases (one or two words, no modifier of their own)."""
    modifiers = set(" ".join(INGREDIENT_MODIFIERS).split())
    plain = [
        b
        for b in bases[:3000]
        if len(b.split()) <= 2 and b.replace(" ", "").isalpha() and not modifiers & set(b.split())
    ]
    out: list[tuple[str, str]] = []
    for n_modifiers in (1, 2, 3):
        picks = rng.integers(0, len(INGREDIENT_MODIFIERS), (needed * 4, n_modifiers)).tolist()
        for row, b in zip(picks, rng.integers(0, len(plain), needed * 4).tolist(), strict=True):
            name = " ".join([*(INGREDIENT_MODIFIERS[m] for m in sorted(set(row))), plain[b]])
            if name not in taken:
                taken.add(name)
                out.append((name, plain[b]))
                if len(out) == needed:
                    return out
    raise RuntimeError("ingredient vocabulary could not be completed")


def _ingredient_vocabulary(cal: Calibration, rng: np.random.Generator) -> dict:
    summary = cal["recipes.ingredients.summary"]
    rarity = cal["recipes.ingredients.rarity_231636"]
    top = cal["recipes.ingredients.top30"]
    extra = cal["recipes.ingredients.more_counts"]
    size = summary["n_unique"]
    names, ids = _base_ingredient_names(cal, rng)
    names = names[:size]
    for name, base in _ingredient_variants(names, set(names), size - len(names), rng):
        names.append(name)
        ids[name] = ids[base]
    # Frequency profile by rank: top 30 exact, then log-log down to the rarity anchors (the
    # extra anchors make rounding land exactly on the "used <= 5" and "used once" shares).
    last_gt5 = size - rarity["used_le_5"]
    last_gt1 = size - rarity["used_once"]
    top_counts = np.array(list(top.values()), dtype=float)
    ranks = np.arange(len(top) + 1, last_gt1 + 1)
    profile = _solve_mid_anchor(
        ranks,
        (len(top), top_counts[-1]),
        [(last_gt5, 6), (last_gt5 + 1, 5.45), (last_gt1, 1.55)],
        400,
        summary["total_occurrences"],
        top_counts.sum() + size - last_gt1,
    )
    counts = np.round(np.concatenate([top_counts, profile, np.ones(size - last_gt1)]))
    # Named extra ingredients take the rank whose profile count is closest to theirs.
    free = np.ones(size, dtype=bool)
    free[: len(top)] = False
    slots: dict[int, str] = {}
    for name, count in sorted(extra.items(), key=lambda kv: -kv[1]):
        candidates = np.flatnonzero(free)
        rank = int(candidates[np.argmin(np.abs(counts[candidates] - count))])
        slots[rank] = name
        counts[rank] = count
        free[rank] = False
    others = iter(n for n in names[len(top) :] if n not in extra)
    ranked = [*top, *(slots.get(r) or next(others) for r in range(len(top), size))]
    return {"names": ranked, "counts": counts, "ids": ids}


def _build_vocabulary(cal: Calibration, rng: np.random.Generator) -> Vocabulary:
    tags, tag_counts = _tag_vocabulary(cal)
    ingredients = _ingredient_vocabulary(cal, rng)
    names = ingredients["names"]
    short = tuple(" ".join(n.split()[-2:]) for n in names)
    nameable = np.array(
        [
            n not in PANTRY_STAPLES
            and len(n.split()) <= 3
            and not NON_KEY_WORDS & set(n.split())
            and n.replace(" ", "").replace("-", "").isalpha()
            for n in names
        ]
    )
    sweetness = np.array([_ingredient_sweetness(n) for n in names])
    return Vocabulary(
        tags=tags,
        tag_counts=tag_counts,
        ingredients=tuple(names),
        ingredient_counts=ingredients["counts"],
        ingredient_ids=np.array([ingredients["ids"][n] for n in names]),
        sweetness=sweetness,
        short_names=short,
        nameable=nameable,
        kind=np.array([_ingredient_kind(n, s) for n, s in zip(names, sweetness, strict=True)], dtype=np.int8),
    )
