"""A3-A6: sigmoid, tanh, ReLU, leaky ReLU and PReLU: ranges, slopes, saturation, dead units.

Exact statements are checked with sympy; the implementations are checked with autograd over
hypothesis-drawn floats, extreme values included.
"""

from __future__ import annotations

import math

import pytest
import sympy as sp
import torch
from hypothesis import given
from hypothesis import strategies as st

from dlspec import activations, symbolic
from dlspec.symbolic import x

from .support import DTYPES, SEEDS, Both, floats, raises_naming_the_problem, reinitialise

WIDTHS = st.sampled_from([32, 64])


def value_and_grad(f, point: float, dtype: torch.dtype, device: torch.device):
    t = torch.tensor(point, dtype=dtype, device=device, requires_grad=True)
    y = f(t)
    (g,) = torch.autograd.grad(y, t)
    return y.item(), g.item()


# ---------------------------------------------------------------- A3: sigmoid


@pytest.mark.claim("A3")
def test_sigmoid_maps_the_real_line_onto_the_open_unit_interval(evidence):
    s = symbolic.SIGMOID
    low, high = sp.limit(s, x, -sp.oo), sp.limit(s, x, sp.oo)
    slope = symbolic.derivative(s)
    # s' = s (1 - s) > 0: strictly increasing between its two limits, never reaching them
    assert symbolic.identical(slope, s * (1 - s)), f"sigmoid' = {slope}, expected s (1 - s)"
    assert (low, high) == (0, 1), f"limits of sigmoid at -oo, +oo: ({low}, {high}), expected (0, 1)"
    evidence.record(
        Both("limits of sigmoid at -oo, +oo", "sigmoid 在 -∞ 与 +∞ 处的极限"),
        f"({low}, {high})",
        "(0, 1)",
    )


@pytest.mark.claim("A3", "A8")
def test_sigmoid_derivative_peaks_at_exactly_one_quarter_at_zero(evidence):
    slope = symbolic.derivative(symbolic.SIGMOID)
    critical = sp.solve(sp.Eq(symbolic.derivative(slope), 0), x)
    peak = slope.subs(x, 0)
    bend, curvature = (symbolic.derivative(slope, order).subs(x, 0) for order in (1, 2))
    assert critical == [0], f"zeros of sigmoid'': {critical}, expected [0]"
    assert peak == sp.Rational(1, 4), f"sigmoid'(0) = {peak}, expected 1/4"
    assert bend == 0, f"sigmoid''(0) = {bend}, expected 0"
    assert curvature < 0, f"third derivative of sigmoid at 0: {curvature}, expected < 0 (a maximum)"
    for claim in ("A3", "A8"):
        evidence.record(
            Both("max of sigmoid'(x), at x = 0", "sigmoid'(x) 的最大值，在 x = 0 处取得"),
            peak,
            sp.Rational(1, 4),
            claim=claim,
            learner=True,
            params={},
        )


@pytest.mark.claim("A3")
@given(point=st.data(), width=WIDTHS)
def test_sigmoid_and_its_gradient_stay_within_bounds_for_every_finite_float(
    impl, device, evidence, point, width
):
    dtype = DTYPES[width]
    value = point.draw(floats(width))
    y, g = value_and_grad(impl.sigmoid, value, dtype, device)
    reference = torch.sigmoid(torch.tensor(value, dtype=torch.float64)).item()
    eps = torch.finfo(dtype).eps
    # autograd through dlspec's elementary operations rounds the exact 1/4 by up to an ulp
    assert 0 <= y <= 1 and 0 <= g <= 0.25 * (1 + 2 * eps), (
        f"sigmoid({value!r}) = {y}, gradient {g}; expected in [0, 1] and [0, 1/4]"
    )
    assert abs(y - reference) <= 4 * eps * reference + torch.finfo(dtype).tiny, (
        f"sigmoid({value!r}) = {y!r}, float64 reference {reference!r}: more than 4 ulp apart"
    )
    evidence.record(Both("largest sigmoid'(x) seen", "所见最大的 sigmoid'(x)"), g, 0.25, "<= 1/4")


