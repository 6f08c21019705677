"""Statistics shared by the analyses: trends, tests, intervals, effect sizes, FDR.

Everything leans on scipy/statsmodels for distributions; functions take aggregates (or
the few arrays a rank test needs) and return plain dataclasses the callbacks turn into
figures and generated interpretation texts. scipy and statsmodels (~2 s of imports) load on
first use, so that layouts and the app start do not pay for them; the callbacks use ``sps``
from here as they would ``from scipy import stats as sps``.

Trends come in two kinds, one implementation each: a series of monthly or yearly means (or
medians) over time is a count-weighted line tested with Newey–West standard errors
(``hac_trend``); a share (recipes with a tag, reviews without stars, retained users) is a binomial
logistic curve (``logistic_trends``/``logistic_trend``), which stays within [0, 1]. Effect-size
words come from ``magnitude`` and the named thresholds below, shared by every tab.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.lazy import LazyModule

sps = LazyModule("scipy.stats")
# Every module this file imports on first use; gunicorn workers load them in the background
# (deploy/gunicorn.conf.py) so that the first analysis does not wait for them.
LAZY_MODULES = (
    "scipy.special",
    "scipy.stats",
    "statsmodels.regression.linear_model",
    "statsmodels.stats.multitest",
    "statsmodels.stats.proportion",
    "statsmodels.tools.tools",
)

ALPHA = 0.05
# Below this many observations a group is reported as "too small to conclude".
MIN_GROUP_SIZE = 30


@dataclass(frozen=True)
class Trend:
    """Weighted least-squares line y = intercept + slope * x.

    ``maxlags``: the Newey–West lags of its standard error (``hac_trend``), None for the
    ordinary (independent errors) one of ``weighted_trend``.
    """

    slope: float
    intercept: float
    ci_low: float
    ci_high: float
    r_squared: float
    p_value: float
    n_points: int
    maxlags: int | None = None

    @property
    def significant(self) -> bool:
        return self.p_value < ALPHA

    def predict(self, x: np.ndarray | pd.Series) -> np.ndarray:
        return self.intercept + self.slope * np.asarray(x, dtype=float)


def weighted_trend(x, y, weights=None, alpha: float = ALPHA) -> Trend | None:
    """Slope of y over x weighted by ``weights`` (counts), with CI, R² and p-value.

    Weighting by counts keeps a year with 200 recipes from pulling as hard as one with 30,000.
    Returns None when fewer than 3 usable points exist.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    keep = np.isfinite(x) & np.isfinite(y) & np.isfinite(w) & (w > 0)
    x, y, w = x[keep], y[keep], w[keep]
    if len(x) < 3 or np.ptp(x) == 0:
        return None
    if np.ptp(y) == 0:  # a flat series: WLS would return rounding noise with an arbitrary p
        return Trend(0.0, float(y[0]), 0.0, 0.0, 0.0, 1.0, len(x))
    from statsmodels.regression.linear_model import WLS
    from statsmodels.tools.tools import add_constant

    model = WLS(y, add_constant(x), weights=w).fit()
    low, high = model.conf_int(alpha)[1]
    r_squared = float(model.rsquared) if np.isfinite(model.rsquared) else 0.0
    p_value = float(model.pvalues[1]) if np.isfinite(model.pvalues[1]) else 1.0
    return Trend(float(model.params[1]), float(model.params[0]), float(low), float(high), r_squared, p_value, len(x))


def hac_maxlags(n_points: int) -> int:
    """Newey–West lag rule floor(4·(n/100)^(2/9)) (Newey & West 1994): 1 lag for 3–4 points, 2 for 5–27,
    3 for 28–99, 4 for 100–272 (the monthly series); at least 1 so that autocorrelation always counts."""
    return max(1, math.floor(4 * (n_points / 100) ** (2 / 9)))


