"""R1, R2: what dropout does to its input in training, and that eval() switches it off.

impl.nn.Dropout takes its masks from PyTorch's global generator (PyTorch's has no generator
argument; dlspec's uses the global one unless given a generator), so these tests seed that
(from --spec-seed and the drawn seed) and the autouse fixture of spec/conftest.py restores it
afterwards.
"""

from __future__ import annotations

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from dlspec import testing

from .support import F64, SEEDS, per_example_false_failure

PROBABILITIES = st.floats(0.05, 0.95)
SIDES = st.integers(64, 160)


def dropped(impl, p, x, seed):
    """The output of a fresh training-mode ``Dropout(p)`` on ``x``, masks seeded by ``seed``."""
    torch.manual_seed(seed)
    layer = impl.nn.Dropout(p)
    layer.train()
    return layer(x)


def positive_inputs(rows, cols, generator, device):
    # bounded away from 0, so that a zero in the output can only come from the mask
    return 1 + torch.rand(rows, cols, generator=generator, device=device, dtype=F64)


# ---------------------------------------------------------------- R1


@pytest.mark.claim("R1")
@pytest.mark.statistical
@given(p=PROBABILITIES, rows=SIDES, cols=SIDES, seed=SEEDS)
def test_dropout_zeroes_each_element_independently_with_probability_p(
    impl, device, seeded, derive_seed, evidence, p, rows, cols, seed
):
    x = positive_inputs(2 * rows, cols, seeded(seed, device), device)
    zero = dropped(impl, p, x, derive_seed(seed)) == 0
    budget = per_example_false_failure() / 2
    evidence.check(
        testing.proportion(int(zero.sum()), zero.numel(), p, "fraction of elements zeroed", budget),
        claim="R1",
    )
    # one unit in two samples: dropped in both with probability p^2 only if every sample
    # has its own mask (a mask shared by the batch would give p)
    both = zero[0::2] & zero[1::2]
    evidence.check(
        testing.proportion(
            int(both.sum()),
            both.numel(),
            p * p,
            "fraction of units dropped in both samples",
            budget,
        ),
        claim="R1",
    )


@pytest.mark.claim("R1", counterexample=True)
@given(p=PROBABILITIES, seed=SEEDS)
def test_dropout_also_changes_the_elements_it_keeps_scaling_them_by_1_over_1_minus_p(
    impl, device, seeded, derive_seed, evidence, p, seed
):
    x = positive_inputs(64, 64, seeded(seed, device), device)
    y = dropped(impl, p, x, derive_seed(seed))
    kept = y != 0
    assert kept.any(), f"Dropout({p}) zeroed all {kept.numel()} elements, expected some kept"
    ratio = y[kept] / x[kept]
    # PyTorch multiplies by the rounded 1/(1-p), dlspec divides by (1-p): a few ulp apart
    gap = (ratio * (1 - p) - 1).abs().max().item()
    assert gap <= 4 * torch.finfo(F64).eps, (
        f"max |(output / input) (1 - p) - 1| on kept elements: {gap!r}, expected <= 4 ulp"
    )
    evidence.record("output / input on kept elements", ratio.mean(), 1 / (1 - p), "4 ulp relative")
    evidence.record(
        "kept elements left unchanged (the knowledge base's picture)",
        ratio.mean(),
        1.0,
        "exact",
        key=False,
        role="claim",
    )
    closest = (ratio - 1).abs().min().item()
    assert closest > 0.05, (
        f"min |output / input - 1| on kept elements: {closest}, expected > 0.05 (all scaled)"
    )


@pytest.mark.claim("R1")
@pytest.mark.statistical
@pytest.mark.parametrize("p", [0.1, 0.2, 0.5])
def test_the_expected_output_of_dropout_is_its_input(impl, device, derive_seed, evidence, p):
    ones = torch.ones(2**20, device=device, dtype=F64)
    y = dropped(impl, p, ones, derive_seed("expected output", p))
    # each output is 0 or 1/(1-p): mean 1, variance p/(1-p)
    check = testing.mean(y, 1.0, variance=p / (1 - p), what="mean of Dropout(p)(1)")
    evidence.check(check, claim="R1")
    powers = check.power(1.03), check.power(0.97)
    assert min(powers) > 1 - 1e-6, (
        f"power against a mean of 1.03, 0.97: {powers}, expected > 1 - 1e-6 each"
    )
    without_scaling = testing.mean(y * (1 - p), 1.0, variance=p / (1 - p))
    assert not without_scaling.ok, (  # negative control
        f"unscaled dropout passed the mean check: {without_scaling.explain()}"
    )


