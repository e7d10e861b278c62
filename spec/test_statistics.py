"""Negative controls for the statistical checks that decide A7-A10, and the size of the
paired design that decides R1, R3 and R4.

Each check must accept the right model with false-failure probability <= 1e-6 and reject a
model that is wrong by a few percent. Both halves are shown here: the exact error rates
from the check's own sampling distribution, and a wrong implementation failing the very
check that the claim's test uses.
"""

from __future__ import annotations

import math

import pytest
import torch
from scipy import stats

from dlspec import testing

from .support import F64, Both, second_moments, xavier_layers

pytestmark = pytest.mark.statistical


def rejected(check):
    """The predicted value and tolerance of a record of a check that must reject: the
    measured value lies outside the check's acceptance interval."""
    return f"∉ [{check.low:.6g}, {check.high:.6g}]", Both(check.tolerance, check.tolerance_zh)


@pytest.mark.claim("A7")
def test_the_proportion_check_accepts_the_true_rate_and_rejects_one_three_percent_off(
    device, rng, evidence
):
    p, n = 0.3173, 2**20
    draws = torch.rand(n, generator=rng, device=device, dtype=F64)
    right = testing.proportion(int((draws < p).sum()), n, p)
    wrong = testing.proportion(int((draws < p * 1.03).sum()), n, p)
    false_failure = right.power(p)  # computed exactly
    assert false_failure <= 1e-6, (
        f"proportion check: false-failure rate {false_failure!r}, expected <= 1e-6"
    )
    powers = {factor: right.power(p * factor) for factor in (1.03, 0.97)}
    assert all(power >= 1 - 1e-6 for power in powers.values()), (
        f"proportion check: power against the rate times {powers}, expected >= 1 - 1e-6 each"
    )
    assert right.ok, right.explain()
    assert not wrong.ok, f"expected a rejection: {wrong.explain()}"
    evidence.record(
        Both("proportion check on a 3%-high rate: rejected", "比例检验遇到高 3% 的比率：被拒绝"),
        wrong.measured,
        *rejected(wrong),
        params={"samples": n},
    )


@pytest.mark.claim("A8")
def test_the_mean_check_accepts_the_true_mean_and_rejects_a_small_offset(device, rng, evidence):
    n, offset = 2**18, 0.02  # an offset of 2% of the standard deviation
    samples = torch.randn(n, generator=rng, device=device, dtype=F64)
    right = testing.mean(samples, 0.0, 1.0)
    wrong = testing.mean(samples + offset, 0.0, 1.0)
    unknown = testing.mean(samples, 0.0)  # Student t with the sample variance
    false_failures = {"known sd": right.power(0.0), "sample sd": unknown.power(0.0)}
    assert all(rate <= 1e-6 for rate in false_failures.values()), (
        f"mean check: false-failure rates {false_failures}, expected <= 1e-6 each"
    )
    power = right.power(offset)
    assert power >= 1 - 1e-6, (
        f"mean check: power against an offset of {offset} sd = {power!r}, expected >= 1 - 1e-6"
    )
    assert right.ok and unknown.ok, f"{right.explain()}; {unknown.explain()}"
    assert not wrong.ok, f"expected a rejection: {wrong.explain()}"
    evidence.record(
        Both(
            "mean check on samples shifted by 0.02 sd: rejected",
            "均值检验遇到平移 0.02 个标准差的样本：被拒绝",
        ),
        wrong.measured,
        *rejected(wrong),
        params={"samples": n},
    )


@pytest.mark.claim("A7", "A9", "A10")
def test_the_variance_check_accepts_the_true_variance_and_rejects_three_percent_off(
    device, rng, evidence
):
    n = testing.chi_square_samples(0.03)
    samples = torch.randn(n, generator=rng, device=device, dtype=F64)
    right = testing.variance(samples, 1.0, known_mean=0.0)
    sample_mean = testing.variance(samples, 1.0)
    high = testing.variance(samples * math.sqrt(1.03), 1.0, known_mean=0.0)
    low = testing.variance(samples * math.sqrt(0.97), 1.0, known_mean=0.0)
    false_failure, power = right.power(1.0), right.power(1.03)
    # at the truth the two tails hold alpha / 2 each, exactly but for scipy's rounding (a
    # relative error near 1e-15): 1e-9 of slack covers it and no real excess
    assert false_failure <= 1e-6 * (1 + 1e-9) and power >= 1 - 1e-6, (
        f"variance check: false-failure rate {false_failure!r}, expected <= 1e-6; power "
        f"against 1.03 {power!r}, expected >= 1 - 1e-6"
    )
    assert right.ok and sample_mean.ok, f"{right.explain()}; {sample_mean.explain()}"
    assert not high.ok and not low.ok, f"expected rejections: {high.explain()}; {low.explain()}"
    for claim in ("A7", "A9", "A10"):
        evidence.record(
            Both(
                "variance check on 3%-high samples: rejected",
                "方差检验遇到方差高 3% 的样本：被拒绝",
            ),
            high.measured,
            *rejected(high),
            claim=claim,
            params={"samples": n},
        )