def hac_trend(x, y, weights=None, alpha: float = ALPHA, maxlags: int | None = None) -> Trend | None:
    """``weighted_trend`` with Newey–West (HAC) standard errors: the trend of a series of monthly or
    yearly means over time.

    Neighbouring months (or years) share reviewers, recipes and site-wide moods, so their errors are
    correlated and the ordinary WLS standard error is too small: a slope of a few thousandths of a
    star per year came out "significant" on monthly means. The HAC covariance (Bartlett kernel,
    ``hac_maxlags`` lags unless given, small-sample correction) keeps the WLS slope and widens its
    CI as the residuals' autocorrelation requires; the p-value and CI use Student's t with n − 2
    degrees of freedom, since such series have a few dozen points at most. The points are taken in
    the order of x (the lags are neighbours in time). Returns None when fewer than 3 usable points exist.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    w = np.ones_like(x) if weights is None else np.asarray(weights, dtype=float)
    keep = np.isfinite(x) & np.isfinite(y) & np.isfinite(w) & (w > 0)
    order = np.argsort(x[keep], kind="stable")
    x, y, w = x[keep][order], y[keep][order], w[keep][order]
    if len(x) < 3 or np.ptp(x) == 0:
        return None
    lags = hac_maxlags(len(x)) if maxlags is None else int(maxlags)
    if np.ptp(y) == 0:  # a flat series: no trend to test (see weighted_trend)
        return Trend(0.0, float(y[0]), 0.0, 0.0, 0.0, 1.0, len(x), lags)
    from statsmodels.regression.linear_model import WLS
    from statsmodels.tools.tools import add_constant

    model = WLS(y, add_constant(x), weights=w).fit(
        cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True
    )
    low, high = model.conf_int(alpha)[1]
    r_squared = float(model.rsquared) if np.isfinite(model.rsquared) else 0.0
    p_value = float(model.pvalues[1]) if np.isfinite(model.pvalues[1]) else 1.0
    return Trend(
        float(model.params[1]), float(model.params[0]), float(low), float(high), r_squared, p_value, len(x), lags
    )


@dataclass(frozen=True)
class ShareTrend:
    """Binomial logistic trend of a share: logit p(x) = intercept + slope·(x − center).

    The fitted curve stays within [0, 1] where a straight line fitted to a share runs below 0 %
    (a tag going from 5.5 % to 2.6 % "fell 7.27 pp" along a line). What the texts report is read on
    the curve: the fitted shares at the first and last x and their difference ``change`` (a fraction;
    95 % CI by the delta method); ``p_value`` tests the slope (Wald z, quasi-binomial dispersion).
    """

    intercept: float
    slope: float  # log-odds per unit of x
    center: float
    first_x: float
    last_x: float
    change: float
    change_low: float
    change_high: float
    p_value: float
    dispersion: float
    n_points: int

    @property
    def significant(self) -> bool:
        return self.p_value < ALPHA

    def predict(self, x) -> np.ndarray:
        from scipy.special import expit

        return expit(self.intercept + self.slope * (np.asarray(x, dtype=float) - self.center))

    @property
    def first_share(self) -> float:
        return float(self.predict(self.first_x))

    @property
    def last_share(self) -> float:
        return float(self.predict(self.last_x))


LOGISTIC_COLUMNS = [
    "intercept",
    "slope",
    "center",
    "first_x",
    "last_x",
    "first_share",
    "last_share",
    "change",
    "change_low",
    "change_high",
    "z",
    "p_value",
    "dispersion",
    "n_points",
    "converged",
]
LOGISTIC_MAX_ITERATIONS = 100


def logistic_trends(x, successes, totals, alpha: float = ALPHA) -> pd.DataFrame:
    """Binomial logistic regression of every row of ``successes`` (series × points) out of ``totals``
    over ``x``, all at once: logit(share) = intercept + slope·(x − center).

    Newton–Raphson (= IRLS for the canonical logit link) on the 2 × 2 information matrices of all
    series together, so hundreds of tags cost a few array operations per iteration instead of one
    statsmodels fit each; tests/test_stats.py checks it against statsmodels' GLM Binomial. ``totals``:
    one row shared by all series, or one row per series; points with a zero total carry no weight.

    Yearly shares of tags or of 0-star reviews vary more from year to year than binomial sampling
    allows (the recipes of a year are not independent draws: site features, contests, trends), and
    with hundreds of thousands of recipes a pure binomial model calls every wobble significant. So
    the variance is scaled by the Pearson dispersion X²/(n − 2), floored at 1 (quasi-binomial: the
    estimates are the binomial ones, only the standard errors widen), as ``GLM.fit(scale=...)``.

    Columns: LOGISTIC_COLUMNS (``change``: fitted share at the last x minus at the first, a
    fraction, with its delta-method CI; ``z``, ``p_value``: two-sided Wald test of the slope). A series
    that is always 0 or always its total has no finite fit: slope 0, p = 1, its constant share.
    NaN rows when fewer than 3 points carry weight.
    """
    from scipy.special import expit

    x = np.asarray(x, dtype=float)
    k = np.atleast_2d(np.asarray(successes, dtype=float))
    n = np.broadcast_to(np.atleast_2d(np.asarray(totals, dtype=float)), k.shape)
    used = n > 0
    n_points = used.sum(axis=1)
    if len(x) == 0:
        return pd.DataFrame(np.nan, index=range(len(k)), columns=LOGISTIC_COLUMNS)
    center = (np.nanmin(x) + np.nanmax(x)) / 2  # centred x keeps the information matrix well conditioned
    xc = x - center
    x_used = np.where(used, x, np.nan)
    with np.errstate(all="ignore"):
        first_x, last_x = np.nanmin(x_used, axis=1), np.nanmax(x_used, axis=1)
    fit = (n_points >= 3) & (last_x > first_x)
    k_sum, n_sum = (k * used).sum(axis=1), (n * used).sum(axis=1)
    constant = fit & ((k_sum <= 0) | (k_sum >= n_sum))  # always 0 or always the total: no finite MLE
    iterate = fit & ~constant

    pooled = np.clip(k_sum / np.maximum(n_sum, 1), 1e-6, 1 - 1e-6)
    b0, b1 = np.log(pooled / (1 - pooled)), np.zeros(len(k))
    active = iterate.copy()
    converged = ~iterate
    for _ in range(LOGISTIC_MAX_ITERATIONS):
        if not active.any():
            break
        mu = expit(b0[active, None] + b1[active, None] * xc)
        nu, ku = np.where(used[active], n[active], 0.0), np.where(used[active], k[active], 0.0)
        w = nu * mu * (1 - mu)
        residual = ku - nu * mu
        s0, s1, s2 = w.sum(axis=1), w @ xc, w @ xc**2
        u0, u1 = residual.sum(axis=1), residual @ xc
        det = s0 * s2 - s1 * s1
        with np.errstate(divide="ignore", invalid="ignore"):
            step0, step1 = (s2 * u0 - s1 * u1) / det, (s0 * u1 - s1 * u0) / det
        bad = ~np.isfinite(step0) | ~np.isfinite(step1)
        step0, step1 = np.where(bad, 0.0, step0), np.where(bad, 0.0, step1)
        b0[active] += step0
        b1[active] += step1
        small = (np.abs(step0) < 1e-12 * (1 + np.abs(b0[active]))) & (np.abs(step1) < 1e-12 * (1 + np.abs(b1[active])))
        done = bad | small
        indices = np.flatnonzero(active)
        converged[indices[done]] = ~bad[done]
        active[indices[done]] = False

    mu = expit(b0[:, None] + b1[:, None] * xc)
    nu = np.where(used, n, 0.0)
    w = nu * mu * (1 - mu)
    s0, s1, s2 = w.sum(axis=1), w @ xc, w @ xc**2
    det = s0 * s2 - s1 * s1
    with np.errstate(divide="ignore", invalid="ignore"):
        pearson = np.where(used & (w > 0), (k - nu * mu) ** 2 / w, 0.0).sum(axis=1)
        dispersion = np.maximum(1.0, pearson / np.maximum(n_points - 2, 1))
        var_b0, var_b1, cov_b01 = s2 / det, s0 / det, -s1 / det
        z = b1 / np.sqrt(dispersion * var_b1)
    p_value = np.where(np.isfinite(z), 2 * sps.norm.sf(np.abs(z)), 1.0)
    # The change between the fitted shares at the ends, and its delta-method variance.
    first_c, last_c = first_x - center, last_x - center
    p_first, p_last = expit(b0 + b1 * first_c), expit(b0 + b1 * last_c)
    g0 = p_last * (1 - p_last) - p_first * (1 - p_first)
    g1 = p_last * (1 - p_last) * last_c - p_first * (1 - p_first) * first_c
    with np.errstate(invalid="ignore"):
        half = sps.norm.ppf(1 - alpha / 2) * np.sqrt(
            dispersion * (g0 * g0 * var_b0 + 2 * g0 * g1 * cov_b01 + g1 * g1 * var_b1)
        )
    change, low, high = p_last - p_first, p_last - p_first - half, p_last - p_first + half
    # Constant series: the share is 0 or 1 every year, flat.
    share = np.where(k_sum <= 0, 0.0, 1.0)
    columns = {
        "intercept": np.where(constant, np.where(share > 0, np.inf, -np.inf), b0),
        "slope": np.where(constant, 0.0, b1),
        "center": np.full(len(k), center),
        "first_x": first_x,
        "last_x": last_x,
        "first_share": np.where(constant, share, p_first),
        "last_share": np.where(constant, share, p_last),
        "change": np.where(constant, 0.0, change),
        "change_low": np.where(constant, 0.0, low),
        "change_high": np.where(constant, 0.0, high),
        "z": np.where(constant, 0.0, z),
        "p_value": np.where(constant, 1.0, p_value),
        "dispersion": np.where(constant, 1.0, dispersion),
    }
    result = pd.DataFrame({name: np.where(fit, values, np.nan) for name, values in columns.items()})
    result["n_points"], result["converged"] = n_points, converged & fit
    return result


def logistic_trend(x, successes, totals, alpha: float = ALPHA) -> ShareTrend | None:
    """The binomial logistic trend of one share (``logistic_trends`` for a single series), or None
    when fewer than 3 points carry weight."""
    row = logistic_trends(x, [successes], totals, alpha).iloc[0]
    return share_trend_of(row) if np.isfinite(row["p_value"]) else None


def share_trend_of(row) -> ShareTrend:
    """The ShareTrend of one row of ``logistic_trends``."""
    return ShareTrend(
        float(row["intercept"]),
        float(row["slope"]),
        float(row["center"]),
        float(row["first_x"]),
        float(row["last_x"]),
        float(row["change"]),
        float(row["change_low"]),
        float(row["change_high"]),
        float(row["p_value"]),
        float(row["dispersion"]),
        int(row["n_points"]),
    )


@dataclass(frozen=True)
class TestResult:
    """A hypothesis test: statistic, p-value, an effect size and its name."""

    name: str
    statistic: float
    p_value: float
    effect: float
    effect_name: str
    n: int

    @property
    def significant(self) -> bool:
        return self.p_value < ALPHA


def chi_square_goodness_of_fit(observed, expected_shares=None) -> TestResult:
    """Are counts spread as expected (uniform by default)? Effect: Cohen's w."""
    observed = np.asarray(observed, dtype=float)
    n = observed.sum()
    expected = (
        np.full(len(observed), 1 / len(observed))
        if expected_shares is None
        else np.asarray(expected_shares, dtype=float) / np.sum(expected_shares)
    ) * n
    statistic, p_value = sps.chisquare(observed, expected)
    w = float(np.sqrt(statistic / n)) if n else float("nan")
    return TestResult("chi-square goodness of fit", float(statistic), float(p_value), w, "Cohen's w", int(n))