@pytest.mark.claim("R1")
@pytest.mark.parametrize("p", [0.0, 1.0])
def test_dropout_with_p_0_is_the_identity_and_with_p_1_outputs_zeros(
    impl, device, rng, evidence, p
):
    x = torch.randn(32, 16, generator=rng, device=device, dtype=F64)
    y = dropped(impl, p, x, 0)
    expected = x if p == 0 else torch.zeros_like(x)
    gap = (y - expected).abs().max().item()
    evidence.record(f"max |Dropout({p})(x) - expected|", gap, 0.0)
    assert torch.equal(y, expected), f"max |Dropout({p})(x) - expected| = {gap}, expected 0"


# ---------------------------------------------------------------- R2


@pytest.mark.claim("R2")
@given(p=st.floats(0, 1), rows=st.integers(1, 32), cols=st.integers(1, 32), seed=SEEDS)
def test_in_eval_mode_dropout_returns_its_input_unchanged(
    impl, device, seeded, evidence, p, rows, cols, seed
):
    x = torch.randn(rows, cols, generator=seeded(seed, device), device=device, dtype=F64)
    layer = impl.nn.Dropout(p)
    layer.eval()
    changed = int((layer(x) != x).sum())
    evidence.record("elements changed by Dropout in eval mode", changed, 0)
    assert torch.equal(layer(x), x), f"Dropout({p}) in eval mode changed {changed} elements"


@pytest.mark.claim("R2")
@given(p=PROBABILITIES, seed=SEEDS)
def test_in_train_mode_dropout_draws_a_new_mask_at_every_call(
    impl, device, seeded, derive_seed, evidence, p, seed
):
    # two independent masks of n elements agree with probability (p^2 + (1-p)^2)^n,
    # below 1e-170 here
    x = positive_inputs(64, 64, seeded(seed, device), device)
    torch.manual_seed(derive_seed(seed))
    layer = impl.nn.Dropout(p)
    first, second = layer(x), layer(x)
    agree = (first == 0) == (second == 0)
    assert not agree.all(), f"two calls of Dropout({p}) drew the same {agree.numel()}-element mask"
    # two fresh masks agree at a position with probability p^2 + (1-p)^2; a mask redrawn
    # for only some calls or positions would agree more often
    evidence.check(
        testing.proportion(
            int(agree.sum()),
            agree.numel(),
            p * p + (1 - p) ** 2,
            "fraction of mask positions equal in two calls",
            per_example_false_failure(),
        )
    )


class ModeBlindDropout(torch.nn.Module):
    """A wrong dropout: it keeps dropping in eval mode."""

    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        return torch.nn.functional.dropout(x, self.p, training=True)


def nested_network(impl, dropout_class):
    inner = impl.mlp([8, 16, 16], dropout=0.5)
    block = impl.nn.Sequential(dropout_class(0.5), impl.nn.Linear(16, 4))
    return impl.nn.Sequential(inner, impl.nn.ReLU(), block).to(F64)


def eval_is_deterministic_and_train_is_not(net, x):
    net.eval()
    quiet = torch.equal(net(x), net(x))
    net.train()
    noisy = not torch.equal(net(x), net(x))
    return quiet and noisy


@pytest.mark.claim("R2")
def test_eval_and_train_reach_dropout_nested_inside_submodules(impl, device, rng, evidence):
    x = torch.randn(64, 8, generator=rng, device=device, dtype=F64)
    torch.manual_seed(0)
    net = nested_network(impl, impl.nn.Dropout).to(device)
    assert eval_is_deterministic_and_train_is_not(net, x), (
        "expected eval() to make the nested network deterministic and train() random again"
    )
    net.eval()
    switched = sum(type(m).__name__ == "Dropout" and not m.training for m in net.modules())
    evidence.record("Dropout layers switched off by one eval() on the outer network", switched, 2)
    without_dropout = [
        m for m in net.modules() if not list(m.children()) and type(m).__name__ != "Dropout"
    ]
    plain = impl.nn.Sequential(*without_dropout)
    gap = (net(x) - plain(x)).abs().max().item()
    # every unit takes part, unscaled
    assert gap == 0, f"max |net(x) - net without Dropout(x)| in eval mode: {gap}, expected 0"
    blind = nested_network(impl, ModeBlindDropout).to(device)
    assert not eval_is_deterministic_and_train_is_not(blind, x), (
        "negative control: a dropout that ignores eval() passed as mode-aware"
    )