@pytest.mark.claim("A3", counterexample=True)
def test_float32_sigmoid_reaches_exactly_0_and_1_where_its_gradient_all_but_vanishes(
    impl, device, evidence
):
    """PyTorch computes the gradient as s(1 - s) from the rounded output, so it is exactly 0
    there; dlspec differentiates its formula and keeps the true, tiny e^-x / (1 + e^-x)^2."""
    grid = torch.linspace(0, 40, 40_001, device=device)
    saturated = impl.sigmoid(grid) == 1.0
    first = grid[saturated.nonzero()[0, 0]].item()
    y_low, g_low = value_and_grad(impl.sigmoid, -120.0, torch.float32, device)
    y_high, g_high = value_and_grad(impl.sigmoid, first, torch.float32, device)
    assert y_high == 1.0 and 0 <= g_high <= math.exp(-first), (
        f"at x = {first}: sigmoid {y_high!r}, gradient {g_high!r}; expected 1.0 and a "
        f"gradient in [0, e^-x = {math.exp(-first):.3g}]"
    )
    assert y_low == 0.0 and g_low == 0.0, (
        f"sigmoid(-120) = {y_low!r}, gradient {g_low!r}; expected exactly 0 and 0"
    )
    assert 10 < first < 20, f"smallest x with float32 sigmoid(x) == 1: {first}, expected 10..20"
    saturation = {"dtype": "float32", "range": "[0, 40]", "points": 40_001}
    evidence.record(
        Both(
            "smallest float32 x with sigmoid(x) == 1.0", "float32 下使 sigmoid(x) == 1.0 的最小 x"
        ),
        first,
        Both("none: range is (0, 1)", "不存在：值域为 (0, 1)"),
        role="claim",
        learner=True,
        params=saturation,
    )
    evidence.record(
        Both(
            "sigmoid'(x) at that x (PyTorch's, computed as s(1 - s), rounds to 0 there)",
            "该 x 处的 sigmoid'(x)（PyTorch 按 s(1 - s) 计算，在此舍入为 0）",
        ),
        g_high,
        math.exp(-first),
        Both("<= e^-x (0 for s(1-s))", "<= e^-x（由 s(1-s) 计算时为 0）"),
        learner=True,
        params=saturation,
    )


@pytest.mark.claim("A3", "A8")
@given(point=floats(64, min_value=-700, max_value=700))
def test_sigmoid_of_minus_x_is_one_minus_sigmoid_of_x_so_symmetric_inputs_average_one_half(
    impl, device, evidence, point
):
    assert symbolic.identical(symbolic.SIGMOID + symbolic.SIGMOID.subs(x, -x), sp.Integer(1)), (
        "sigmoid(x) + sigmoid(-x) = 1 does not hold symbolically"
    )
    t = torch.tensor([point, -point], dtype=torch.float64, device=device)
    pair_sum = impl.sigmoid(t).sum().item()
    assert abs(pair_sum - 1) <= 2 * torch.finfo(torch.float64).eps, (
        f"sigmoid(x) + sigmoid(-x) at x = {point!r}: {pair_sum!r}, expected 1 within 2 ulp"
    )
    for claim in ("A3", "A8"):
        evidence.record(
            Both("sigmoid(x) + sigmoid(-x)", "sigmoid(x) + sigmoid(-x)"),
            pair_sum,
            1,
            "2 ulp",
            claim=claim,
        )


@pytest.mark.claim("A3")
@given(
    depth=st.integers(1, 8),
    width=st.integers(1, 12),
    seed=SEEDS,
)
def test_each_sigmoid_layer_shrinks_the_input_gradient_by_at_least_a_quarter_of_the_weight_norm(
    impl, device, seeded, evidence, depth, width, seed
):
    """||dL/dx|| <= prod_l (||W_l||_2 / 4) * ||dL/dy|| for y = s(W_L ... s(W_1 x + b_1) ...)."""
    g = seeded(seed, device)
    layers = [
        reinitialise(impl.nn.Linear(width, width, dtype=torch.float64, device=device), g)
        for _ in range(depth)
    ]
    inputs = torch.randn(width, generator=g, device=device, dtype=torch.float64, requires_grad=True)
    h = inputs
    for layer in layers:
        h = impl.sigmoid(layer(h))
    upstream = torch.randn(width, generator=g, device=device, dtype=torch.float64)
    (grad,) = torch.autograd.grad(h, inputs, upstream)
    bound = upstream.norm() * math.prod(
        torch.linalg.matrix_norm(layer.weight, ord=2).item() / 4 for layer in layers
    )
    assert grad.norm() <= bound * (1 + 1e-12), (
        f"input-gradient norm {grad.norm().item():.6g}, expected <= {bound.item():.6g}"
    )
    ratio = (grad.norm() / bound).item() if bound > 0 else 0.0
    evidence.record(
        Both(
            "input-gradient norm as a ratio to its bound 4^-L prod ||W_l||_2 ||dL/dy|| (at most 1)",
            "输入梯度的范数与其上界 4^-L ∏ ||W_l||_2 ||dL/dy|| 之比（至多为 1）",
        ),
        ratio,
        1,
        "<= 1",
        learner=True,
        params={"depth": "1..8", "width": "1..12", "dtype": "float64"},
    )


# ---------------------------------------------------------------- A4: tanh