def chi_square_independence(table) -> TestResult:
    """Independence of a contingency table (rows × columns). Effect: Cramér's V."""
    table = np.asarray(table, dtype=float)
    table = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    if table.shape[0] < 2 or table.shape[1] < 2:
        return TestResult("chi-square independence", float("nan"), 1.0, 0.0, "Cramér's V", int(table.sum()))
    statistic, p_value, _, _ = sps.chi2_contingency(table, correction=False)
    n = table.sum()
    v = float(np.sqrt(statistic / (n * (min(table.shape) - 1))))
    return TestResult("chi-square independence", float(statistic), float(p_value), v, "Cramér's V", int(n))


def kruskal_wallis(groups: list[np.ndarray]) -> TestResult:
    """Do several groups share one distribution? Effect: epsilon² = H / (n - 1)."""
    groups = [np.asarray(g, dtype=float) for g in groups if len(g) > 0]
    n = int(sum(len(g) for g in groups))
    if len(groups) < 2 or n < 3:
        return TestResult("Kruskal–Wallis", float("nan"), 1.0, 0.0, "ε²", n)
    statistic, p_value = sps.kruskal(*groups)
    return TestResult("Kruskal–Wallis", float(statistic), float(p_value), float(statistic / (n - 1)), "ε²", n)


