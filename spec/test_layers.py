"""A1, A2, A11: hidden layers, the collapse of activation-free stacks, list-built networks."""

from __future__ import annotations

from itertools import pairwise

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from dlspec import nn as dnn

from .support import F64, SEEDS, Both, raises_naming_the_problem, reinitialise, tolerance

LAYER_WIDTHS = st.lists(st.integers(1, 8), min_size=2, max_size=6)
ACTIVATIONS = st.sampled_from(["relu", "sigmoid", "tanh", "leaky_relu", "prelu"])


def built(impl, widths, activation="relu", dropout=None, *, device, generator):
    net = impl.mlp(widths, activation, dropout).to(device=device, dtype=F64)
    return reinitialise(net, generator)


# ---------------------------------------------------------------- A1


@pytest.mark.claim("A1")
@given(widths=st.lists(st.integers(1, 8), min_size=3, max_size=3), seed=SEEDS)
def test_a_hidden_layer_computes_relu_of_x_times_w_transposed_plus_b(
    impl, device, seeded, evidence, widths, seed
):
    g = seeded(seed, device)
    net = built(impl, widths, device=device, generator=g)
    linear, activation = net[0], net[1]
    kinds = [type(linear).__name__, type(activation).__name__]
    evidence.record(
        Both("the first two modules of mlp(widths)", "mlp(widths) 的前两个模块"),
        " ".join(kinds),
        "Linear ReLU",
        learner=True,
        params={"activation": "ReLU", "n_in": "1..8", "width": "1..8"},
    )
    assert kinds == ["Linear", "ReLU"], f"first two layers: {kinds}, expected Linear, ReLU"
    inputs = torch.randn(5, widths[0], generator=g, device=device, dtype=F64)
    hidden = activation(linear(inputs))
    formula = torch.clamp(inputs @ linear.weight.T + linear.bias, min=0)
    gap = (hidden - formula).abs().max().item()
    allowed = tolerance(impl, 1e-12, 1e-5)
    assert gap <= allowed, f"max |layer(x) - relu(x W^T + b)| = {gap}, expected <= {allowed}"
    evidence.record(
        Both("max |layer(x) - relu(x W^T + b)|", "隐藏层输出与 relu(x W^T + b) 之差的最大绝对值"),
        gap,
        0.0,
        allowed,
        learner=True,
        params={"n_in": "1..8", "width": "1..8", "inputs": 5, "dtype": "float64"},
    )


@pytest.mark.claim("A1")
def test_a_hidden_layer_is_not_additive_so_it_is_not_a_linear_map(impl, device, rng, evidence):
    net = built(impl, [4, 16, 1], device=device, generator=rng)
    hidden = impl.nn.Sequential(net[0], net[1])
    a, b = torch.randn(2, 64, 4, generator=rng, device=device, dtype=F64)
    gap = (hidden(a + b) - hidden(a) - hidden(b) + hidden(torch.zeros_like(a))).abs().max().item()
    assert gap > 1e-3, f"max |f(a+b) - f(a) - f(b) + f(0)| = {gap}, expected > 1e-3"
    evidence.record(
        Both(
            "max |f(a+b) - f(a) - f(b) + f(0)| of Linear+ReLU (0 for a linear map)",
            "Linear+ReLU 的 max |f(a+b) - f(a) - f(b) + f(0)|（线性映射为 0）",
        ),
        gap,
        "> 0",
        "> 1e-3",
        learner=True,
        params={"n_in": 4, "width": 16, "inputs": 64, "dtype": "float64"},
    )


# ---------------------------------------------------------------- A2


@pytest.mark.claim("A2")
@given(widths=LAYER_WIDTHS, seed=SEEDS)
def test_a_stack_of_linear_layers_equals_one_linear_layer(
    impl, device, seeded, evidence, widths, seed
):
    g = seeded(seed, device)
    layers = [
        reinitialise(impl.nn.Linear(n_in, n_out, device=device, dtype=F64), g)
        for n_in, n_out in pairwise(widths)
    ]
    stack = impl.nn.Sequential(*layers)
    weight = torch.eye(widths[0], device=device, dtype=F64)
    bias = torch.zeros(widths[0], device=device, dtype=F64)
    for layer in layers:  # W2 (W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)
        weight, bias = layer.weight @ weight, layer.weight @ bias + layer.bias
    inputs = torch.randn(7, widths[0], generator=g, device=device, dtype=F64)
    gap = (stack(inputs) - (inputs @ weight.T + bias)).abs().max().item()
    allowed = tolerance(impl, 1e-12, 1e-5) * len(layers)
    assert gap <= allowed, f"max |stack(x) - (W_eff x + b_eff)| = {gap}, expected <= {allowed:g}"
    rank = torch.linalg.matrix_rank(weight).item()
    assert rank <= min(widths), (
        f"rank of W_eff for widths {widths}: {rank}, expected <= {min(widths)}"
    )
    evidence.record(
        Both(
            "max |stack(x) - (W_eff x + b_eff)|",
            "线性层堆叠与单个线性层 W_eff x + b_eff 之差的最大绝对值",
        ),
        gap,
        0.0,
        Both("1e-12 per layer", "每层 1e-12"),
        learner=True,
        params={"layers": "1..5", "width": "1..8", "inputs": 7, "dtype": "float64"},
    )