@pytest.mark.claim("A4")
def test_tanh_is_odd_bounded_by_plus_minus_one_with_slope_at_most_one(evidence):
    t = symbolic.TANH
    slope = symbolic.derivative(t)
    limits = (sp.limit(t, x, -sp.oo), sp.limit(t, x, sp.oo))
    assert symbolic.identical(t.subs(x, -x), -t), "tanh(-x) = -tanh(x) does not hold"
    assert limits == (-1, 1), f"limits of tanh at -oo, +oo: {limits}, expected (-1, 1)"
    assert symbolic.identical(slope, 1 - t**2), f"tanh' = {slope}, expected 1 - tanh^2"
    assert slope.subs(x, 0) == 1, f"tanh'(0) = {slope.subs(x, 0)}, expected 1"
    # 1 - tanh^2 = 4 / (e^x + e^-x)^2 <= 4 e^(-2|x|): the gradient vanishes exponentially
    assert symbolic.identical(1 - t**2, 4 / (sp.exp(x) + sp.exp(-x)) ** 2), (
        "1 - tanh^2 = 4 / (e^x + e^-x)^2 does not hold"
    )
    evidence.record(Both("tanh'(0)", "tanh'(0)"), slope.subs(x, 0), 1, learner=True, params={})


@pytest.mark.claim("A4")
@given(point=st.data(), width=WIDTHS)
def test_tanh_is_odd_bounded_and_its_gradient_decays_like_four_exp_minus_two_abs_x(
    impl, device, evidence, point, width
):
    dtype = DTYPES[width]
    value = point.draw(floats(width))
    y, g = value_and_grad(impl.tanh, value, dtype, device)
    y_neg, _ = value_and_grad(impl.tanh, -value, dtype, device)
    eps = torch.finfo(dtype).eps
    # dlspec's gradient, autograd through expm1, may round the exact 1 up by an ulp near 0
    assert -1 <= y <= 1 and 0 <= g <= 1 + 2 * eps, (
        f"tanh({value!r}) = {y}, gradient {g}; expected in [-1, 1] and [0, 1]"
    )
    assert y_neg == -y, f"tanh({value!r}) = {y!r} but tanh of its negative = {y_neg!r}"
    assert g <= 4 * math.exp(-2 * abs(value)) + 4 * eps, (
        f"tanh'({value!r}) = {g!r}, expected <= 4 e^(-2|x|) = {4 * math.exp(-2 * abs(value)):.3g}"
    )
    reference = math.tanh(value)
    assert abs(y - reference) <= 4 * eps * abs(reference) + torch.finfo(dtype).tiny, (
        f"tanh({value!r}) = {y!r}, math.tanh gives {reference!r}: more than 4 ulp apart"
    )
    evidence.record(
        Both(
            "tanh'(x) on floats of every size, the value farthest from 1 (0 on saturated "
            "floats, where tanh(x) rounds to ±1)",
            "各种大小浮点数上的 tanh'(x)，离 1 最远的值（在饱和的浮点数上为 0，此处 tanh(x) 舍入"
            "为 ±1）",
        ),
        g,
        1,
        "<= 1",
        learner=True,
        params={"dtype": "float32, float64"},
    )


@pytest.mark.claim("A4", counterexample=True)
def test_float32_tanh_reaches_exactly_plus_minus_one_where_its_gradient_all_but_vanishes(
    impl, device, evidence
):
    grid = torch.linspace(0, 20, 20_001, device=device)
    first = grid[(impl.tanh(grid) == 1.0).nonzero()[0, 0]].item()
    y, g = value_and_grad(impl.tanh, first, torch.float32, device)
    y_neg, g_neg = value_and_grad(impl.tanh, -first, torch.float32, device)
    assert (y, y_neg) == (1.0, -1.0), f"tanh(+-{first}) = ({y!r}, {y_neg!r}), expected (1, -1)"
    assert 0 <= g <= 4 * math.exp(-2 * first) and 0 <= g_neg <= 4 * math.exp(-2 * first), (
        f"tanh' at +-{first}: ({g!r}, {g_neg!r}), expected in [0, {4 * math.exp(-2 * first):.3g}]"
    )
    assert 5 < first < 15, f"smallest x with float32 tanh(x) == 1: {first}, expected 5..15"
    saturation = {"dtype": "float32", "range": "[0, 20]", "points": 20_001}
    evidence.record(
        Both("smallest float32 x with tanh(x) == 1.0", "float32 下使 tanh(x) == 1.0 的最小 x"),
        first,
        Both("none: range is (-1, 1)", "不存在：值域为 (-1, 1)"),
        role="claim",
        learner=True,
        params=saturation,
    )
    evidence.record(
        Both("tanh'(x) at that x", "该 x 处的 tanh'(x)"),
        g,
        4 * math.exp(-2 * first),
        "<= 4 e^(-2x)",
        learner=True,
        params=saturation,
    )


# ---------------------------------------------------------------- A5: ReLU