def mann_whitney(first: np.ndarray, second: np.ndarray) -> TestResult:
    """Two-sided Mann–Whitney U. Effect: rank-biserial r = 2·U/(n1·n2) − 1 (first over second)."""
    first, second = np.asarray(first, dtype=float), np.asarray(second, dtype=float)
    n1, n2 = len(first), len(second)
    if n1 == 0 or n2 == 0:
        return TestResult("Mann–Whitney U", float("nan"), 1.0, 0.0, "rank-biserial r", n1 + n2)
    u, p_value = sps.mannwhitneyu(first, second, alternative="two-sided", method="asymptotic")
    return TestResult(
        "Mann–Whitney U", float(u), float(p_value), float(2 * u / (n1 * n2) - 1), "rank-biserial r", n1 + n2
    )


def welch_t(mean_a, std_a, n_a, mean_b, std_b, n_b) -> TestResult:
    """Welch's t-test of two means from their aggregates (a over b). Effect: Cohen's d (pooled SD),
    signed like mean_a − mean_b, so a sentence's direction word and its test read the same numbers."""
    mean_a, std_a, n_a, mean_b, std_b, n_b = (float(v) for v in (mean_a, std_a, n_a, mean_b, std_b, n_b))
    n = int(n_a + n_b)
    if n_a < 2 or n_b < 2 or not (np.isfinite(std_a) and np.isfinite(std_b)) or std_a + std_b == 0:
        return TestResult("Welch t", float("nan"), 1.0, 0.0, "Cohen's d", n)
    statistic, p_value = sps.ttest_ind_from_stats(mean_a, std_a, n_a, mean_b, std_b, n_b, equal_var=False)
    pooled = math.sqrt(((n_a - 1) * std_a**2 + (n_b - 1) * std_b**2) / (n_a + n_b - 2))
    return TestResult("Welch t", float(statistic), float(p_value), (mean_a - mean_b) / pooled, "Cohen's d", n)