def fit(impl, net, inputs, targets, steps=300):
    optimiser = impl.optim.Adam(net.parameters(), lr=0.02)
    for _ in range(steps):
        optimiser.zero_grad()
        loss = torch.nn.functional.mse_loss(net(inputs), targets)
        loss.backward()
        optimiser.step()
    return torch.nn.functional.mse_loss(net(inputs), targets).item()


@pytest.mark.relies_on("optim.Adam")
@pytest.mark.claim("A2")
def test_a_deep_linear_stack_cannot_beat_the_best_straight_line_on_a_parabola(
    impl, device, rng, evidence
):
    inputs = torch.linspace(-1, 1, 41, device=device, dtype=F64).unsqueeze(1)
    targets = inputs**2
    design = torch.cat([inputs, torch.ones_like(inputs)], dim=1)
    best_line = torch.linalg.lstsq(design.cpu(), targets.cpu()).solution.to(device)
    floor = torch.nn.functional.mse_loss(design @ best_line, targets).item()
    widths = [1, 32, 32, 32, 1]
    linear = impl.nn.Sequential(
        *[
            reinitialise(impl.nn.Linear(a, b, device=device, dtype=F64), rng)
            for a, b in pairwise(widths)
        ]
    )
    relu = built(impl, widths, device=device, generator=rng)
    linear_error, relu_error = fit(impl, linear, inputs, targets), fit(impl, relu, inputs, targets)
    assert linear_error >= floor * (1 - tolerance(impl, 1e-9, 1e-5)), (
        f"MSE of the linear stack {linear_error!r}, expected >= best line's {floor!r}"
    )
    assert relu_error < floor / 10, (
        f"MSE of the ReLU network {relu_error!r}, expected < best line's / 10 = {floor / 10!r}"
    )
    fitted = {
        "layers": 4,
        "width": 32,
        "optimiser": "Adam",
        "lr": 0.02,
        "steps": 300,
        "points": 41,
        "range": "[-1, 1]",
    }
    evidence.record(
        Both("MSE of a 4-layer linear stack on x^2", "4 层线性堆叠拟合 x^2 的 MSE"),
        linear_error,
        floor,
        Both(">= best line", ">= 最佳直线的 MSE"),
        learner=True,
        params=fitted,
    )
    evidence.record(
        Both("MSE of the same widths with ReLU", "同样宽度加上 ReLU 后的 MSE"),
        relu_error,
        floor,
        Both("< best line / 10", "< 最佳直线的 MSE / 10"),
        learner=True,
        params=fitted,
    )


# ---------------------------------------------------------------- A11


def expected_layout(widths, activation, dropout):
    blocks = []
    for _ in widths[1:-1]:
        blocks += ["Linear", dnn.ACTIVATION_CLASSES[activation]]
        blocks += ["Dropout"] if dropout is not None else []
    return [*blocks, "Linear"]


@pytest.mark.claim("A11")
@given(widths=LAYER_WIDTHS, activation=ACTIVATIONS, dropout=st.sampled_from([None, 0.2]))
def test_the_builder_keeps_the_exact_layer_order_with_dropout_after_each_activation(
    impl, evidence, widths, activation, dropout
):
    net = impl.mlp(widths, activation, dropout)
    layout = [type(module).__name__ for module in net]
    expected = expected_layout(widths, activation, dropout)
    evidence.record(
        Both("layer order", "层的顺序"),
        " ".join(layout),
        " ".join(expected),
        learner=True,
        params={
            "layers": "1..5",
            "activation": "ReLU, Sigmoid, Tanh, LeakyReLU, PReLU",
            "p": "—, 0.2",
        },
    )
    assert layout == expected, f"layer order {layout}, expected {expected}"
    linears = [module for module in net if type(module).__name__ == "Linear"]
    shapes = [(m.in_features, m.out_features) for m in linears]
    assert shapes == list(pairwise(widths)), (
        f"Linear (in, out) sizes {shapes}, expected {list(pairwise(widths))}"
    )
    if dropout is not None:
        rates = [m.p for m in net if type(m).__name__ == "Dropout"]
        assert all(p == dropout for p in rates), f"Dropout rates {rates}, expected {dropout}"


