"""Each instrument helper on its own, against a value worked out another way on a known input,
chosen so that a plausible wrong version gets it wrong: an interval edge one quantile off, a
standard deviation with the wrong divisor, an open interval where a closed one is promised,
a mean where a median is meant, a count that misses a kind of outcome. The spec's tests use
these helpers inside larger statements, where an error of a fraction of a percent in a bound
passes unnoticed; here it fails.

The statistical checks (``dlspec.testing``), the timing ratio (``dlspec.timing``), the
tracer (``dlspec.propagation``), the symbolic helpers (``dlspec.symbolic``) and the GPU
summary's counts (``.ci/gpu_summary.py``); the median interval, the rounding bounds and the
release comparison have files of their own (test_median_interval, test_rounding,
test_compatibility).
"""

from __future__ import annotations

import math
import random
import re
import runpy
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy
import torch
from scipy import optimize, stats

from dlspec import propagation, symbolic, testing, timing

ROOT = Path(__file__).resolve().parents[1]
ALPHA = 1e-6


def global_generators() -> tuple[Any, ...]:
    """The state of every global random generator an instrument could draw from."""
    return (torch.random.get_rng_state(), np.random.get_state()[1].copy(), random.getstate())


def same_generators(before: tuple[Any, ...], after: tuple[Any, ...]) -> bool:
    return (
        torch.equal(before[0], after[0])
        and np.array_equal(before[1], after[1])
        and before[2] == after[2]
    )


# --- dlspec.testing ------------------------------------------------------------------------


def test_the_proportion_check_s_edges_leave_at_most_half_the_false_failure_in_each_tail() -> None:
    n, p = 10_000, 0.3
    check = testing.proportion(3000, n, p)
    k_low, k_high = round(check.low * n), round(check.high * n)
    # the widest interval whose two tails each hold at most alpha / 2, and no wider
    assert stats.binom.cdf(k_low - 1, n, p) <= ALPHA / 2 < stats.binom.cdf(k_low, n, p)
    assert stats.binom.sf(k_high, n, p) <= ALPHA / 2 < stats.binom.sf(k_high - 1, n, p)
    assert check.power(p) == pytest.approx(
        stats.binom.cdf(k_low - 1, n, p) + stats.binom.sf(k_high, n, p), rel=1e-12
    )
    assert check.power(p) <= ALPHA


def test_a_check_s_acceptance_interval_is_closed_at_both_ends() -> None:
    n, p = 10_000, 0.3
    edges = testing.proportion(3000, n, p)
    k_low, k_high = round(edges.low * n), round(edges.high * n)
    assert testing.proportion(k_low, n, p).ok and testing.proportion(k_high, n, p).ok
    assert not testing.proportion(k_low - 1, n, p).ok
    assert not testing.proportion(k_high + 1, n, p).ok


def test_the_mean_check_with_unknown_variance_uses_student_t_and_the_n_minus_1_sd() -> None:
    samples = torch.tensor([1.0, 2.0, 3.0, 4.0], dtype=torch.float64)
    check = testing.mean(samples, 2.5)
    sd = math.sqrt(((1.5**2 + 0.5**2) * 2) / 3)  # sum of squared deviations over n - 1
    half = stats.t.isf(ALPHA / 2, 3) * sd / 2
    assert (check.measured, check.low, check.high) == pytest.approx(
        (2.5, 2.5 - half, 2.5 + half), rel=1e-12
    )


def test_the_mean_check_with_known_variance_uses_the_normal_quantile() -> None:
    samples = torch.tensor([0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0], dtype=torch.float64)
    check = testing.mean(samples, 3.0, variance=4.0)
    half = stats.norm.isf(ALPHA / 2) * 2.0 / math.sqrt(8)
    assert (check.measured, check.low, check.high) == pytest.approx(
        (3.5, 3.0 - half, 3.0 + half), rel=1e-12
    )
    assert check.power(3.0) == pytest.approx(ALPHA, rel=1e-6)


@pytest.mark.parametrize(
    "variance, error, named",
    [
        ("a name", TypeError, "variance must be a real number, got str"),  # meant as `what`
        (True, TypeError, "variance must be a real number, got bool"),
        (0.0, ValueError, "variance must be > 0"),
        (-1.0, ValueError, "variance must be > 0"),
        (math.nan, ValueError, "variance must be finite"),
    ],
)
def test_the_mean_check_refuses_a_variance_that_is_not_a_positive_number(
    variance: object, error: type[Exception], named: str
) -> None:
    samples = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
    with pytest.raises(error, match=re.escape(named)):
        testing.mean(samples, 2.0, variance)  # type: ignore[arg-type]


