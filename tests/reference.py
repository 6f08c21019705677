"""Independent reference fits the statistics tests compare app.stats with: statsmodels, configured
as app/stats.py documents its models (written here once, from the documentation, not from app.stats)."""

from __future__ import annotations

import math

import numpy as np
import statsmodels.api as sm


def hac_lags(n: int) -> int:
    """Newey–West lag count: floor(4·(n/100)^(2/9)), at least 1."""
    return max(1, math.floor(4 * (n / 100) ** (2 / 9)))


def hac_fit(x, y, weights, lags: int | None = None):
    """Weighted least squares of ``y`` on ``x`` with the Newey–West (HAC) covariance, small-sample
    correction and t tests."""
    lags = hac_lags(len(x)) if lags is None else lags
    return sm.WLS(np.asarray(y, float), sm.add_constant(np.asarray(x, float)), weights=np.asarray(weights, float)).fit(
        cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True
    )


def logistic_fit(x, successes, totals):
    """Binomial GLM of ``successes`` out of ``totals`` on ``x`` with the quasi-binomial scale
    (Pearson X²/df, at least 1); the scale is ``fit.scale``."""
    endog = np.column_stack([np.asarray(successes), np.asarray(totals) - np.asarray(successes)])
    exog = sm.add_constant(np.asarray(x, float))
    binomial = sm.GLM(endog, exog, family=sm.families.Binomial()).fit()
    return sm.GLM(endog, exog, family=sm.families.Binomial()).fit(
        scale=max(1.0, binomial.pearson_chi2 / binomial.df_resid)
    )