@pytest.mark.claim("A5")
@given(point=st.data(), width=WIDTHS)
def test_relu_derivative_is_exactly_one_for_positive_and_zero_for_non_positive_inputs(
    impl, device, evidence, point, width
):
    value = point.draw(floats(width))
    y, g = value_and_grad(impl.relu, value, DTYPES[width], device)
    expected = 1.0 if value > 0 else 0.0
    assert g == expected, f"relu'({value!r}) = {g}, expected {expected}"
    assert y == max(value, 0.0), f"relu({value!r}) = {y!r}, expected {max(value, 0.0)!r}"
    side = ">" if value > 0 else "<="
    evidence.record(
        Both(f"relu'(x) for x {side} 0", f"x {side} 0 时的 relu'(x)"),
        g,
        expected,
        learner=value > 0,
        params={"dtype": "float32, float64"},
    )


@pytest.mark.claim("A5")
def test_relu_derivative_is_symbolically_the_step_that_is_zero_at_zero(evidence):
    step = symbolic.derivative(symbolic.RELU)
    values = {point: step.subs(x, point) for point in (-2, 0, sp.Rational(1, 10**9), 2)}
    assert values == {-2: 0, 0: 0, sp.Rational(1, 10**9): 1, 2: 1}, (
        f"d/dx max(0, x) at x = -2, 0, 1e-9, 2: {list(values.values())}, expected [0, 0, 1, 1]"
    )
    evidence.record(
        Both("d/dx max(0, x) at x = -2, 0, 1e-9, 2", "d/dx max(0, x) 在 x = -2、0、1e-9、2 处的值"),
        str(list(values.values())),
        "[0, 0, 1, 1]",
    )


def dead_unit_network(impl, device, generator, hidden: int = 8):
    """1 -> hidden -> 1 ReLU network whose unit 0 is dead on inputs in [-1, 1]."""
    net = reinitialise(impl.mlp([1, hidden, 1]).to(device=device, dtype=torch.float64), generator)
    first = net[0]
    with torch.no_grad():
        first.weight[0] = 0.5
        first.bias[0] = -2.0  # pre-activation 0.5 x - 2 <= -1.5 on [-1, 1]
    inputs = torch.linspace(-1, 1, 33, device=device, dtype=torch.float64).unsqueeze(1)
    targets = torch.sin(3 * inputs)
    return net, first, inputs, targets


def train(net, optimiser, inputs, targets, steps: int):
    for _ in range(steps):
        optimiser.zero_grad()
        loss = torch.nn.functional.mse_loss(net(inputs), targets)
        loss.backward()
        optimiser.step()


@pytest.mark.relies_on("optim.SGD")
@pytest.mark.claim("A5")
def test_a_dead_relu_unit_gets_exactly_zero_gradient_and_plain_sgd_freezes_it(
    impl, device, rng, evidence
):
    net, first, inputs, targets = dead_unit_network(impl, device, rng)
    before = first.weight[0].clone(), first.bias[0].clone()
    torch.nn.functional.mse_loss(net(inputs), targets).backward()
    dead = first.weight.grad[0].item(), first.bias.grad[0].item()
    assert dead == (0, 0), f"dead unit's (weight, bias) gradient: {dead}, expected (0, 0)"
    live = first.weight.grad[1:].abs().sum().item()
    assert live > 0, f"summed |weight gradient| of the live units: {live}, expected > 0"
    train(net, impl.optim.SGD(net.parameters(), lr=0.1), inputs, targets, steps=50)
    change = max(
        (first.weight[0] - before[0]).abs().item(), (first.bias[0] - before[1]).abs().item()
    )
    assert change == 0.0, f"dead unit's parameters moved by {change} in 50 steps, expected 0"
    evidence.record(
        Both(
            "change of a dead unit's parameters after 50 plain SGD steps",
            "普通 SGD 走 50 步后死亡单元参数的变化",
        ),
        change,
        0.0,
        learner=True,
        params={"optimiser": "SGD", "lr": 0.1, "steps": 50, "width": 8},
    )


@pytest.mark.claim("A5")
def test_a_unit_whose_pre_activation_is_exactly_zero_gets_zero_gradient(
    impl, device, rng, evidence
):
    net, first, inputs, targets = dead_unit_network(impl, device, rng)
    with torch.no_grad():
        first.weight[0], first.bias[0] = 0.0, 0.0  # pre-activation exactly 0 everywhere
    torch.nn.functional.mse_loss(net(inputs), targets).backward()
    largest = max(first.weight.grad[0].abs().item(), first.bias.grad[0].abs().item())
    evidence.record(
        Both(
            "largest |gradient| of a unit with pre-activation exactly 0",
            "预激活恰为 0 的单元所得梯度的最大绝对值",
        ),
        largest,
        0.0,
    )
    assert largest == 0, f"largest |gradient| of the unit: {largest}, expected 0"


