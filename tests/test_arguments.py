"""Every argument of dlspec's mechanisms, set alone, against PyTorch's with the same
argument: at a non-default value, at its edges (0, 1, False) and in each spelling the
signature allows (positional, keyword, an int or a sequence). A mechanism that accepted an
argument and ignored it, mishandled an edge, or honoured one spelling only would still pass
every claim whose tests never set it; here the output differs from torch's and the test
names the call.

The values are deterministic (float64, fixed inputs and gradients), so each comparison is
to rounding: the same operations in another order, a few units in the last place."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
import torch

import dlspec.init as dinit
import dlspec.nn as dnn
import dlspec.optim as doptim

F64 = torch.float64
CLOSE = {"rtol": 1e-12, "atol": 1e-14}


def inputs(*shape: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(11)
    return torch.randn(*shape, generator=generator, dtype=F64)


# --- optimisers: three steps from one start with the same gradients ----------------------

OPTIMISERS: list[tuple[str, str, tuple[Any, ...], dict[str, Any]]] = [
    ("SGD", "lr positional", (0.1,), {}),
    ("SGD", "lr keyword", (), {"lr": 0.1}),
    ("SGD", "momentum", (), {"lr": 0.1, "momentum": 0.9}),
    ("SGD", "momentum 0", (), {"lr": 0.1, "momentum": 0.0}),
    ("SGD", "weight decay", (), {"lr": 0.1, "weight_decay": 0.5}),
    ("SGD", "lr and momentum positional", (0.1, 0.9), {}),
    ("Adam", "lr", (), {"lr": 0.01}),
    ("Adam", "betas", (), {"lr": 0.01, "betas": (0.5, 0.9)}),
    ("Adam", "betas as a list", (), {"lr": 0.01, "betas": [0.5, 0.9]}),
    ("Adam", "betas 0", (), {"lr": 0.01, "betas": (0.0, 0.0)}),
    ("Adam", "eps", (), {"lr": 0.01, "eps": 0.1}),
    ("Adam", "weight decay", (), {"lr": 0.01, "weight_decay": 0.3}),
    ("Adam", "all positional", (0.01, (0.5, 0.9), 0.1, 0.3), {}),
    ("AdamW", "weight decay", (), {"lr": 0.01, "weight_decay": 0.3}),
    ("AdamW", "weight decay 0", (), {"lr": 0.01, "weight_decay": 0.0}),
    ("AdamW", "default weight decay", (), {"lr": 0.01}),
    ("AdamW", "all positional", (0.01, (0.5, 0.9), 0.1, 0.3), {}),
]


def three_steps(make: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    weight = torch.nn.Parameter(torch.tensor([1.0, -2.0, 0.5], dtype=F64))
    optimiser = make([weight], *args, **kwargs)
    for gradient in ([0.3, -0.1, 0.0], [0.2, 0.4, -1.0], [-0.5, 0.1, 0.25]):
        weight.grad = torch.tensor(gradient, dtype=F64)
        optimiser.step()
    return weight.detach()


@pytest.mark.parametrize(
    "name, case, args, kwargs", OPTIMISERS, ids=[f"{o[0]}-{o[1]}" for o in OPTIMISERS]
)
def test_each_optimiser_argument_changes_three_steps_as_torch_s_does(
    name: str, case: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    ours = three_steps(getattr(doptim, name), args, kwargs)
    theirs = three_steps(getattr(torch.optim, name), args, kwargs)
    torch.testing.assert_close(
        ours, theirs, **CLOSE, msg=lambda m: f"{name}(params, *{args}, **{kwargs}): {m}"
    )


# --- layers: one forward pass (and its running statistics) -------------------------------

LAYERS: list[tuple[str, tuple[Any, ...], dict[str, Any], bool]] = [
    # (layer, args, kwargs, train mode)
    ("Dropout", (0.0,), {}, True),
    ("Dropout", (), {"p": 1.0}, True),
    ("Dropout", (0.7,), {}, False),
    ("LeakyReLU", (0.0,), {}, True),
    ("LeakyReLU", (), {"negative_slope": 1.0}, True),
    ("LeakyReLU", (0.2,), {}, True),
    ("PReLU", (), {"num_parameters": 3}, True),
    ("PReLU", (), {"init": 0.1}, True),
    ("PReLU", (3, 0.0), {}, True),
    ("BatchNorm1d", (4,), {"eps": 0.5}, True),
    ("BatchNorm1d", (4, 0.5, 0.3), {}, True),
    ("BatchNorm1d", (4,), {"momentum": 1.0}, True),
    ("BatchNorm1d", (4,), {"affine": False}, True),
    ("BatchNorm1d", (4,), {"track_running_stats": False}, False),
    ("BatchNorm1d", (4,), {"momentum": 0.3}, False),
    ("LayerNorm", (4,), {"eps": 0.5}, True),
    ("LayerNorm", ((4,),), {}, True),
    ("LayerNorm", ([3, 4],), {}, True),
    ("LayerNorm", (4,), {"elementwise_affine": False}, True),
    ("LayerNorm", (4, 0.5, False), {}, True),
]


def forward(make: Callable[..., torch.nn.Module], args: Any, kwargs: Any, train: bool) -> Any:
    parameters = make.__name__ not in ("Dropout", "LeakyReLU")  # those take no dtype
    layer = make(*args, **kwargs, dtype=F64) if parameters else make(*args, **kwargs)
    batch = inputs(5, 3, 4)
    if isinstance(layer, (torch.nn.BatchNorm1d, dnn.BatchNorm1d)):
        batch = inputs(6, 4)
        layer.train()
        layer(batch)  # one training step moves the running statistics by the momentum
    layer.train(train)
    out = layer(batch)
    state = {k: v.detach() for k, v in layer.state_dict().items() if "num_batches" not in k}
    return out.detach(), state


@pytest.mark.parametrize(
    "name, args, kwargs, train", LAYERS, ids=[f"{c[0]}-{c[1]}-{c[2]}-{c[3]}" for c in LAYERS]
)
def test_each_layer_argument_changes_the_output_and_the_state_as_torch_s_does(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any], train: bool
) -> None:
    ours, our_state = forward(getattr(dnn, name), args, kwargs, train)
    theirs, their_state = forward(getattr(torch.nn, name), args, kwargs, train)
    call = f"{name}(*{args}, **{kwargs}) in {'train' if train else 'eval'} mode"
    torch.testing.assert_close(ours, theirs, **CLOSE, msg=lambda m: f"{call}: {m}")
    assert sorted(our_state) == sorted(their_state), f"{call}: state {sorted(our_state)}"
    for key, value in their_state.items():
        where = f"{call} {key}"
        torch.testing.assert_close(
            our_state[key], value, **CLOSE, msg=lambda m, where=where: f"{where}: {m}"
        )


def test_sgd_refuses_a_third_positional_argument_which_torch_reads_as_dampening() -> None:
    weight = torch.nn.Parameter(torch.zeros(2, dtype=F64))
    with pytest.raises(TypeError):
        doptim.SGD([weight], 0.1, 0.9, 0.5)


def test_linear_without_bias_computes_x_w_transposed_and_has_no_bias() -> None:
    for bias in (False,):
        layer = dnn.Linear(3, 2, bias, dtype=F64)
        assert layer.bias is None and [n for n, _ in layer.named_parameters()] == ["weight"]
        x = inputs(4, 3)
        torch.testing.assert_close(layer(x), x @ layer.weight.T, **CLOSE)


# --- initialisers: the bound of a uniform fill, from torch's own gain and fans --------------

INITIALISERS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("xavier_uniform_", (), {}),
    ("xavier_uniform_", (2.0,), {}),
    ("xavier_uniform_", (), {"gain": 0.5}),
    ("kaiming_uniform_", (), {}),
    ("kaiming_uniform_", (1.0,), {}),
    ("kaiming_uniform_", (), {"a": 1.0}),
    ("kaiming_uniform_", (0, "fan_out"), {}),
    ("kaiming_uniform_", (), {"mode": "fan_out"}),
    ("kaiming_uniform_", (), {"nonlinearity": "relu"}),
    ("kaiming_uniform_", (), {"nonlinearity": "tanh"}),
    ("kaiming_uniform_", (), {"nonlinearity": "linear"}),
    ("kaiming_uniform_", (), {"nonlinearity": "sigmoid"}),
    ("kaiming_uniform_", (0.5, "fan_out", "leaky_relu"), {}),
]


def largest(make: Callable[..., torch.Tensor], args: Any, kwargs: Any) -> float:
    weight = torch.empty(200, 100, dtype=F64)
    make(weight, *args, **kwargs, generator=torch.Generator().manual_seed(5))
    return float(weight.abs().max())


@pytest.mark.parametrize("name, args, kwargs", INITIALISERS)
def test_each_initialiser_argument_sets_the_bound_torch_s_sets(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    ours, theirs = (
        largest(getattr(dinit, name), args, kwargs),
        largest(getattr(torch.nn.init, name), args, kwargs),
    )
    # 20000 uniform draws on [-b, b]: each maximum lies in (0.999 b, b] but with probability
    # 0.999^20000 = 2e-9, so the two agree to 0.1% unless the bounds differ
    assert abs(ours / theirs - 1) < 1e-3, (
        f"{name}(w, *{args}, **{kwargs}): max |w| {ours} vs torch {theirs}"
    )


@pytest.mark.parametrize(
    "nonlinearity, param",
    [("linear", None), ("sigmoid", None), ("tanh", None), ("relu", None), ("selu", None),
     ("leaky_relu", None), ("leaky_relu", 0), ("leaky_relu", 0.2), ("leaky_relu", 1),
     ("conv2d", None)],
)  # fmt: skip
def test_calculate_gain_agrees_with_torch_for_each_nonlinearity_and_slope(
    nonlinearity: str, param: float | None
) -> None:
    ours = dinit.calculate_gain(nonlinearity, param)
    theirs = torch.nn.init.calculate_gain(nonlinearity, param)
    assert math.isclose(ours, theirs, rel_tol=1e-15), (nonlinearity, param, ours, theirs)
