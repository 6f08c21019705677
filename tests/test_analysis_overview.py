"""app.analysis.overview alone: small hand-made frames with known answers."""

from __future__ import annotations

import pandas as pd
import pytest

from app.analysis import overview as analysis
from app.errors import EmptySelection


def test_kpi_ratios_and_zero_denominators():
    kpis = analysis.kpi_ratios(
        pd.DataFrame(
            {
                "n_recipes": [3],
                "n_interactions": [4],
                "n_users": [3],
                "n_contributors": [2],
                "mean_rating_with_zeros": [3.5],
            }
        )
    )
    assert (kpis.n_recipes, kpis.n_interactions, kpis.n_users, kpis.n_contributors) == (3, 4, 3, 2)
    assert kpis.reviews_per_recipe == pytest.approx(4 / 3) and kpis.reviews_per_user == pytest.approx(4 / 3)
    assert kpis.recipes_per_contributor == pytest.approx(1.5)
    none = analysis.kpi_ratios(
        pd.DataFrame({"n_recipes": [0], "n_interactions": [0], "n_users": [0], "n_contributors": [0]})
    )
    assert (none.reviews_per_recipe, none.reviews_per_user, none.recipes_per_contributor) == (None, None, None)


def test_peak_month_is_the_first_busiest():
    months = pd.to_datetime(["2003-01-01", "2003-02-01", "2003-03-01", "2003-04-01"])
    peak = analysis.peak_month(
        pd.DataFrame({"month": months, "n_interactions": [2, 7, 7, 1], "mean_rating": [4.0, 4.5, 3.0, 5.0]})
    )
    assert (peak.month, peak.n_interactions) == (pd.Timestamp("2003-02-01"), 7)
    with pytest.raises(EmptySelection):
        analysis.peak_month(pd.DataFrame({"month": [], "n_interactions": []}))


def test_rating_shares():
    frame = pd.DataFrame({"rating": [0, 1, 2, 3, 4, 5], "n_interactions": [1, 0, 0, 0, 1, 2]})
    shares = analysis.rating_shares(frame)
    assert shares.total == 4 and shares.shares.tolist() == [0.25, 0, 0, 0, 0.25, 0.5]
    assert (shares.top_rating, shares.top_share, shares.zero_share) == (5, 0.5, 0.25)
    without_zero = analysis.rating_shares(frame[frame["rating"] > 0])
    assert without_zero.zero_share == 0 and without_zero.top_share == pytest.approx(2 / 3)
    with pytest.raises(EmptySelection):
        analysis.rating_shares(frame.assign(n_interactions=0))