@pytest.mark.relies_on("optim.SGD")
@pytest.mark.claim("A5", counterexample=True)
def test_weight_decay_keeps_shrinking_a_dead_unit_by_one_minus_lr_wd_per_step(
    impl, device, rng, evidence
):
    lr, decay, steps = 0.1, 0.05, 40
    net, first, inputs, targets = dead_unit_network(impl, device, rng)
    start = first.weight[0].item(), first.bias[0].item()
    optimiser = impl.optim.SGD(net.parameters(), lr=lr, weight_decay=decay)
    train(net, optimiser, inputs, targets, steps)
    factor = (1 - lr * decay) ** steps
    measured = first.weight[0].item() / start[0]
    bias_ratio = first.bias[0].item() / start[1]
    assert math.isclose(measured, factor, rel_tol=1e-12), (
        f"dead unit's weight after {steps} steps / start: {measured!r}, expected {factor!r}"
    )
    assert math.isclose(bias_ratio, factor, rel_tol=1e-12), (
        f"dead unit's bias after {steps} steps / start: {bias_ratio!r}, expected {factor!r}"
    )
    # shrinking w and b by the same factor keeps w x + b negative: still dead
    highest = first(inputs)[:, 0].max().item()
    assert highest < 0, f"largest pre-activation of the dead unit: {highest}, expected < 0"
    evidence.record(
        Both(
            f"dead unit's weight after {steps} SGD steps with weight decay / start",
            f"带权重衰减的 SGD 走 {steps} 步后死亡单元的权重 / 初值",
        ),
        measured,
        factor,
        Both("1e-12 rel", "相对误差 1e-12"),
        learner=True,
        params={"optimiser": "SGD", "lr": lr, "weight_decay": decay, "steps": steps},
    )


@pytest.mark.relies_on("optim.SGD", "optim.Adam")
@pytest.mark.claim("A5", counterexample=True)
@pytest.mark.parametrize(
    "label, settings, make_optimiser",
    [
        pytest.param(
            Both("SGD with momentum", "带动量的 SGD"),
            {"optimiser": "SGD", "lr": 0.05, "momentum": 0.9},
            lambda optim, p: optim.SGD(p, lr=0.05, momentum=0.9),
            id="sgd-momentum",
        ),
        pytest.param(
            Both("Adam", "Adam"),
            {"optimiser": "Adam", "lr": 0.01},
            lambda optim, p: optim.Adam(p, lr=0.01),
            id="adam",
        ),
    ],
)
def test_a_unit_keeps_moving_after_it_died_under_optimisers_with_momentum(
    impl, device, rng, evidence, label, settings, make_optimiser
):
    net, first, inputs, targets = dead_unit_network(impl, device, rng)
    with torch.no_grad():
        first.bias[0] = 0.0  # alive: it learns and fills the optimiser's momentum buffer
    optimiser = make_optimiser(impl.optim, net.parameters())
    train(net, optimiser, inputs, targets, steps=20)
    with torch.no_grad():
        first.bias[0] = -5.0  # now dead on every input
    at_death = first.weight[0].item()
    for _ in range(10):
        optimiser.zero_grad()
        torch.nn.functional.mse_loss(net(inputs), targets).backward()
        reached = first.weight.grad[0].item()
        assert reached == 0, f"gradient reaching the dead unit: {reached}, expected 0"
        optimiser.step()
    moved = abs(first.weight[0].item() - at_death)
    # no gradient reaches it, yet the stored velocity keeps updating it
    assert moved > 0, f"dead unit's weight change in 10 steps: {moved}, expected > 0"
    evidence.record(
        Both(
            f"weight change of a dead unit in 10 steps after death, {label.en}",
            f"{label.zh}：单元死亡后 10 步内其权重的变化",
        ),
        moved,
        Both("0 (claim)", "0（知识库的论断）"),
        "> 0",
        role="claim",
        learner=True,
        params={**settings, "steps": 10},
    )


# ---------------------------------------------------------------- A6: leaky ReLU and PReLU


@pytest.mark.claim("A6")
@given(point=floats(64, min_value=-1e6, max_value=1e6), slope=floats(64, min_value=-3, max_value=3))
def test_leaky_relu_is_x_for_positive_and_slope_times_x_otherwise_for_any_slope(
    impl, device, evidence, point, slope
):
    t = torch.tensor(point, dtype=torch.float64, device=device)
    y = impl.leaky_relu(t, slope).item()
    expected = point if point > 0 else slope * point
    assert y == expected, f"leaky_relu({point!r}, {slope!r}) = {y!r}, expected {expected!r}"
    if 0 <= slope <= 1:
        assert y == max(slope * point, point), (
            f"leaky_relu({point!r}, {slope!r}) = {y!r}, max(a x, x) = {max(slope * point, point)!r}"
        )
    evidence.record(
        Both("leaky_relu(x) - piecewise definition", "leaky_relu(x) 与分段定义之差"),
        y - expected,
        0.0,
    )


