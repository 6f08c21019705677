"""Overview analyses: the ratios of the key figures, the busiest month and the rating distribution.

Inputs are the frames of the ``overview/*`` queries: the key figures (one row: ``n_recipes``,
``n_interactions``, ``n_users``, ``n_contributors``, …), reviews per month (``month``,
``n_interactions``, ``mean_rating``) and reviews per rating (``rating`` 0-5, ``n_interactions``).
An analysis with nothing to work on raises ``EmptySelection``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app.errors import EmptySelection


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, None when the denominator is 0."""
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class KpiRatios:
    """The counts of the key figures and their ratios (None where a denominator is 0)."""

    n_recipes: int
    n_interactions: int
    n_users: int
    n_contributors: int

    @property
    def reviews_per_recipe(self) -> float | None:
        return ratio(self.n_interactions, self.n_recipes)

    @property
    def reviews_per_user(self) -> float | None:
        return ratio(self.n_interactions, self.n_users)

    @property
    def recipes_per_contributor(self) -> float | None:
        return ratio(self.n_recipes, self.n_contributors)


def kpi_ratios(kpis: pd.DataFrame) -> KpiRatios:
    """From the key figures' frame (its first row)."""
    counts = kpis[["n_recipes", "n_interactions", "n_users", "n_contributors"]].to_numpy()[0]
    return KpiRatios(*(int(count) for count in counts))


@dataclass(frozen=True)
class PeakMonth:
    """The month with the most reviews (the first of them on a tie) and its number of reviews."""

    month: pd.Timestamp
    n_interactions: int


def peak_month(per_month: pd.DataFrame) -> PeakMonth:
    """From the reviews-per-month frame; EmptySelection without any month."""
    if per_month.empty:
        raise EmptySelection
    peak = int(per_month["n_interactions"].to_numpy().argmax())
    return PeakMonth(pd.Timestamp(per_month["month"].iloc[peak]), int(per_month["n_interactions"].iloc[peak]))


@dataclass(frozen=True)
class RatingShares:
    """Reviews per rating: the ``total``, each rating's ``shares`` (in the frame's order), the most
    frequent rating with its share, and the share without stars (rating 0)."""

    total: int
    shares: pd.Series
    top_rating: int
    top_share: float
    zero_share: float


def rating_shares(per_rating: pd.DataFrame) -> RatingShares:
    """From the reviews-per-rating frame; EmptySelection without any review."""
    total = int(per_rating["n_interactions"].sum())
    if total == 0:
        raise EmptySelection
    counts = per_rating["n_interactions"].to_numpy()
    top = int(counts.argmax())
    zero = int(per_rating.loc[per_rating["rating"] == 0, "n_interactions"].sum())
    return RatingShares(
        total,
        per_rating["n_interactions"] / total,
        int(per_rating["rating"].iloc[top]),
        float(counts[top] / total),
        zero / total,
    )