@pytest.mark.parametrize("known_mean", [None, 0.5])
def test_the_variance_check_s_edges_are_chi_square_quantiles_over_the_degrees_of_freedom(
    known_mean: float | None,
) -> None:
    samples = torch.tensor([0.0, 1.0, 3.0, 4.0, 7.0], dtype=torch.float64)
    check = testing.variance(samples, 2.0, known_mean=known_mean)
    if known_mean is None:  # the unbiased sample variance, n - 1 degrees of freedom
        dof, measured = 4, float(np.var(samples.numpy(), ddof=1))
    else:
        dof, measured = 5, float(np.mean((samples.numpy() - 0.5) ** 2))
    low = 2.0 * stats.chi2.ppf(ALPHA / 2, dof) / dof
    high = 2.0 * stats.chi2.isf(ALPHA / 2, dof) / dof
    assert (check.measured, check.low, check.high) == pytest.approx((measured, low, high), 1e-12)
    assert check.power(2.0) == pytest.approx(ALPHA, rel=1e-6)


@pytest.mark.parametrize("relative_error", [0.03, 0.1])
def test_chi_square_samples_is_the_smallest_size_that_catches_the_error(
    relative_error: float,
) -> None:
    def missed(n: int) -> float:
        low, high = stats.chi2.ppf(ALPHA / 2, n) / n, stats.chi2.isf(ALPHA / 2, n) / n
        return max(
            stats.chi2.cdf(high * n / (1 + relative_error), n),
            stats.chi2.sf(low * n / (1 - relative_error), n),
        )

    n = testing.chi_square_samples(relative_error)
    assert missed(n) <= ALPHA < missed(n - 1), (n, missed(n), missed(n - 1))


def test_paired_samples_is_the_smallest_number_of_pairs_for_the_design() -> None:
    effect, significance = 0.5, 1e-3

    def missed(n: int) -> float:
        critical = stats.t.isf(significance, n - 1)
        return float(stats.nct.cdf(critical, n - 1, effect * math.sqrt(n)))

    n = testing.paired_samples(effect, significance)
    assert missed(n) <= ALPHA < missed(n - 1), (n, missed(n), missed(n - 1))


def test_effect_lower_bound_inverts_the_noncentral_t_at_the_false_failure() -> None:
    differences = torch.tensor([0.9, 1.4, 0.2, 1.1, 0.7, 1.6, 0.4, 1.0], dtype=torch.float64)
    bound = testing.effect_lower_bound(differences)
    values = differences.numpy()
    n, observed = len(values), values.mean() / values.std(ddof=1) * math.sqrt(len(values))
    root = optimize.brentq(
        lambda d: stats.nct.sf(observed, n - 1, d * math.sqrt(n)) - ALPHA, -20, 20, xtol=1e-12
    )
    assert bound == pytest.approx(root, abs=1e-9)
    assert bound < values.mean() / values.std(ddof=1)  # a lower bound lies below the estimate


def test_the_paired_check_passes_on_a_clear_improvement_and_fails_on_none() -> None:
    n = testing.paired_samples(1.0)
    steady = torch.linspace(-1.0, 1.0, n, dtype=torch.float64)
    improved = testing.paired_improvement(steady + 2.0, effect=1.0)
    none = testing.paired_improvement(steady, effect=1.0)
    assert improved.ok and not none.ok
    critical = stats.t.isf(1e-3, n - 1) * float(steady.std()) / math.sqrt(n)
    assert none.low == pytest.approx(critical, rel=1e-12)


def test_a_check_explains_itself_with_its_numbers_and_verdict() -> None:
    samples = torch.arange(1.0, 101.0, dtype=torch.float64)
    outside = testing.mean(samples, 10.0)
    assert "measured 50.5, predicted 10; OUTSIDE the acceptance interval [" in outside.explain()
    inside = testing.mean(samples, 50.5)
    assert "inside the acceptance interval" in inside.explain()


# --- dlspec.timing ---------------------------------------------------------------------------


def test_the_timing_ratio_is_of_medians_so_one_slow_call_does_not_move_it() -> None:
    bare = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 100.0])  # one call hit by a hiccup
    traced = np.array([2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0])
    ratio = timing.ratio_of_medians(traced, bare)
    assert ratio.value == 2.0, ratio
    assert ratio.low <= 2.0 <= ratio.high and ratio.pairs == 8 and ratio.confidence == 0.95


def test_interleaving_alternates_the_two_calls_after_one_warm_up_each() -> None:
    calls: list[str] = []
    ticks = iter(range(100))
    first, second = timing.interleaved(
        lambda: calls.append("a"), lambda: calls.append("b"), 3, lambda: float(next(ticks))
    )
    assert calls == ["a", "b"] * 4
    assert first.tolist() == [1.0] * 3 and second.tolist() == [1.0] * 3


# --- dlspec.propagation ----------------------------------------------------------------------