@pytest.mark.claim("A6", counterexample=True)
def test_max_of_slope_x_and_x_is_not_leaky_relu_when_the_slope_exceeds_one(impl, device, evidence):
    slope, point = 2.0, torch.tensor(1.0, dtype=torch.float64, device=device)
    leaky = impl.leaky_relu(point, slope).item()
    formula = torch.maximum(slope * point, point).item()
    assert (leaky, formula) == (1.0, 2.0), (
        f"leaky_relu(1, 2) = {leaky}, max(2x, x) = {formula}; expected 1 and 2"
    )
    evidence.record(
        Both(
            "leaky_relu(1) with slope 2 vs max(2x, x)",
            "斜率为 2 时的 leaky_relu(1) 对比 max(2x, x)",
        ),
        leaky,
        formula,
        Both("differ", "两者不同"),
        role="claim",
        learner=True,
        params={"slope": 2, "x": 1},
    )


@pytest.mark.claim("A6")
@given(slope=floats(64, min_value=1e-3, max_value=1), seed=SEEDS)
def test_a_leaky_unit_with_only_negative_inputs_still_gets_slope_times_the_linear_gradient(
    impl, device, seeded, evidence, slope, seed
):
    g = seeded(seed, device)
    pre = -torch.rand(64, generator=g, device=device, dtype=torch.float64) - 0.1  # all < 0
    weight = torch.tensor(0.7, dtype=torch.float64, device=device, requires_grad=True)
    upstream = torch.randn(64, generator=g, device=device, dtype=torch.float64)
    leaky = torch.autograd.grad((impl.leaky_relu(weight * pre, slope) * upstream).sum(), weight)[0]
    linear = torch.autograd.grad((weight * pre * upstream).sum(), weight)[0]
    assert torch.isclose(leaky, slope * linear, rtol=1e-12, atol=0), (
        f"leaky unit's gradient {leaky.item()!r}, expected slope x linear = "
        f"{(slope * linear).item()!r}"
    )
    assert leaky != 0, "leaky unit's gradient on negative inputs is 0, expected non-zero"
    evidence.record(
        Both(
            "gradient ratio leaky / linear unit on negative inputs",
            "负输入上 LeakyReLU 单元与线性单元的梯度之比",
        ),
        (leaky / linear).item(),
        slope,
        Both("1e-12 rel", "相对误差 1e-12"),
        learner=True,
        params={"slope": "0.001..1", "inputs": 64, "dtype": "float64"},
    )


@pytest.mark.claim("A6")
def test_the_slope_derivative_of_leaky_relu_is_min_of_x_and_zero(evidence):
    by_slope = sp.diff(symbolic.LEAKY_RELU, symbolic.slope)
    by_input = symbolic.derivative(symbolic.LEAKY_RELU)
    points = [-3, -sp.Rational(1, 2), 0, sp.Rational(1, 2), 3]
    slope_derivatives = [by_slope.subs(x, p) for p in points]
    input_derivatives = [by_input.subs(x, p) for p in points]
    assert slope_derivatives == [min(p, 0) for p in points], (
        f"d/dalpha leaky_relu at x = {points}: {slope_derivatives}, expected min(x, 0)"
    )
    assert input_derivatives == [symbolic.slope] * 3 + [1, 1], (
        f"d/dx leaky_relu at x = {points}: {input_derivatives}, expected alpha, alpha, alpha, 1, 1"
    )
    evidence.record(
        Both(
            "d/dalpha leaky_relu(x) at x = -3, -1/2, 0, 1/2, 3",
            "d/dalpha leaky_relu(x) 在 x = -3、-1/2、0、1/2、3 处的值",
        ),
        str(slope_derivatives),
        "min(x, 0)",
    )


@pytest.mark.claim("A6")
def test_prelu_starts_from_one_shared_slope_of_one_quarter(impl, device, evidence):
    module = impl.nn.PReLU(device=device)
    assert module.weight.shape == (1,) and module.weight.requires_grad, (
        f"nn.PReLU() slope: shape {tuple(module.weight.shape)}, requires_grad "
        f"{module.weight.requires_grad}; expected (1,), True"
    )
    assert module.weight.item() == 0.25, f"nn.PReLU() slope {module.weight.item()}, expected 0.25"
    evidence.record(
        Both("nn.PReLU() initial slope", "nn.PReLU() 的初始斜率"),
        module.weight.item(),
        0.25,
        learner=True,
        params={"init": "nn.PReLU()", "shape": "(1,)"},
    )