@pytest.mark.claim("A11")
def test_unpacking_a_list_into_sequential_keeps_the_same_modules_in_order(impl, evidence):
    layers = [impl.nn.Linear(1, 100), impl.nn.ReLU()]
    layers.append(impl.nn.Dropout(0.2))
    model = impl.nn.Sequential(*layers)
    assert len(model) == len(layers), f"len(Sequential(*layers)) = {len(model)}, expected 3"
    same = sum(model[i] is layer for i, layer in enumerate(layers))
    evidence.record(
        Both(
            "modules in Sequential(*layers) that are the list's own objects",
            "Sequential(*layers) 中与列表里是同一对象的模块数",
        ),
        same,
        3,
        learner=True,
        params={"layers": 3, "p": 0.2},
    )
    assert same == len(layers), (
        f"{same} of Sequential's modules are the list's, in order; expected 3"
    )


class ListHeldNetwork(torch.nn.Module):
    """Negative control: layers kept in a plain Python list are not registered submodules,
    so train()/eval() (and .to(), parameters()) never reach them."""

    def __init__(self, layers):
        super().__init__()
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x


def mode_reaches_every_layer(net, layers, inputs) -> bool:
    net.eval()
    calm = all(not m.training for m in layers) and torch.equal(net(inputs), net(inputs))
    net.train()
    lively = all(m.training for m in layers) and not torch.equal(net(inputs), net(inputs))
    return calm and lively


@pytest.mark.claim("A11")
def test_train_and_eval_reach_every_layer_of_a_built_network(impl, device, rng, evidence):
    net = built(impl, [8, 32, 32, 4], "relu", 0.5, device=device, generator=rng)
    inputs = torch.randn(16, 8, generator=rng, device=device, dtype=F64)
    layers = list(net)
    assert mode_reaches_every_layer(net, layers, inputs), (
        "eval()/train() on the built network did not switch every layer's mode and output"
    )
    net.eval()
    switched = sum(not m.training for m in layers)
    evidence.record(
        Both(
            "layers switched to eval mode by eval() on the built network",
            "对组装好的网络调用 eval() 后切换到评估模式的层数",
        ),
        switched,
        len(layers),
        learner=True,
        params={"layers": len(layers), "width": 32, "p": 0.5},
    )
    assert switched == len(layers), f"eval() reached {switched} of {len(layers)} layers"
    plain = impl.nn.Sequential(*[m for m in layers if type(m).__name__ != "Dropout"])
    gap = (net(inputs) - plain(inputs)).abs().max().item()
    # eval: dropout is exactly the identity
    assert gap == 0, f"max |net(x) - net without Dropout(x)| in eval mode: {gap}, expected 0"
    held = ListHeldNetwork(layers)
    held.eval()
    for m in layers:
        m.train()
    assert not mode_reaches_every_layer(held, layers, inputs), (
        "negative control: eval()/train() reached layers held in a plain list"
    )


# ---------------------------------------------------------------- bad input to dlspec.nn


@pytest.mark.bad_input
@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: dnn.Linear(0, 3), ValueError, "in_features must be >= 1, got 0"),
        (lambda: dnn.Linear(2.5, 3), TypeError, "in_features must be an int, got float"),
        (lambda: dnn.Linear(2, 3)(torch.zeros(4, 2, dtype=F64)), TypeError, "float64.*float32"),
        (lambda: dnn.Linear(2, 3)(torch.zeros(4, 2, dtype=torch.long)), TypeError, "floating"),
        (lambda: dnn.Sequential(dnn.ReLU(), "relu"), TypeError, "item 1 is a str"),
        (lambda: dnn.mlp([3]), ValueError, "at least 2 sizes"),
        (lambda: dnn.mlp([3, 0, 1]), ValueError, "width must be >= 1, got 0"),
        (lambda: dnn.mlp([3, 1], "swish"), ValueError, "activation must be one of"),
        (lambda: dnn.mlp([3, 4, 1], dropout=1.5), ValueError, r"probability in \[0, 1\], got 1.5"),
        (lambda: dnn.Dropout("0.2"), TypeError, "Dropout p must be a real number"),
        (lambda: dnn.PReLU(0), ValueError, "num_parameters must be >= 1"),
        (lambda: dnn.LeakyReLU(float("inf")), ValueError, "must be finite"),
    ],
    ids=[
        "zero-features",
        "float-features",
        "dtype-mismatch",
        "integer-input",
        "not-a-module",
        "one-width",
        "zero-width",
        "unknown-activation",
        "dropout-above-1",
        "dropout-str",
        "prelu-zero-slopes",
        "infinite-slope",
    ],
)
def test_dlspec_layers_reject_bad_input_with_a_message_naming_the_problem(call, error, message):
    raises_naming_the_problem(call, error, message)


@pytest.mark.cuda
@pytest.mark.bad_input
def test_dlspec_dropout_names_both_devices_when_its_generator_is_elsewhere():
    layer = dnn.Dropout(0.5, generator=torch.Generator(device="cpu"))
    raises_naming_the_problem(
        lambda: layer(torch.ones(4, device="cuda")),
        ValueError,
        "generator is on cpu but the input is on cuda",
    )