def test_the_tracer_s_moments_equal_the_layer_outputs_moments_and_keep_no_graph() -> None:
    generator = torch.Generator().manual_seed(7)
    linear = torch.nn.Linear(3, 4, dtype=torch.float64)
    with torch.no_grad():
        linear.weight.copy_(torch.randn(4, 3, generator=generator, dtype=torch.float64))
        linear.bias.copy_(torch.randn(4, generator=generator, dtype=torch.float64))
    layers = [linear, torch.nn.ReLU()]
    inputs = torch.randn(5, 3, generator=generator, dtype=torch.float64)
    upstream = torch.randn(5, 4, generator=generator, dtype=torch.float64)
    before = global_generators()
    traced = propagation.trace(
        layers, inputs, over=(-1,), backward=True, upstream=upstream, keep=True
    )
    assert same_generators(before, global_generators()), "the tracer drew from a global generator"

    h1 = inputs @ linear.weight.detach().T + linear.bias.detach()
    h2 = h1.clamp_min(0)
    g2 = upstream
    g1 = upstream * (h1 > 0)
    for row, (h, g) in enumerate([(h1, g1), (h2, g2)]):
        torch.testing.assert_close(traced.forward["mean"][row], h.mean(-1), rtol=1e-12, atol=0)
        torch.testing.assert_close(
            traced.forward["second_moment"][row], (h**2).mean(-1), rtol=1e-12, atol=1e-15
        )
        torch.testing.assert_close(
            traced.forward["variance"][row], h.var(-1, unbiased=False), rtol=1e-10, atol=1e-14
        )
        assert traced.backward is not None
        torch.testing.assert_close(
            traced.backward["second_moment"][row], (g**2).mean(-1), rtol=1e-12, atol=1e-15
        )
    assert traced.layers == ["Linear", "ReLU"] and traced.rows("ReLU") == [1]
    assert traced.outputs is not None
    assert all(out.grad_fn is None and not out.requires_grad for out in traced.outputs)
    stats_tensors = [*traced.forward.values(), *traced.backward.values()]
    assert all(t.grad_fn is None and not t.requires_grad for t in stats_tensors)
    assert inputs.grad is None and not inputs.requires_grad  # the caller's tensor untouched


# --- dlspec.symbolic -------------------------------------------------------------------------


def test_the_symbolic_helpers_give_the_known_series_of_tanh_and_sigmoid() -> None:
    x = symbolic.x
    assert symbolic.coefficients(sympy.tanh(x), 5) == [0, 1, 0, sympy.Rational(-1, 3), 0,
                                                       sympy.Rational(2, 15)]  # fmt: skip
    assert symbolic.identical(symbolic.maclaurin(1 / (1 + sympy.exp(-x)), 3),
                              sympy.Rational(1, 2) + x / 4 - x**3 / 48)  # fmt: skip
    assert symbolic.identical(symbolic.next_term(sympy.tanh(x), 3), sympy.Rational(2, 15) * x**5)
    assert symbolic.identical(symbolic.derivative(sympy.tanh(x), 2),
                              sympy.diff(sympy.tanh(x), x, 2))  # fmt: skip
    assert not symbolic.identical(sympy.tanh(x), x - x**3 / 3)


@pytest.mark.parametrize("helper", ["derivative", "maclaurin", "coefficients", "next_term"])
def test_an_expression_in_another_symbol_x_is_refused_not_treated_as_a_constant(
    helper: str,
) -> None:
    plain_x = sympy.Symbol("x")  # not real=True: sympy's x, not dlspec's
    with pytest.raises(ValueError, match=r"other than dlspec\.symbolic\.x"):
        getattr(symbolic, helper)(sympy.tanh(plain_x), 3)


# --- .ci/gpu_summary.py ----------------------------------------------------------------------

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest">
<testcase classname="spec.test_a" name="test_passes" />
<testcase classname="spec.test_a" name="test_fails"><failure message="assert 1 == 2" /></testcase>
<testcase classname="spec.test_a" name="test_errs"><error message="fixture broke" /></testcase>
<testcase classname="spec.test_a" name="test_both"><failure message="x" /><error message="y" />
</testcase>
<testcase classname="spec.test_a" name="test_skips"><skipped type="pytest.skip" message="no" />
</testcase>
<testcase classname="spec.test_a" name="test_xfails"><skipped type="pytest.xfail" message="d" />
</testcase>
</testsuite></testsuites>
"""


def test_the_gpu_summary_counts_each_outcome_once_and_names_every_failure(tmp_path: Path) -> None:
    counts = runpy.run_path(str(ROOT / ".ci" / "gpu_summary.py"))["counts"]
    (tmp_path / "run.xml").write_text(JUNIT)
    tally, failing = counts(tmp_path / "run.xml")
    assert tally == {"passed": 1, "failed": 3, "skipped": 1, "xfailed": 1}
    assert failing == [
        "spec.test_a::test_fails", "spec.test_a::test_errs", "spec.test_a::test_both"
    ]  # fmt: skip