@pytest.mark.claim("A6")
@given(channels=st.integers(1, 6), seed=SEEDS)
def test_prelu_slope_gradient_is_the_sum_of_negative_inputs_times_upstream(
    impl, device, seeded, evidence, channels, seed
):
    g = seeded(seed, device)
    inputs = torch.randn(16, channels, 3, generator=g, device=device, dtype=torch.float64)
    upstream = torch.randn(inputs.shape, generator=g, device=device, dtype=torch.float64)
    slopes = torch.rand(channels, generator=g, device=device, dtype=torch.float64).requires_grad_()
    (grad,) = torch.autograd.grad((impl.prelu(inputs, slopes) * upstream).sum(), slopes)
    expected = (inputs.clamp(max=0) * upstream).sum(dim=(0, 2))
    torch.testing.assert_close(grad, expected, rtol=1e-12, atol=1e-12)
    evidence.record(
        Both(
            "max |dL/dalpha - sum(min(x, 0) * upstream)|",
            "dL/dalpha 与 sum(min(x, 0) * 上游梯度) 之差的最大绝对值",
        ),
        (grad - expected).abs().max(),
        0.0,
        1e-12,
    )


@pytest.mark.relies_on("optim.SGD")
@pytest.mark.claim("A6")
def test_gradient_descent_learns_the_prelu_slope_at_the_predicted_rate(impl, device, rng, evidence):
    """For loss mean((prelu(x) - leaky(x, a*))^2), gradient descent on a is exactly
    a_{t+1} - a* = (1 - 2 lr mean(min(x, 0)^2)) (a_t - a*)."""
    target_slope, lr, steps = 0.3, 0.5, 30
    inputs = torch.randn(256, 1, generator=rng, device=device, dtype=torch.float64)
    targets = torch.where(inputs > 0, inputs, target_slope * inputs)
    module = impl.nn.PReLU(device=device, dtype=torch.float64)
    start = module.weight.item()  # the default itself is another test's subject
    optimiser = impl.optim.SGD(module.parameters(), lr=lr)
    train(module, optimiser, inputs, targets, steps)
    contraction = 1 - 2 * lr * (inputs.clamp(max=0) ** 2).mean().item()
    predicted = target_slope + (start - target_slope) * contraction**steps
    learned = module.weight.item()
    assert math.isclose(learned, predicted, rel_tol=1e-10), (
        f"PReLU slope after {steps} steps: {learned!r}, expected {predicted!r}"
    )
    evidence.record(
        Both(
            f"PReLU slope after {steps} steps (target 0.3)",
            f"{steps} 步后 PReLU 的斜率（目标 0.3）",
        ),
        learned,
        predicted,
        Both("1e-10 rel", "相对误差 1e-10"),
        learner=True,
        params={"optimiser": "SGD", "lr": lr, "steps": steps, "samples": 256},
    )


FUNCTIONS = [
    pytest.param("sigmoid", marks=pytest.mark.claim("A3")),
    pytest.param("tanh", marks=pytest.mark.claim("A4")),
    pytest.param("relu", marks=pytest.mark.claim("A5")),
    pytest.param("leaky_relu", marks=pytest.mark.claim("A6")),
    pytest.param("prelu", marks=pytest.mark.claim("A6")),
    pytest.param("scaled_sigmoid", marks=pytest.mark.claim("A10")),
]


def as_unary(impl, name):
    if name == "leaky_relu":
        return lambda t: impl.leaky_relu(t, 0.01)
    if name == "prelu":
        return lambda t: impl.prelu(t, torch.full((1,), 0.25, dtype=t.dtype, device=t.device))
    return getattr(impl, name)


@pytest.mark.parametrize("name", FUNCTIONS)
@given(point=st.data(), width=WIDTHS)
def test_every_activation_is_finite_with_a_finite_gradient_for_every_finite_float(
    impl, device, evidence, name, point, width
):
    value = point.draw(floats(width))
    y, g = value_and_grad(as_unary(impl, name), value, DTYPES[width], device)
    non_finite = sum(not math.isfinite(v) for v in (y, g))
    evidence.record(
        Both(f"{name}: non-finite values or gradients", f"`{name}` 的函数值与梯度中非有限值的个数"),
        non_finite,
        0,
    )
    assert math.isfinite(y) and math.isfinite(g), (
        f"{name}({value!r}) = {y}, gradient {g}; expected both finite"
    )


# ---------------------------------------------------------------- bad input to dlspec


