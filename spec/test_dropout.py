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

from .support import F64, SEEDS, Both, per_example_false_failure

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
    params = {"p": p, "shape": (2 * rows, cols)}
    evidence.check(
        testing.proportion(int(zero.sum()), zero.numel(), p, "fraction of elements zeroed", budget),
        claim="R1",
        zh="被置零的元素比例",
        learner=True,
        params=params,
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
        zh="同一单元在两个样本中都被丢弃的比例",
        learner=True,
        params=params,
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
    evidence.record(
        Both("output / input on kept elements", "保留元素的输出 / 输入"),
        ratio.mean(),
        1 / (1 - p),
        Both("4 ulp relative", "相对误差 4 ulp"),
        learner=True,
        params={"p": p},
    )
    evidence.record(
        Both(
            "kept elements left unchanged (the knowledge base's picture)",
            "保留的元素保持不变（知识库的设想）",
        ),
        ratio.mean(),
        1.0,
        "exact",
        key=False,
        role="claim",
        params={"p": p},
    )
    closest = (ratio - 1).abs().min().item()
    assert closest > 0.05, (
        f"min |output / input - 1| on kept elements: {closest}, expected > 0.05 (all scaled)"
    )


@pytest.mark.claim("R1")
def test_a_worked_example_dropout_0_5_doubles_every_element_it_keeps_and_zeroes_the_rest(
    impl, device, derive_seed, evidence
):
    # ten inputs of one decimal each, the same for every implementation, so that the figure
    # reads at a glance
    generator = torch.Generator(device=device).manual_seed(derive_seed("worked example input"))
    x = torch.round(5 + 25 * torch.rand(10, generator=generator, device=device, dtype=F64)) / 10
    # the first of a few masks that both keeps and drops, so that the figure shows both: a mask
    # of p = 0.5 keeps all ten or none with probability 2^-9
    for attempt in range(8):
        y = dropped(impl, 0.5, x, derive_seed("worked example mask", attempt))
        kept = y != 0
        if kept.any() and not kept.all():
            break
    assert kept.any() and not kept.all(), (
        f"Dropout(0.5) kept {int(kept.sum())} of 10 elements in each of 8 masks, expected "
        f"some kept and some dropped"
    )
    # 1/(1 - 0.5) = 2 and x / 0.5 = 2x are exact in binary floating point, so nothing rounds
    doubled = torch.where(kept, 2 * x, torch.zeros_like(x))
    assert torch.equal(y, doubled), (
        f"Dropout(0.5)(x) in training mode = {y.tolist()} for x = {x.tolist()}, expected every "
        f"element 0 or exactly 2x: {doubled.tolist()}"
    )
    evidence.record(
        Both(
            "max |output - 2 × input| on the kept elements of the worked example",
            "示例中保留元素的 max |输出 - 2 × 输入|",
        ),
        (y - 2 * x)[kept].abs().max(),
        0.0,
        params={"p": 0.5, "n": 10},
    )
    figure = Both(
        "a worked example: Dropout(0.5) on ten inputs in training mode",
        "示例：训练模式下 Dropout(0.5) 作用于十个输入",
    )
    axes = (Both("element", "元素序号"), Both("value", "值"))
    elements = list(range(1, 11))
    # the same words for every implementation: their masks may differ
    notice = Both(
        "Dropout(0.5) doubles every element it keeps, exactly: each kept output point lies on "
        "(and covers) its 2 × input mark, and each dropped one is at 0, below its mark. Scaling "
        "the kept elements by 1/(1 - p) = 2 is what keeps the expected output equal to the "
        "input.",
        "Dropout(0.5) 把保留的每个元素都恰好翻倍：每个保留的输出点都落在（并盖住）它的 2 × 输入"
        "标记上，每个被丢弃的点都在 0 处，位于标记下方。正是把保留的元素乘以 1/(1 - p) = 2，丢弃"
        "法的期望输出才等于输入。",
    )
    evidence.plot(
        figure,
        Both("input x", "输入 x"),
        elements,
        x,
        kind="bars",
        axes=axes,
        role="measured",
        notice=notice,
    )
    # points, not bars, so that nothing overlaps; the output is drawn last, over its mark
    evidence.plot(
        figure, Both("2 × input", "2 × 输入"), elements, 2 * x, kind="points", role="precise"
    )
    evidence.plot(
        figure,
        Both("output Dropout(0.5)(x)", "输出 Dropout(0.5)(x)"),
        elements,
        y,
        kind="points",
        role="measured",
    )


@pytest.mark.claim("R1")
@pytest.mark.statistical
@pytest.mark.parametrize("p", [0.1, 0.2, 0.5])
def test_the_expected_output_of_dropout_is_its_input(impl, device, derive_seed, evidence, p):
    ones = torch.ones(2**20, device=device, dtype=F64)
    y = dropped(impl, p, ones, derive_seed("expected output", p))
    # each output is 0 or 1/(1-p): mean 1, variance p/(1-p)
    check = testing.mean(y, 1.0, variance=p / (1 - p), what="mean of Dropout(p)(1)")
    evidence.check(
        check,
        claim="R1",
        zh="Dropout(p)(1) 的均值",
        learner=True,
        params={"p": p, "samples": ones.numel()},
    )
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
    evidence.record(
        Both(f"max |Dropout({p})(x) - expected|", f"max |Dropout({p})(x) - 期望输出|"),
        gap,
        0.0,
        params={"p": p},
    )
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
    evidence.record(
        Both("elements changed by Dropout in eval mode", "评估模式下被 Dropout 改变的元素数"),
        changed,
        0,
        learner=True,
        params={"p": p, "shape": (rows, cols)},
    )
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
        ),
        zh="两次调用的掩码在同一位置相同的比例",
        learner=True,
        params={"p": p, "shape": (64, 64)},
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
    evidence.record(
        Both(
            "Dropout layers switched off by one eval() on the outer network",
            "对外层网络调用一次 eval() 后关闭的 Dropout 层数",
        ),
        switched,
        2,
        learner=True,
        params={"p": 0.5},
    )
    without_dropout = [
        m for m in net.modules() if not list(m.children()) and type(m).__name__ != "Dropout"
    ]
    plain = impl.nn.Sequential(*without_dropout)
    gap = (net(x) - plain(x)).abs().max().item()
    evidence.record(
        Both(
            "max |network in eval mode - the same network without its Dropout layers|",
            "max |评估模式下的网络 - 去掉 Dropout 层的同一网络|",
        ),
        gap,
        0.0,
        learner=True,
        params={"p": 0.5},
    )
    # every unit takes part, unscaled
    assert gap == 0, f"max |net(x) - net without Dropout(x)| in eval mode: {gap}, expected 0"
    blind = nested_network(impl, ModeBlindDropout).to(device)
    assert not eval_is_deterministic_and_train_is_not(blind, x), (
        "negative control: a dropout that ignores eval() passed as mode-aware"
    )
