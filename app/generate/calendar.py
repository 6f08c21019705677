"""Calendar helpers (dates are int day numbers since 1970-01-01)."""

from __future__ import annotations

import numpy as np

# Calendar helpers (dates are int day numbers since 1970-01-01)


def _day(text: str) -> int:
    return int(np.datetime64(text[:10], "D").astype(np.int64))


def _calendar(days: np.ndarray) -> dict[str, np.ndarray]:
    d = days.astype("datetime64[D]")
    month_start = d.astype("datetime64[M]")
    return {
        "year": d.astype("datetime64[Y]").astype(int) + 1970,
        "month": month_start.astype(int) % 12 + 1,
        "dom": (d - month_start.astype("datetime64[D]")).astype(int) + 1,
        "weekday": (days.astype(np.int64) + 3) % 7,  # 1970-01-01 was a Thursday; Monday = 0
        "doy": (d - d.astype("datetime64[Y]").astype("datetime64[D]")).astype(int),
    }


def _rake(weights: np.ndarray, margins: list[tuple[np.ndarray, np.ndarray]], iterations: int = 60) -> np.ndarray:
    """Iterative proportional fitting: rescale ``weights`` until their sums over each margin's
    groups (``index`` array, ``target`` per group) match the targets."""
    w = weights.astype(float).copy()
    for _ in range(iterations):
        for index, target in margins:
            current = np.bincount(index, w, minlength=len(target))
            w *= np.divide(target, current, out=np.zeros(len(target)), where=current > 0)[index]
    return w


def _day_profile(
    days: np.ndarray, year_totals: dict, total: float, extra: list[tuple[np.ndarray, np.ndarray]], noise: np.ndarray
) -> np.ndarray:
    """Expected count per day: ``noise`` raked to the per-year totals and the ``extra`` margins,
    each margin rescaled to ``total``."""
    calendar = _calendar(days)
    years = np.array(sorted(int(y) for y in year_totals))
    year_index = np.searchsorted(years, calendar["year"])
    year_target = np.array([year_totals[str(y)] for y in years], dtype=float)
    margins = [(index, target / target.sum() * total) for index, target in extra]
    margins.append((year_index, year_target / year_target.sum() * total))
    return _rake(noise, margins)