def fdr(p_values, alpha: float = ALPHA) -> tuple[np.ndarray, np.ndarray]:
    """Benjamini–Hochberg: (rejected, adjusted p-values)."""
    p_values = np.asarray(p_values, dtype=float)
    if len(p_values) == 0:
        return np.array([], dtype=bool), np.array([], dtype=float)
    from statsmodels.stats.multitest import multipletests

    rejected, adjusted, _, _ = multipletests(np.nan_to_num(p_values, nan=1.0), alpha=alpha, method="fdr_bh")
    return rejected, adjusted


def mean_std_from_sums(count, total, squares) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sample standard deviation from n, Σx and Σx² (vectorized; NaN where undefined: no
    observation for the mean, fewer than two for the SD). The one way the app gets them from aggregates."""
    count, total, squares = (np.asarray(v, dtype=float) for v in (count, total, squares))
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = total / count
        variance = (squares - count * mean**2) / (count - 1)
    std = np.where(count > 1, np.sqrt(np.clip(variance, 0, None)), np.nan)
    return mean[()], std[()]  # [()]: a scalar for scalar input, the array otherwise


def counts_mean_std(counts, values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(n, mean, sample SD) of ``values`` observed ``counts`` times each: ``counts`` has one column
    per value (a row per group, or one row), e.g. the reviews per star rating of each group."""
    counts, values = np.asarray(counts, dtype=float), np.asarray(values, dtype=float)
    n = counts.sum(axis=-1)
    mean, std = mean_std_from_sums(n, counts @ values, counts @ values**2)
    return n, mean, std


def mean_ci(mean, std, n, alpha: float = ALPHA) -> tuple[np.ndarray, np.ndarray]:
    """Student-t confidence interval of a mean from (mean, std, n) aggregates."""
    mean, std, n = (np.asarray(v, dtype=float) for v in (mean, std, n))
    with np.errstate(divide="ignore", invalid="ignore"):
        half = sps.t.ppf(1 - alpha / 2, np.maximum(n - 1, 1)) * std / np.sqrt(n)
    half = np.where(n > 1, half, np.nan)
    return mean - half, mean + half


def proportion_ci(successes, n, alpha: float = ALPHA) -> tuple[np.ndarray, np.ndarray]:
    """Wilson interval of a proportion, vectorized."""
    successes, n = np.asarray(successes, dtype=float), np.asarray(n, dtype=float)
    safe_n = np.where(n > 0, n, 1)
    from statsmodels.stats.proportion import proportion_confint

    low, high = proportion_confint(successes, safe_n, alpha=alpha, method="wilson")
    return np.where(n > 0, low, np.nan), np.where(n > 0, high, np.nan)


def two_proportion_test(successes_a, n_a, successes_b, n_b) -> tuple[np.ndarray, np.ndarray]:
    """Vectorized two-sided z-test of p_a = p_b: (z, p-value). Effect left to the caller."""
    sa, na, sb, nb = (np.asarray(v, dtype=float) for v in (successes_a, n_a, successes_b, n_b))
    pooled = (sa + sb) / np.maximum(na + nb, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb))
        z = np.where(se > 0, (sa / na - sb / nb) / se, 0.0)
    return z, 2 * sps.norm.sf(np.abs(z))


