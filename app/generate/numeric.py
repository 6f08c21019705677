"""Numeric helpers: stratified quantiles, heavy tails, rank assignment, duplicate resolution."""

from __future__ import annotations

import math

import numpy as np
from scipy.special import ndtri

# Numeric helpers


def _allocate(weights, total: int, rng: np.random.Generator | None = None) -> np.ndarray:
    """Integers proportional to ``weights`` that sum exactly to ``total`` (largest remainder;
    ``rng`` breaks ties between equal remainders randomly instead of by position)."""
    w = np.asarray(weights, dtype=float)
    quota = w / w.sum() * total
    base = np.floor(quota).astype(np.int64)
    remainder = quota - base
    if rng is not None:
        remainder = remainder + rng.random(len(w)) * 1e-9
    short = int(total - base.sum())
    if short:
        base[np.argsort(-remainder, kind="stable")[:short]] += 1
    return base


def _stratified(n: int) -> np.ndarray:
    """Evenly spaced probabilities (i + 0.5) / n: exact marginals without sampling noise."""
    return (np.arange(n) + 0.5) / n


def _tail_quantile(u: np.ndarray, anchors: list[tuple[float, float]]) -> np.ndarray:
    """Quantile function through (probability, value) anchors, linear in log(value) against
    -log(1 - u) (a Pareto tail is a straight line), extrapolating the last segment."""
    ax = -np.log1p(-np.array([a[0] for a in anchors]))
    ay = np.log([a[1] for a in anchors])
    x = -np.log1p(-np.asarray(u, dtype=float))
    y = np.interp(x, ax, ay)
    beyond = x > ax[-1]
    slope = (ay[-1] - ay[-2]) / (ax[-1] - ax[-2])
    y[beyond] = ay[-1] + slope * (x[beyond] - ax[-1])
    return np.exp(y)


def _heavy_tail_counts(
    n: int, anchors: list[tuple[float, float]], total: int, band_from: float, cap: int, fixed_top: int = 0
) -> np.ndarray:
    """``n`` integer counts in [1, cap], ascending, read from an anchored quantile function
    (anchor values carry +0.5 so that flooring hits them) and adjusted to sum to ``total``.

    Only the band of probabilities above ``band_from`` (the last anchored quantile) is scaled,
    and the ``fixed_top`` largest counts are left alone, so the anchored quantiles and the real
    maxima (top-10 anchors) survive at scale 1. At small scales the band must carry the mass of
    the missing extreme tail; ``cap`` keeps it feasible (a user cannot review more recipes than
    exist).
    """
    raw = _tail_quantile(_stratified(n), anchors)
    band = np.zeros(n, dtype=bool)
    band[min(int(np.ceil(n * band_from)), n - 1) : max(n - fixed_top, 1)] = True
    if not band.any():
        band[:] = True
    if n * cap < total:
        raise ValueError(f"cannot spread {total} rows over {n} owners of at most {cap}")

    def floored(factor: float) -> np.ndarray:
        return np.clip(np.floor(np.where(band, raw * factor, raw)), 1, cap)

    lo, hi = 1e-3, 1e6
    for _ in range(100):
        mid = math.sqrt(lo * hi)
        lo, hi = (mid, hi) if floored(mid).sum() < total else (lo, mid)
    counts = floored(lo).astype(np.int64)
    # The last units go to (or come from) the largest counts of the band, one each, in [1, cap].
    order = np.flatnonzero(band)[::-1]
    order = np.concatenate([order, np.flatnonzero(~band)[::-1]])
    while (short := int(total - counts.sum())) != 0:
        room = order[counts[order] < cap] if short > 0 else order[counts[order] > 1]
        take = room[: abs(short)]
        counts[take] += 1 if short > 0 else -1
    return np.sort(counts)


def _assign_by_rank(sorted_values: np.ndarray, latent: np.ndarray) -> np.ndarray:
    """Give the i-th smallest value to the row with the i-th smallest latent score."""
    out = np.empty_like(sorted_values)
    out[np.argsort(latent, kind="stable")] = sorted_values
    return out


def _top_k(log_weights: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """Weighted sample of ``k`` distinct indices without replacement (Gumbel top-k), sorted."""
    n = len(log_weights)
    if k >= n:
        return np.arange(n)
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    keys = log_weights - np.log(-np.log(rng.random(n)))
    return np.sort(np.argpartition(-keys, k - 1)[:k])


def _normal_rank_scores(values: np.ndarray) -> np.ndarray:
    """Normal scores of the ranks of ``values`` (ties broken by position)."""
    ranks = np.empty(len(values))
    ranks[np.argsort(values, kind="stable")] = _stratified(len(values))
    return ndtri(ranks)


def _segments(ptr: np.ndarray) -> np.ndarray:
    """Owner index of each element of a ragged array given its offsets ``ptr`` (len n + 1)."""
    return np.repeat(np.arange(len(ptr) - 1), np.diff(ptr))


def _resolve_duplicates(
    owner: np.ndarray, item: np.ndarray, order: np.ndarray, rng: np.random.Generator, reach: int, what: str
) -> None:
    """Make (owner, item) pairs unique in place by swapping ``item`` between slots.

    A duplicated slot swaps its item with a random slot at most ``reach`` positions away in
    ``order`` (slots sorted by the latent the matching was made on; the reach doubles every 8
    rounds), so swaps barely disturb that matching; counts per owner and per item are
    preserved exactly.
    """
    position = np.empty(len(order), dtype=np.int64)
    position[order] = np.arange(len(order))
    key_base = int(item.max()) + 1
    check = np.arange(len(owner))  # slots whose owner may hold a duplicate
    for attempt in range(200):
        key = owner[check].astype(np.int64) * key_base + item[check]
        sort = np.argsort(key, kind="stable")
        dup = check[sort[1:][key[sort][1:] == key[sort][:-1]]]
        if len(dup) == 0:
            return
        touched = np.zeros(int(owner.max()) + 1, dtype=bool)
        touched[owner[dup]] = True
        # Stubborn duplicates (a busy item crowding a busy owner) look further away.
        span = min(reach * 2 ** (attempt // 8), len(order))
        offset = rng.integers(1, span + 1, len(dup)) * rng.choice((-1, 1), len(dup))
        partner = order[(position[dup] + offset) % len(order)]
        ok = (owner[partner] != owner[dup]) & (item[partner] != item[dup]) & ~np.isin(partner, dup)
        dup, partner = dup[ok], partner[ok]
        _, first = np.unique(partner, return_index=True)
        dup, partner = dup[first], partner[first]
        item[dup], item[partner] = item[partner], item[dup].copy()
        # Only owners that kept or received a swapped item can hold a duplicate next round.
        touched[owner[partner]] = True
        check = np.flatnonzero(touched[owner])
    raise RuntimeError(f"could not make {what} pairs unique")
