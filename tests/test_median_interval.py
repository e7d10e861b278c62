"""testing.median_interval, the distribution-free confidence interval for a median, checked
on its own: its rank against exact integer arithmetic, its coverage against the exact law
of uniform order statistics and against simulation, and its order statistics against
samples whose ranks are known."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
import torch
from scipy import stats

from dlspec import testing

F64 = torch.float64


def exact_miss(n, k):
    """2 P(Binomial(n, 1/2) <= k - 1), in exact rationals."""
    return Fraction(2 * sum(math.comb(n, j) for j in range(k)), 2**n)


@pytest.mark.parametrize("n", [21, 22, 25, 50, 100, 128, 129, 1000])
@pytest.mark.parametrize("false_failure", [1e-6, 1e-3, 0.1])
def test_the_rank_is_the_largest_whose_miss_probability_is_within_the_budget(n, false_failure):
    k = testing.median_rank(n, false_failure)
    budget = Fraction(false_failure)
    assert 1 <= k <= (n + 1) // 2, f"n {n}: rank {k}, expected in [1, {(n + 1) // 2}]"
    assert exact_miss(n, k) <= budget, (
        f"n {n}, rank {k}: miss probability {float(exact_miss(n, k)):.6g}, expected <= "
        f"{false_failure:g}"
    )
    # the next rank inward would overspend the budget, or leave no interval
    assert k == (n + 1) // 2 or exact_miss(n, k + 1) > budget, (
        f"n {n}: rank {k + 1} misses with {float(exact_miss(n, k + 1)):.6g} <= "
        f"{false_failure:g}, so {k} is not the largest"
    )
    interval = testing.median_interval(torch.arange(n, dtype=F64), false_failure)
    assert math.isclose(interval.miss, exact_miss(n, k), rel_tol=1e-12), (
        f"n {n}: reported miss {interval.miss!r}, exact {float(exact_miss(n, k))!r}"
    )


@pytest.mark.parametrize("n", [21, 64, 128, 500])
def test_the_exact_coverage_on_uniform_samples_is_one_minus_the_miss(n):
    """The k-th smallest of n uniforms is Beta(k, n + 1 - k): the interval holds 1/2 with
    probability F_k(1/2) - F_(n+1-k)(1/2), derived without the binomial."""
    k = testing.median_rank(n)
    coverage = stats.beta.cdf(0.5, k, n + 1 - k) - stats.beta.cdf(0.5, n + 1 - k, k)
    expected = 1 - float(exact_miss(n, k))
    assert abs(coverage - expected) <= 1e-12, (
        f"n {n}, rank {k}: coverage from the Beta laws {coverage!r}, expected {expected!r}"
    )
    assert coverage >= 1 - testing.FALSE_FAILURE, (
        f"n {n}: coverage {coverage!r}, expected >= 1 - {testing.FALSE_FAILURE}"
    )


def test_simulated_intervals_miss_the_median_as_often_as_stated():
    """At a loose level (10%) misses are frequent enough to count: 20000 intervals from 25
    uniforms each miss 1/2 at the stated rate, and an interval one rank narrower misses
    measurably more often."""
    n, trials, level = 25, 20000, 0.1
    generator = torch.Generator().manual_seed(20)
    samples = torch.rand(trials, n, generator=generator, dtype=F64)
    interval = testing.median_interval(samples[0], level)
    ordered = samples.sort(dim=1).values
    k = interval.k

    def misses(rank):
        return int(((ordered[:, rank - 1] > 0.5) | (ordered[:, n - rank] < 0.5)).sum())

    check = testing.proportion(misses(k), trials, interval.miss, "misses of 1/2")
    assert check.ok, check.explain()
    narrower = testing.proportion(misses(k + 1), trials, interval.miss)
    assert not narrower.ok, f"expected the narrower interval rejected: {narrower.explain()}"


def test_the_ends_are_the_kth_smallest_and_the_kth_largest_sample():
    n = 128
    generator = torch.Generator().manual_seed(5)
    ranks = (torch.randperm(n, generator=generator) + 1).to(F64)  # sample of rank r is r
    interval = testing.median_interval(ranks)
    k = testing.median_rank(n)
    assert (interval.low, interval.high, interval.k, interval.n) == (k, n + 1 - k, k, n), (
        f"interval {interval}, expected ends {k} and {n + 1 - k} with k {k}, n {n}"
    )
    assert interval.contains(64.5) and not interval.contains(k - 0.5), (
        f"{interval}: expected to contain 64.5 and not {k - 0.5}"
    )


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: testing.median_rank(20), ValueError, "20 samples are too few"),
        (lambda: testing.median_rank(0), ValueError, "positive number of samples, got 0"),
        (lambda: testing.median_rank(50, 0.0), ValueError, r"false_failure must be in \(0, 1\)"),
        (lambda: testing.median_rank(50, 1.0), ValueError, r"false_failure must be in \(0, 1\)"),
        (lambda: testing.median_interval([1.0, 2.0]), TypeError, "floating-point tensor"),
        (
            lambda: testing.median_interval(torch.tensor([1.0, math.nan] * 20)),
            ValueError,
            "NaN or infinity",
        ),
    ],
    ids=["too-few", "none", "zero-level", "one-level", "not-a-tensor", "nan"],
)
def test_bad_input_raises_naming_the_problem(call, error, message):
    with pytest.raises(error, match=message):
        call()