def log_odds_informative_prior(
    counts: pd.DataFrame, group_column: str, item_column: str, count_column: str, prior_scale: float = 1.0
) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    For each group and item: the z-score of the item's log-odds in the group against all
    other groups, the prior being the item's overall frequency. Returns columns
    group, item, count, log_odds, z, sorted by group then z descending.
    """
    table = counts.pivot_table(
        index=item_column, columns=group_column, values=count_column, aggfunc="sum", fill_value=0
    )
    totals_by_item = table.sum(axis=1)
    alpha = prior_scale * totals_by_item / totals_by_item.sum() * len(totals_by_item)
    alpha0 = alpha.sum()
    rows = []
    for group in table.columns:
        y_i = table[group]
        y_j = totals_by_item - y_i
        n_i, n_j = y_i.sum(), y_j.sum()
        log_odds_i = np.log((y_i + alpha) / (n_i + alpha0 - y_i - alpha))
        log_odds_j = np.log((y_j + alpha) / (n_j + alpha0 - y_j - alpha))
        delta = log_odds_i - log_odds_j
        variance = 1 / (y_i + alpha) + 1 / (y_j + alpha)
        rows.append(
            pd.DataFrame(
                {
                    group_column: group,
                    item_column: table.index,
                    count_column: y_i.to_numpy(),
                    "log_odds": delta.to_numpy(),
                    "z": (delta / np.sqrt(variance)).to_numpy(),
                }
            )
        )
    result = pd.concat(rows, ignore_index=True)
    return result.sort_values([group_column, "z"], ascending=[True, False], ignore_index=True)


MAGNITUDES = ("negligible", "small", "medium", "large")
# Cohen's small / medium / large thresholds for w (and Cramér's V of a 2-column table).
COHEN_W = (0.1, 0.3, 0.5)
# Cohen's thresholds for a correlation coefficient (Pearson r, Spearman ρ, rank-biserial r).
COHEN_R = (0.1, 0.3, 0.5)
# Cohen's thresholds for a standardized mean difference d.
COHEN_D = (0.2, 0.5, 0.8)
# Thresholds for ε² of Kruskal–Wallis (Tomczak & Tomczak 2014, after Cohen's η²): every tab uses these.
EPSILON_SQUARED = (0.01, 0.06, 0.14)


def magnitude(effect: float, thresholds) -> str:
    """'negligible' | 'small' | 'medium' | 'large' for an absolute effect size."""
    return MAGNITUDES[int(np.searchsorted(thresholds, abs(effect), side="right"))]


def cramers_v_thresholds(df_star: int) -> tuple[float, ...]:
    """Cohen's thresholds for Cramér's V shrink with df* = min(rows, columns) − 1."""
    return tuple(w / np.sqrt(max(df_star, 1)) for w in COHEN_W)


# -- time granularity and smoothing -----------------------------------------------------------------

# Months per period of each granularity a time series can be read at.
PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def period_start_month(month, granularity: str) -> np.ndarray:
    """The first month (1–12) of the period of ``granularity`` holding each ``month``."""
    size = PERIOD_MONTHS[granularity]
    return (np.asarray(month, dtype=int) - 1) // size * size + 1


def period_index(year, month, granularity: str) -> np.ndarray:
    """Consecutive integer index of each (year, month)'s period: periods one apart differ by one."""
    size = PERIOD_MONTHS[granularity]
    return np.asarray(year, dtype=int) * (12 // size) + (np.asarray(month, dtype=int) - 1) // size


def rolling_mean(values, window: int, weights=None) -> np.ndarray:
    """Trailing mean of the last ``window`` periods (NaN until ``window`` periods are available),
    weighted by ``weights`` when given: with counts as weights, the mean of every observation of the
    window (a window of means weighted by their sizes), not the mean of the period means."""
    values = pd.Series(np.asarray(values, dtype=float))
    if weights is None:
        return values.rolling(window, min_periods=window).mean().to_numpy()
    weights = pd.Series(np.asarray(weights, dtype=float))
    totals = (values * weights).fillna(0).rolling(window, min_periods=window).sum()
    sizes = weights.where(values.notna(), 0).rolling(window, min_periods=window).sum()
    return (totals / sizes.where(sizes > 0)).to_numpy()
