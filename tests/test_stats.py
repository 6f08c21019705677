"""app.stats against statsmodels/scipy on planted data: the logistic share trends (vectorized IRLS),
the Newey–West trends of series of means, Welch's t and the shared effect-size thresholds."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats as sps

from app import stats
from tests.reference import logistic_fit

YEARS = np.arange(1999, 2019)


def _glm(x, successes, totals):
    fit = logistic_fit(x, successes, totals)
    return fit, fit.scale


def _planted_shares(seed: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Yearly counts (shared by all series) and successes of series with known directions:
    falling, rising, flat, and a rising one with extra-binomial year-to-year noise."""
    rng = np.random.default_rng(seed)
    totals = rng.integers(300, 30_000, len(YEARS))
    logits = [
        -2.8 - 0.04 * (YEARS - 1999),
        -3.5 + 0.12 * (YEARS - 1999),
        np.full(len(YEARS), -1.0),
        -2.0 + 0.03 * (YEARS - 1999) + rng.normal(0, 0.25, len(YEARS)),
    ]
    successes = np.array([rng.binomial(totals, 1 / (1 + np.exp(-logit))) for logit in logits])
    return totals, successes


def test_logistic_trends_match_statsmodels_glm():
    totals, successes = _planted_shares()
    fits = stats.logistic_trends(YEARS, successes, totals)
    assert fits["converged"].all()
    grid = np.linspace(YEARS[0] - 5, YEARS[-1] + 5, 200)
    for row, series in zip(fits.itertuples(), successes, strict=True):
        model, scale = _glm(YEARS, series, totals)
        trend = stats.share_trend_of(fits.loc[row.Index])
        fitted = trend.predict(YEARS)
        np.testing.assert_allclose(fitted, model.fittedvalues, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(trend.predict(grid), model.predict(sm.add_constant(grid)), rtol=1e-6)
        assert row.slope == pytest.approx(model.params[1], rel=1e-6)
        assert row.dispersion == pytest.approx(scale, rel=1e-6)
        # The Wald z of the slope (the planted slopes' p-values underflow).
        assert row.z == pytest.approx(model.tvalues[1], rel=1e-6)
        if model.pvalues[1] > 1e-12:
            assert row.p_value == pytest.approx(model.pvalues[1], rel=1e-6)
        # The change between the ends, and its delta-method CI from statsmodels' covariance.
        ends = sm.add_constant(np.array([YEARS[0], YEARS[-1]], dtype=float))
        first, last = model.predict(ends)
        assert row.change == pytest.approx(last - first, rel=1e-6, abs=1e-12)
        gradient = last * (1 - last) * ends[1] - first * (1 - first) * ends[0]
        half = sps.norm.ppf(0.975) * np.sqrt(gradient @ model.cov_params() @ gradient)
        assert row.change_high - row.change == pytest.approx(half, rel=1e-5)
        assert trend.predict(grid).min() >= 0 and trend.predict(grid).max() <= 1
    falling, rising, flat, noisy = fits.itertuples()
    assert falling.change < 0 and falling.p_value < 0.001
    assert rising.change > 0 and rising.p_value < 0.001
    assert flat.p_value > 0.05 and flat.change_low < 0 < flat.change_high
    assert noisy.dispersion > 2  # the planted year-to-year noise widens the standard error


def test_a_falling_share_stays_above_zero_where_a_line_does_not():
    """5.5 % → 2.6 % over 1999–2018 (the very-low-carbs case): the straight line's change is about
    twice the observed one and ends below 0 %; the logistic curve ends near 2.6 %."""
    totals = np.full(len(YEARS), 2_000)
    shares = np.concatenate([[0.30, 0.22, 0.15], np.linspace(0.055, 0.026, len(YEARS) - 3)])
    successes = np.round(totals * shares)
    line = stats.weighted_trend(YEARS, successes / totals, totals)
    assert line.predict(YEARS[-1]) < 0
    trend = stats.logistic_trend(YEARS, successes, totals)
    assert 0 < trend.last_share < 0.05 and trend.first_share < 0.3
    assert trend.change == pytest.approx(trend.last_share - trend.first_share)
    assert trend.change < 0 and trend.significant


def test_constant_and_short_series():
    fits = stats.logistic_trends(YEARS[:4], [[0, 0, 0, 0], [10, 20, 30, 40], [3, 4, 5, 6]], [10, 20, 30, 40])
    assert fits.loc[0, "p_value"] == 1.0 and fits.loc[0, "change"] == 0 and fits.loc[0, "last_share"] == 0
    assert fits.loc[1, "p_value"] == 1.0 and fits.loc[1, "first_share"] == 1
    assert stats.logistic_trend(YEARS[:4], [0, 0, 0, 0], [10, 20, 30, 40]).predict([2000]) == pytest.approx(0)
    assert stats.logistic_trend([2001, 2002], [1, 2], [10, 10]) is None
    # A zero total carries no weight: only two points remain.
    assert stats.logistic_trend([2001, 2002, 2003], [1, 2, 0], [10, 10, 0]) is None


def test_hac_lag_rule():
    assert [stats.hac_maxlags(n) for n in (3, 4, 5, 20, 99, 100, 264)] == [1, 1, 2, 2, 3, 4, 4]


def test_hac_trend_widens_the_ci_of_autocorrelated_means_like_statsmodels():
    """Monthly means with AR(1) errors (ρ = 0.8) and no trend: plain WLS calls the drift significant;
    the HAC p-value is larger and equals statsmodels' Newey–West result."""
    rng = np.random.default_rng(11)
    months = 2004 + (np.arange(120) + 0.5) / 12
    noise = np.zeros(len(months))
    for i in range(1, len(months)):
        noise[i] = 0.8 * noise[i - 1] + rng.normal(0, 0.02)
    means, weights = 4.6 + noise, rng.integers(100, 2_000, len(months))
    plain = stats.weighted_trend(months, means, weights)
    hac = stats.hac_trend(months[::-1], means[::-1], weights[::-1])  # points taken in time order
    lags = stats.hac_maxlags(len(months))
    expected = sm.WLS(means, sm.add_constant(months), weights=weights).fit(
        cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True
    )
    assert hac.maxlags == lags == 4
    assert hac.slope == pytest.approx(plain.slope) == pytest.approx(expected.params[1])
    assert hac.p_value == pytest.approx(expected.pvalues[1], rel=1e-9)
    assert (hac.ci_low, hac.ci_high) == pytest.approx(tuple(expected.conf_int()[1]), rel=1e-9)
    assert hac.p_value != pytest.approx(plain.p_value, rel=0.1)
    assert hac.ci_high - hac.ci_low > plain.ci_high - plain.ci_low
    assert plain.significant and not hac.significant


def test_hac_trend_flat_and_short_series():
    assert stats.hac_trend([1, 2], [3, 4]) is None
    flat = stats.hac_trend([1, 2, 3, 4], [2.0, 2.0, 2.0, 2.0])
    assert flat.slope == 0 and flat.p_value == 1.0 and not flat.significant


def test_welch_t_matches_scipy_and_signs_the_effect():
    rng = np.random.default_rng(2)
    a, b = rng.normal(4.6, 0.5, 80), rng.normal(4.4, 0.7, 120)
    result = stats.welch_t(a.mean(), a.std(ddof=1), len(a), b.mean(), b.std(ddof=1), len(b))
    expected = sps.ttest_ind(a, b, equal_var=False)
    assert result.statistic == pytest.approx(expected.statistic) and result.p_value == pytest.approx(expected.pvalue)
    assert result.effect > 0  # a over b, as the means
    assert stats.welch_t(4.0, 0.5, 1, 4.5, 0.5, 10).p_value == 1.0


def test_one_set_of_effect_size_thresholds():
    assert stats.EPSILON_SQUARED == (0.01, 0.06, 0.14)
    assert [stats.magnitude(e, stats.EPSILON_SQUARED) for e in (0.005, 0.03, 0.1, 0.2)] == list(stats.MAGNITUDES)
    assert stats.cramers_v_thresholds(1) == pytest.approx(stats.COHEN_W)


def test_mean_and_std_from_counts_and_from_sums_match_numpy():
    values = np.array([1, 2, 3, 4, 5])
    counts = np.array([[3, 0, 2, 7, 11], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]])
    n, mean, std = stats.counts_mean_std(counts, values)
    observed = np.repeat(values, counts[0])
    assert n.tolist() == [23, 1, 0]
    assert mean[0] == pytest.approx(observed.mean()) and std[0] == pytest.approx(observed.std(ddof=1))
    assert mean[1] == 5 and np.isnan(std[1]) and np.isnan(mean[2]) and np.isnan(std[2])
    single = stats.counts_mean_std(counts[0], values)
    assert [float(v) for v in single] == pytest.approx([23, observed.mean(), observed.std(ddof=1)])
    assert stats.mean_std_from_sums(23, observed.sum(), (observed**2).sum()) == pytest.approx(single[1:])
