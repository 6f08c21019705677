"""Statistics shared by the analyses: trends, tests, intervals, effect sizes, FDR.

Everything leans on scipy/statsmodels for distributions; functions take aggregates (or
the few arrays a rank test needs) and return plain dataclasses the callbacks turn into
figures and generated interpretation texts. scipy and statsmodels (~2 s of imports) load on
first use, so that layouts and the app start do not pay for them; the callbacks use ``sps``
from here as they would ``from scipy import stats as sps``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.lazy import LazyModule

sps = LazyModule("scipy.stats")
# Every module this file imports on first use; gunicorn workers load them in the background
# (deploy/gunicorn.conf.py) so that the first analysis does not wait for them.
LAZY_MODULES = ("scipy.stats", "statsmodels.regression.linear_model", "statsmodels.stats.multitest",
                "statsmodels.stats.proportion", "statsmodels.tools.tools")

ALPHA = 0.05
# Below this many observations a group is reported as "too small to conclude".
MIN_GROUP_SIZE = 30


@dataclass(frozen=True)
class Trend:
    """Weighted least-squares line y = intercept + slope * x."""

    slope: float
    intercept: float
    ci_low: float
    ci_high: float
    r_squared: float
    p_value: float
    n_points: int

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
    expected = (np.full(len(observed), 1 / len(observed)) if expected_shares is None
                else np.asarray(expected_shares, dtype=float) / np.sum(expected_shares)) * n
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
    return TestResult("Mann–Whitney U", float(u), float(p_value), float(2 * u / (n1 * n2) - 1),
                      "rank-biserial r", n1 + n2)


def fdr(p_values, alpha: float = ALPHA) -> tuple[np.ndarray, np.ndarray]:
    """Benjamini–Hochberg: (rejected, adjusted p-values)."""
    p_values = np.asarray(p_values, dtype=float)
    if len(p_values) == 0:
        return np.array([], dtype=bool), np.array([], dtype=float)
    from statsmodels.stats.multitest import multipletests

    rejected, adjusted, _, _ = multipletests(np.nan_to_num(p_values, nan=1.0), alpha=alpha, method="fdr_bh")
    return rejected, adjusted


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


def log_odds_informative_prior(counts: pd.DataFrame, group_column: str, item_column: str, count_column: str,
                               prior_scale: float = 1.0) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    For each group and item: the z-score of the item's log-odds in the group against all
    other groups, the prior being the item's overall frequency. Returns columns
    group, item, count, log_odds, z, sorted by group then z descending.
    """
    table = counts.pivot_table(index=item_column, columns=group_column, values=count_column,
                               aggfunc="sum", fill_value=0)
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
        rows.append(pd.DataFrame({group_column: group, item_column: table.index, count_column: y_i.values,
                                  "log_odds": delta.values, "z": (delta / np.sqrt(variance)).values}))
    result = pd.concat(rows, ignore_index=True)
    return result.sort_values([group_column, "z"], ascending=[True, False], ignore_index=True)


MAGNITUDES = ("negligible", "small", "medium", "large")
# Cohen's small / medium / large thresholds for w (and Cramér's V of a 2-column table).
COHEN_W = (0.1, 0.3, 0.5)


def magnitude(effect: float, thresholds) -> str:
    """'negligible' | 'small' | 'medium' | 'large' for an absolute effect size."""
    return MAGNITUDES[int(np.searchsorted(thresholds, abs(effect), side="right"))]


def cramers_v_thresholds(df_star: int) -> tuple[float, ...]:
    """Cohen's thresholds for Cramér's V shrink with df* = min(rows, columns) − 1."""
    return tuple(w / np.sqrt(max(df_star, 1)) for w in COHEN_W)


def p_text(p_value: float, language: str | None = None, name: str = "p") -> str:
    """p-value for display: 'p < 0.001' or 'p = 0.042' (``name`` q for an FDR-adjusted one),
    with a decimal comma in French."""
    if p_value != p_value:
        text = f"{name} = –"
    else:
        text = f"{name} < 0.001" if p_value < 0.001 else f"{name} = {p_value:.3f}"
    return text.replace(".", ",") if language == "fr" else text