@pytest.mark.claim("A7")
def test_confusing_the_xavier_variance_with_its_standard_deviation_fails_the_a7_check(
    impl, device, rng, evidence
):
    n_in, n_out = 24, 40
    inputs = torch.randn(n_in, generator=rng, device=device, dtype=F64)
    layer = xavier_layers(impl, n_in, n_out, 4000, rng, device)
    with torch.no_grad():  # std := 2/(n_in + n_out) instead of its square root
        layer.weight.mul_(math.sqrt(2 / (n_in + n_out)))
    predicted = 2 * n_in / (n_in + n_out) * (inputs**2).mean().item()
    check = testing.variance(layer(inputs), predicted, known_mean=0.0)
    assert not check.ok, f"expected a rejection: {check.explain()}"
    evidence.record(
        Both(
            "A7 check on a mis-scaled Xavier layer: rejected",
            "A7 的检验遇到缩放错误的 Xavier 层：被拒绝",
        ),
        check.measured,
        *rejected(check),
        params={"n_in": n_in, "n_out": n_out},
    )


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("tanh", marks=pytest.mark.claim("A9")),
        pytest.param("scaled_sigmoid", marks=pytest.mark.claim("A10")),
    ],
)
@pytest.mark.parametrize("sigma_w2", [0.97, 1.03])
def test_a_weight_variance_three_percent_off_fails_the_per_layer_law(
    impl, device, rng, evidence, name, sigma_w2
):
    """The network is built with sigma_w2 but standardised as if it were 1."""
    phi = getattr(impl, name)
    shown = {"scaled_sigmoid": "4σ(x) − 2"}.get(name, name)
    exact, _, _ = second_moments(phi, 128, 16, 128, rng, device, sigma_w2=sigma_w2)
    check = testing.variance(exact * math.sqrt(sigma_w2), 1.0, known_mean=0.0)
    assert not check.ok, f"expected a rejection: {check.explain()}"
    evidence.record(
        Both(
            f"{shown}: per-layer law with σ_w² = {sigma_w2} checked as 1: rejected",
            f"{shown} 网络中 σ_w² = {sigma_w2} 的逐层规律按 1 检验：被拒绝",
        ),
        check.measured,
        *rejected(check),
        params={"width": 128, "depth": 16, "networks": 128},
    )


@pytest.mark.claim("R4")
def test_the_paired_design_is_the_smallest_that_misses_the_design_effect_below_1e_6(evidence):
    """The t statistic of n paired differences whose mean is `effect` standard deviations is
    noncentral t(n - 1, effect sqrt(n)); the one-sided test at 1e-3 misses it with
    probability P(T < t_(1-1e-3, n-1))."""
    effect, significance = 1.0, 1e-3

    def missed(n):
        critical = stats.t.isf(significance, n - 1)
        return stats.nct.cdf(critical, n - 1, effect * math.sqrt(n))

    n = testing.paired_samples(effect, significance)
    assert missed(n) <= testing.FALSE_FAILURE < missed(n - 1), (
        f"paired design of {n} data sets: P(miss) = {missed(n):.3g}, and {missed(n - 1):.3g} "
        f"at n - 1; expected <= {testing.FALSE_FAILURE} at n only"
    )
    evidence.record(
        Both(
            f"P(miss) of a 1 sd effect with the design's n = {n} paired data sets, and with n - 1",
            f"设计的 n = {n} 个配对数据集与 n - 1 个时漏检 1 个标准差效应的 P(miss)",
        ),
        f"{missed(n):.2g}, {missed(n - 1):.2g}",
        f"<= {testing.FALSE_FAILURE:.0e}, > {testing.FALSE_FAILURE:.0e}",
        params={"data sets": n},
    )
