"""Statistical checks whose tolerance comes from the sampling distribution.

Every check has a stated false-failure probability (default 1e-6): if the prediction is
right, the measured value falls outside the acceptance interval with at most that
probability. Each check also reports its power, the probability of catching a given wrong
value, so that a test can show that its sample size detects an error of a few percent.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import torch
from scipy import optimize, stats

from dlspec._checks import finite_real

FALSE_FAILURE = 1e-6


@dataclass(frozen=True)
class Check:
    """A measured value, its prediction and the acceptance interval derived for it."""

    what: str
    measured: float
    predicted: float | str
    low: float
    high: float
    method: str
    false_failure: float
    _rejection: Callable[[float], float] = field(repr=False, compare=False)
    # the method in the report's Chinese page
    method_zh: str = ""

    @property
    def ok(self) -> bool:
        return self.low <= self.measured <= self.high

    @property
    def tolerance(self) -> str:
        return (
            f"[{self.low:.6g}, {self.high:.6g}] ({self.method}, "
            f"false failure {self.false_failure:.0e})"
        )

    @property
    def tolerance_zh(self) -> str:
        return (
            f"[{self.low:.6g}, {self.high:.6g}]（{self.method_zh or self.method}，"
            f"误报概率 {self.false_failure:.0e}）"
        )

    def power(self, true_value: float) -> float:
        """Probability that this check fails when the true value is ``true_value``."""
        return self._rejection(true_value)

    def explain(self) -> str:
        verdict = "inside" if self.ok else "OUTSIDE"
        predicted = self.predicted if isinstance(self.predicted, str) else f"{self.predicted:.6g}"
        return (
            f"{self.what}: measured {self.measured:.6g}, predicted {predicted}; "
            f"{verdict} the acceptance interval {self.tolerance}"
        )


def _alpha(false_failure: float) -> float:
    if not 0 < false_failure <= 1e-6:
        raise ValueError(f"false_failure must be in (0, 1e-6], got {false_failure}")
    return false_failure


def _values(samples: torch.Tensor) -> torch.Tensor:
    if not isinstance(samples, torch.Tensor) or not samples.is_floating_point():
        raise TypeError("samples must be a floating-point tensor")
    flat = samples.detach().flatten().double().cpu()
    if flat.numel() < 2:
        raise ValueError(f"need at least 2 samples, got {flat.numel()}")
    if not torch.isfinite(flat).all():
        raise ValueError("samples contain NaN or infinity")
    return flat


def proportion(
    successes: int,
    trials: int,
    p: float,
    what: str = "proportion",
    false_failure: float = FALSE_FAILURE,
) -> Check:
    """Exact two-sided binomial check of ``successes`` out of ``trials`` against rate ``p``."""
    alpha = _alpha(false_failure)
    if trials < 1 or not 0 <= successes <= trials:
        raise ValueError(f"need 0 <= successes <= trials and trials >= 1, got {successes}/{trials}")
    if not 0 < p < 1:
        raise ValueError(f"p must be in (0, 1) for a binomial check, got {p}")
    # binom.ppf gives the smallest k with cdf(k) >= q, so each tail has mass <= alpha / 2
    k_low = int(stats.binom.ppf(alpha / 2, trials, p))
    k_high = int(stats.binom.isf(alpha / 2, trials, p))

    def rejection(true_p: float) -> float:
        return float(
            stats.binom.cdf(k_low - 1, trials, true_p) + stats.binom.sf(k_high, trials, true_p)
        )

    return Check(
        what,
        successes / trials,
        p,
        k_low / trials,
        k_high / trials,
        f"exact binomial, n={trials}",
        alpha,
        rejection,
        f"精确二项检验，n={trials}",
    )


def mean(
    samples: torch.Tensor,
    expected: float,
    variance: float | None = None,
    what: str = "mean",
    false_failure: float = FALSE_FAILURE,
) -> Check:
    """Check the sample mean of i.i.d. ``samples`` against ``expected``.

    With a known per-sample ``variance`` the interval is the normal one (central limit
    theorem); without, Student's t with the sample standard deviation.
    """
    alpha = _alpha(false_failure)
    values = _values(samples)
    n = values.numel()
    if variance is None:
        spread, quantile = float(values.std()), float(stats.t.isf(alpha / 2, n - 1))
        method, method_zh = f"Student t, n={n}", f"Student t 检验，n={n}"
    else:
        known = finite_real(variance, "mean(): variance")
        if known <= 0:
            raise ValueError(f"mean(): variance must be > 0, got {variance}")
        spread, quantile = math.sqrt(known), float(stats.norm.isf(alpha / 2))
        method, method_zh = f"normal, known variance, n={n}", f"正态分布（方差已知），n={n}"
    half = quantile * spread / math.sqrt(n)

    def rejection(true_mean: float) -> float:
        shift = (true_mean - expected) / (spread / math.sqrt(n))
        return float(stats.norm.cdf(-quantile - shift) + stats.norm.sf(quantile - shift))

    return Check(
        what,
        float(values.mean()),
        expected,
        expected - half,
        expected + half,
        method,
        alpha,
        rejection,
        method_zh,
    )


def variance(
    samples: torch.Tensor,
    expected: float,
    known_mean: float | None = None,
    what: str = "variance",
    false_failure: float = FALSE_FAILURE,
) -> Check:
    """Chi-square check of the variance of i.i.d. *Gaussian* ``samples`` against ``expected``.

    With ``known_mean`` the statistic sum((x - mean)^2) / expected is chi-square with n
    degrees of freedom; otherwise the sample variance gives n - 1.
    """
    alpha = _alpha(false_failure)
    if not expected > 0:
        raise ValueError(f"expected variance must be > 0, got {expected}")
    values = _values(samples)
    if known_mean is None:
        dof = values.numel() - 1
        measured = float(values.var())
    else:
        dof = values.numel()
        measured = float(((values - known_mean) ** 2).mean())
    low = expected * float(stats.chi2.ppf(alpha / 2, dof)) / dof
    high = expected * float(stats.chi2.isf(alpha / 2, dof)) / dof

    def rejection(true_variance: float) -> float:
        scale = dof / true_variance
        return float(stats.chi2.cdf(low * scale, dof) + stats.chi2.sf(high * scale, dof))

    return Check(
        what,
        measured,
        expected,
        low,
        high,
        f"chi-square, {dof} dof",
        alpha,
        rejection,
        f"卡方检验，自由度 {dof}",
    )


def chi_square_samples(relative_error: float, false_failure: float = FALSE_FAILURE) -> int:
    """Smallest Gaussian sample size whose variance check fails with probability at least
    1 - false_failure when the true variance is off by ``relative_error`` either way."""
    alpha = _alpha(false_failure)
    if not 0 < relative_error < 1:
        raise ValueError(f"relative_error must be in (0, 1), got {relative_error}")

    def caught(n: int) -> bool:
        low = stats.chi2.ppf(alpha / 2, n) / n
        high = stats.chi2.isf(alpha / 2, n) / n
        miss_up = stats.chi2.cdf(high * n / (1 + relative_error), n)
        miss_down = stats.chi2.sf(low * n / (1 - relative_error), n)
        return bool(max(miss_up, miss_down) <= alpha)

    # the miss probability falls as n grows: double until caught, then bisect
    too_few, enough = 1, 2
    while not caught(enough):
        too_few, enough = enough, 2 * enough
    while enough - too_few > 1:
        middle = (too_few + enough) // 2
        too_few, enough = (too_few, middle) if caught(middle) else (middle, enough)
    return enough


def _paired_design(effect: float, significance: float, false_failure: float) -> None:
    _alpha(false_failure)
    if not 0 < significance < 0.5:
        raise ValueError(f"significance must be in (0, 0.5), got {significance}")
    if not effect > 0:
        raise ValueError(f"the design effect must be > 0 standard deviations, got {effect}")


def _missed(n: int, effect: float, significance: float) -> float:
    # the t statistic of n differences with mean effect * sd is noncentral t(n-1, effect sqrt n)
    critical = stats.t.isf(significance, n - 1)
    return float(stats.nct.cdf(critical, n - 1, effect * math.sqrt(n)))


def paired_samples(
    effect: float, significance: float = 1e-3, false_failure: float = FALSE_FAILURE
) -> int:
    """Smallest number of paired differences for which :func:`paired_improvement` misses a
    true mean difference of ``effect`` standard deviations with probability <= false_failure."""
    _paired_design(effect, significance, false_failure)
    n = 3
    while _missed(n, effect, significance) > false_failure:
        n += 1
    return n


def paired_improvement(
    differences: torch.Tensor,
    effect: float,
    what: str = "mean paired difference",
    significance: float = 1e-3,
    false_failure: float = FALSE_FAILURE,
) -> Check:
    """One-sided paired t-test that the mean of ``differences`` is > 0.

    The check passes when the test rejects "no improvement" at ``significance``. Its false
    failure is the probability of not rejecting although the true mean difference is at
    least ``effect`` standard deviations of a difference (the design effect, which a slower
    run with many more pairs must confirm); the number of pairs must make that <=
    ``false_failure`` (see :func:`paired_samples`).
    """
    _paired_design(effect, significance, false_failure)
    values = _values(differences)
    n = values.numel()
    needed = paired_samples(effect, significance, false_failure)
    if n < needed:
        raise ValueError(
            f"{n} pairs are too few for a design effect of {effect} sd: need at least {needed}"
        )
    sd = float(values.std())
    critical = float(stats.t.isf(significance, n - 1)) * sd / math.sqrt(n)
    p_value = float(stats.ttest_1samp(values.numpy(), 0.0, alternative="greater").pvalue)
    wins = int((values > 0).sum())

    def rejection(true_mean: float) -> float:
        return float(
            stats.nct.cdf(critical * math.sqrt(n) / sd, n - 1, true_mean * math.sqrt(n) / sd)
        )

    return Check(
        what,
        float(values.mean()),
        "> 0",
        critical,
        math.inf,
        f"one-sided paired t-test, n={n}, {wins}/{n} pairs > 0, p = {p_value:.2g} "
        f"<= {significance:g} needed; effect size the design targets: {effect} sd",
        _missed(n, effect, significance),
        rejection,
        f"单侧配对 t 检验，n={n}，{wins}/{n} 对大于 0，p = {p_value:.2g}（须 ≤ {significance:g}）；"
        f"设计所针对的效应量：{effect} 个标准差",
    )


def effect_lower_bound(differences: torch.Tensor, false_failure: float = FALSE_FAILURE) -> float:
    """One-sided lower confidence bound, at level 1 - false_failure, for the true mean of
    ``differences`` in units of their standard deviation (inverting the noncentral t).

    A slow test uses it to confirm the design effect that :func:`paired_improvement` assumes.
    """
    alpha = _alpha(false_failure)
    values = _values(differences)
    n = values.numel()
    observed = float(values.mean() / values.std()) * math.sqrt(n)

    def excess(effect: float) -> float:
        return float(stats.nct.sf(observed, n - 1, effect * math.sqrt(n))) - alpha

    low, high = observed / math.sqrt(n) - 10, observed / math.sqrt(n)
    if excess(low) > 0:
        return low
    return float(optimize.brentq(excess, low, high))


class MedianInterval(NamedTuple):
    """A distribution-free confidence interval for the median of i.i.d. samples: the k-th
    smallest and the k-th largest of n. ``miss`` is the exact probability that it misses
    the median of a continuous distribution, whatever the distribution (at most the
    requested false-failure probability; ties only make a miss less likely)."""

    low: float
    high: float
    k: int
    n: int
    miss: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


def median_rank(n: int, false_failure: float = FALSE_FAILURE) -> int:
    """The largest k for which [X_(k), X_(n+1-k)], the k-th smallest and k-th largest of n
    i.i.d. samples, misses the median m with probability <= ``false_failure``.

    X_(k) > m exactly when fewer than k samples lie below m, and each sample lies below m
    with probability 1/2, so P(X_(k) > m) = P(B <= k - 1) for B ~ Binomial(n, 1/2); by
    symmetry the upper end misses with the same probability, and the interval misses with
    2 P(B <= k - 1), which grows with k.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"a median interval needs a positive number of samples, got {n!r}")
    if not 0 < false_failure < 1:
        raise ValueError(f"false_failure must be in (0, 1), got {false_failure}")
    # k <= (n + 1) / 2 keeps the k-th smallest below the k-th largest
    misses = 2 * stats.binom.cdf(np.arange((n + 1) // 2), n, 0.5)
    within = np.flatnonzero(misses <= false_failure)
    if within.size == 0:
        raise ValueError(
            f"{n} samples are too few for a median interval missing with probability <= "
            f"{false_failure:g}: even the smallest and the largest miss with "
            f"{float(misses[0]):.3g}"
        )
    return int(within[-1]) + 1


def median_interval(samples: torch.Tensor, false_failure: float = FALSE_FAILURE) -> MedianInterval:
    """The distribution-free interval [X_(k), X_(n+1-k)] for the median of i.i.d.
    ``samples``, k from :func:`median_rank`: it holds the median with probability at
    least 1 - ``false_failure`` whatever the samples' distribution.

    A looser ``false_failure`` than the checks' 1e-6 is allowed so that the interval's
    coverage can itself be measured."""
    values = _values(samples)
    n = values.numel()
    k = median_rank(n, false_failure)
    ordered = values.sort().values
    miss = float(2 * stats.binom.cdf(k - 1, n, 0.5))
    return MedianInterval(float(ordered[k - 1]), float(ordered[n - k]), k, n, miss)