@pytest.mark.bad_input
@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: activations.sigmoid(torch.arange(3)), TypeError, "floating-point"),
        (lambda: activations.tanh([0.0, 1.0]), TypeError, "torch.Tensor"),
        (lambda: activations.relu(torch.tensor([True])), TypeError, "floating-point"),
        (lambda: activations.leaky_relu(torch.zeros(2), float("nan")), ValueError, "finite"),
        (lambda: activations.leaky_relu(torch.zeros(2), "0.1"), TypeError, "real number"),
        (lambda: activations.prelu(torch.zeros(4, 3), torch.ones(2)), ValueError, "3 channels"),
        (lambda: activations.prelu(torch.zeros(4, 3), torch.ones(1, 1)), ValueError, "1-D"),
    ],
    ids=[
        "int-tensor",
        "list",
        "bool-tensor",
        "nan-slope",
        "str-slope",
        "slope-count",
        "slope-shape",
    ],
)
def test_dlspec_activations_reject_bad_input_with_a_message_naming_the_problem(
    call, error, message
):
    raises_naming_the_problem(call, error, message)


# ---------------------------------------------------------------- curves for the report

CURVES = [
    pytest.param("sigmoid", 0.0, 0.25, marks=pytest.mark.claim("A3"), id="sigmoid"),
    pytest.param("tanh", 0.0, 1.0, marks=pytest.mark.claim("A4"), id="tanh"),
    pytest.param("relu", 0.0, 1.0, marks=pytest.mark.claim("A5"), id="relu"),
    pytest.param("leaky_relu", 0.01, 1.0, marks=pytest.mark.claim("A6"), id="leaky_relu"),
]


# what each activation's figure shows a learner
NOTICES = {
    "sigmoid": Both(
        "The slope never exceeds 1/4, reached only at x = 0, so on its way back through a "
        "sigmoid layer the gradient is multiplied by a slope factor of at most 1/4 (and by the "
        "layer's weights W): unless the weights are large, it shrinks layer after layer, the "
        "root of vanishing gradients. The output is always positive, never centred on 0.",
        "斜率从不超过 1/4，且只在 x = 0 处达到，所以梯度反向穿过一层 sigmoid 时，要乘以至多 "
        "1/4 的斜率因子（再乘以该层的权重 W）：除非权重很大，梯度会逐层缩小，这正是梯度消失"
        "的根源。输出总是正的，不以 0 为中心。",
    ),
    "tanh": Both(
        "The slope reaches 1 only at x = 0 and falls off like 4 e^(-2|x|) on both sides: a unit "
        "whose input is far from 0 saturates and passes almost no gradient back. Unlike sigmoid, "
        "the curve is centred on 0.",
        "斜率只在 x = 0 处达到 1，向两侧按 4 e^(-2|x|) 衰减：输入远离 0 的单元会饱和，"
        "几乎传不回梯度。与 sigmoid 不同，这条曲线以 0 为中心。",
    ),
    "relu": Both(
        "The slope is exactly 1 for every positive input and exactly 0 for every input <= 0: "
        "an active unit passes the gradient back unshrunk, and a unit whose inputs are all "
        "negative receives none at all.",
        "正输入处斜率恰为 1，输入 <= 0 处恰为 0：激活的单元把梯度原样传回，"
        "输入全为负的单元则一点梯度也得不到。",
    ),
    "leaky_relu": Both(
        "With the slope 0.01 the negative side looks flat at this scale, but its slope is 0.01, "
        "not 0: a unit whose inputs are all negative still receives 1/100 of the gradient, so it "
        "can come back to life.",
        "斜率取 0.01 时，负半轴在这个尺度上看起来是平的，但它的斜率是 0.01 而不是 0：输入全为负"
        "的单元仍能得到 1/100 的梯度，因此还能恢复。",
    ),
}


@pytest.mark.parametrize("name, lowest, highest", CURVES)
def test_each_activation_s_slope_stays_between_its_bounds_across_minus_6_to_6(
    impl, evidence, name, lowest, highest
):
    grid = torch.linspace(-6, 6, 481, dtype=torch.float64, requires_grad=True)
    function = getattr(impl, name)
    values = function(grid, 0.01) if name == "leaky_relu" else function(grid)
    (slope,) = torch.autograd.grad(values.sum(), grid)
    eps = 2 * torch.finfo(torch.float64).eps
    assert lowest - eps <= slope.min().item() and slope.max().item() <= highest + eps, (
        f"{name}' on [-6, 6] spans [{slope.min().item()!r}, {slope.max().item()!r}], "
        f"expected within [{lowest}, {highest}]"
    )
    evidence.record(
        Both(f"max slope of {name} on [-6, 6]", f"{name} 在 [-6, 6] 上的最大斜率"),
        slope.max(),
        highest,
        "2 ulp",
    )
    figure = Both(f"{name} and its slope", f"{name} 及其斜率")
    evidence.plot(
        figure,
        f"{name}(x)",
        grid,
        values,
        axes=(
            Both("x (pre-activation, dimensionless)", "x（预激活，无量纲）"),
            Both("value and slope (dimensionless)", "函数值与斜率（无量纲）"),
        ),
        role="measured",
        notice=NOTICES[name],
    )
    evidence.plot(figure, f"{name}'(x)", grid, slope, role="measured")
